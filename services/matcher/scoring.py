"""The matching model: score every career in the catalog snapshot against one profile.

Pure functions over numpy arrays, no I/O. ``catalog_arrays`` turns the columnar snapshot
(``shared.contract``) into arrays once; ``score_careers`` scores all careers in one pass of
array operations and ranks them; ``suggested_technologies`` and ``beyond_limits`` pick
technologies and left-out careers by index. Arrays in, arrays (and indexes) out: the
result document is written by ``services.matcher.result`` and its sentences by
``services.matcher.explain``.

Each part gives a component in [0, 1], or null when it cannot be computed for a career:

- **interests**: ``(r + 1) / 2`` with ``r`` the Pearson correlation of the person's six area
  scores with the career's six O*NET interest levels (OI). Correlation compares the *shape*
  of the two profiles, not their level, which is what O*NET's Interest Profiler does (see
  ``../shared/data/onet-ip-cases``). Null for every career when the profile is flat.
- **values**: one minus the importance-weighted mean squared difference between the
  importance the person gives each work value (0-1) and the extent to which the career
  offers it (EX 1-7 mapped to 0-1); weights ``0.5 + importance``, so a value the person
  cares about counts up to three times as much as one they do not, and none is ignored.
  Squared differences are what a rating's noise looks like (the log-likelihood of a
  Gaussian error), so many small differences cost less than one large one. A shape part
  (correlation of the two six-value profiles) was tried and dropped: with six ratings,
  most people rating several values equally, it is unstable and cut the evaluation's
  top-10 recall at one step of answer noise from 0.82 to 0.70 (``scripts/evaluate.py``).
  Null for careers without EX data.
- **skills**: the person's self-rated levels (LV 0-7) against the career's required levels
  on the skills the quiz asked about: one minus the importance-weighted (``IM / 5``) mean of
  the squared cost over the 7-point range, where the cost is the shortfall plus half of
  any excess. Matching levels on every skill is a similar skill profile and scores 1;
  lacking a skill a job needs is the bigger problem, but being far above a job's level
  also makes it a poorer fit, at half the cost. Shortfalls, largest importance-weighted
  first, are the skill gaps. Null for careers without skill data, or for everyone when no
  skill was rated.

The score is the weighted mean of the components under the quiz's weights; a part the
quiz asked about but O*NET does not rate for a career counts as the poorest fit any rated
career has on it for this person (``fill_unrated``), so not knowing never helps; shown
0-100. A part nobody could be scored on (a flat profile, skills not asked) is left out and
the weights renormalized over the rest. A career with no component at all (a flat profile
on an interests-only quiz) scores 0 and is ranked by the tie-breaks. The order is
``ranking_order``: the ranking rule, written once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from services.matcher.profile import Profile
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES
from shared.contract.request import MAX_JOB_ZONE, MIN_ANNUAL_WAGE, WEIGHT_PARTS
from shared.contract.result import LocalPay

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

COMPONENTS = WEIGHT_PARTS
#: O*NET's Interest Profiler fit cut-offs on the correlation (observed, see the IP cases).
BEST_R = 0.73
GREAT_R = 0.61
#: Per job zone, "Good" careers are added until Best + Great + Good reach this many.
FIT_PER_ZONE = 10
FIT_LABELS = (None, "Good", "Great", "Best")
#: BLS top-codes annual wages at this figure ("#" in OEWS): the median is at least this.
TOP_CODED_WAGE = 239200.0
#: Over-qualification costs this fraction of what an equal shortfall costs.
EXCESS_COST = 0.5
#: Every work value counts at least this much, plus the importance the person gives it.
VALUE_WEIGHT_FLOOR = 0.5
SKILL_LEVEL_MAX = 7.0
RANK_DECIMALS = 12
#: Suggested skills compare the person's top this-many careers (within their limits) with
#: every career in the catalog.
SUGGESTED_FROM_TOP = 10
SUGGESTED_SHOWN = 10
#: A technology is suggested only when at least this many of the top careers use it ...
SUGGESTED_MIN_SUPPORT = 3
#: ... and it is at least this many times as common among them as among all careers
#: (a technology 70% of all careers list can then never be suggested: it is not specific).
SUGGESTED_MIN_LIFT = 1.5
#: Fewer technologies than this pass (they do not set the top careers apart): the O*NET
#: skills that do are suggested too (``separating_skills``), at most this many of them ...
SUGGESTED_MIN_SHOWN = 3
SEPARATING_SKILLS_SHOWN = 5
#: ... those the top careers lean on (level minus the career's mean level, LV 0-7) at least
#: this much more than other careers do: a quarter of the step between two level anchors.
SEPARATING_MIN_LEAN = 0.5
#: How many careers outside the person's limits are named as what the limits cost.
BEYOND_LIMITS_SHOWN = 3
#: ... out of those that would rank within the top this-many without the limits.
BEYOND_LIMITS_FROM_TOP = 10
LIMIT_JOB_ZONE = MAX_JOB_ZONE
LIMIT_WAGE = MIN_ANNUAL_WAGE
#: The parts O*NET rates for some careers only (interest levels it gives for every career).
RATED_PARTS = ("values", "skills")
#: Limit tiers, the first key of the ranking: careers checked and within every limit the
#: person set, then careers a limit could not be checked on (no figure; none broken), then
#: careers that break a limit.
TIER_WITHIN, TIER_UNCHECKED, TIER_BROKEN = 0, 1, 2


@dataclass(frozen=True, eq=False)
class CatalogArrays:
    """The snapshot's careers as arrays; row ``i`` of every array is the same career.

    Unknown numbers are NaN (a whole row for a career without values or skills).
    ``values`` columns follow ``shared.contract.WORK_VALUES``; ``skill_*`` columns follow
    ``skill_ids``. ``code_rank`` is each career's position in code order, the last
    tie-break. ``tech_careers`` is, per technology, how many careers list it.
    ``wage_soc``/``wage_title``/``wage_scope`` say whose wage ``median_wage`` is (see
    ``shared.contract.PAY_SCOPES``; empty strings when the snapshot does not say).
    """

    version: str
    codes: tuple[str, ...]
    titles: tuple[str, ...]
    job_zone: FloatArray
    median_wage: FloatArray
    wage_top_coded: BoolArray
    interests: FloatArray
    high_point: tuple[str, ...]
    values: FloatArray
    skill_ids: tuple[str, ...]
    skill_names: tuple[str, ...]
    skill_level: FloatArray
    skill_importance: FloatArray
    tech_names: tuple[str, ...]
    tech_hot: BoolArray
    career_techs: tuple[tuple[tuple[int, bool], ...], ...]
    tech_careers: FloatArray
    code_rank: IntArray
    wage_soc: tuple[str, ...] = ()
    wage_title: tuple[str, ...] = ()
    wage_scope: tuple[str, ...] = ()
    skill_columns: Mapping[str, int] = field(default_factory=dict)
    career_tech_sets: tuple[frozenset[int], ...] = ()
    #: Per region code (``US-CA``, ``CA`` for Canada-wide, ``CA-ON``): each career's median
    #: in that place's currency and unit (annual USD, hourly CAD); NaN where none.
    regional_median: Mapping[str, FloatArray] = field(default_factory=dict)
    regional_version: str = ""
    #: ``career_techs`` as arrays: per career row, its technologies and in-demand flags.
    career_tech_ids: tuple[IntArray, ...] = ()
    career_tech_demand: tuple[BoolArray, ...] = ()
    #: What scoring needs of the catalog alone: the interest rows centred on their means
    #: and their sums of squares (``row_correlation``); each career's job zone group, 0 for
    #: the lowest zone up, the unknown zone being one group before them (``fit_labels``).
    interests_centered: FloatArray = field(default_factory=lambda: np.zeros((0, 6)))
    interests_squares: FloatArray = field(default_factory=lambda: np.zeros(0))
    zone_group: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    #: ``values`` (EX 1-7) mapped onto 0-1, as ``values_component`` compares them.
    values_offered: FloatArray = field(default_factory=lambda: np.zeros((0, 6)))

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, eq=False)
class PayLimit:
    """A pay minimum checked against other figures than the national median (local pay).

    ``wage`` is per career the figure to check, in the minimum's currency and unit (NaN
    when none); ``top_coded`` marks figures only known to be at least the top code.
    ``sentence(i)`` is career ``i``'s pay where the person lives, ``details(i)`` its
    ``local_pay`` and ``check(i)`` what became of the minimum (None without one).
    """

    wage: FloatArray
    top_coded: BoolArray
    minimum: float | None
    sentence: Callable[[int], str]
    details: Callable[[int], LocalPay]
    check: Callable[[int], str | None]


def _matrix(rows: Sequence[Sequence[float] | None], width: int) -> FloatArray:
    out = np.full((len(rows), width), np.nan, dtype=np.float64)
    for i, row in enumerate(rows):
        if row is not None:
            out[i] = [np.nan if x is None else float(x) for x in row]
    return out


def _vector(items: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if x is None else float(x) for x in items], dtype=np.float64)


def _median_wages(careers: Mapping[str, Any], n: int) -> tuple[FloatArray, BoolArray]:
    """Each career's median wage (NaN when unknown) and whether it is top-coded."""
    median_wage = _vector(careers["median_wage"])
    top_coded = np.array([bool(x) for x in careers.get("wage_top_coded", [False] * n)], dtype=bool)
    # A top-coded median is at least the cap: count it at the cap wherever a figure is needed.
    median_wage = np.where(top_coded & np.isnan(median_wage), TOP_CODED_WAGE, median_wage)
    return median_wage, top_coded


def _career_technologies(
    careers: Mapping[str, Any], tech_count: int, n: int
) -> tuple[tuple[tuple[tuple[int, bool], ...], ...], FloatArray]:
    """Each career's (technology, in demand) pairs, and per technology how many list it."""
    career_techs = tuple(
        tuple((int(t), bool(d)) for t, d in row) for row in careers.get("technologies", [[]] * n)
    )
    tech_careers = np.zeros(tech_count, dtype=np.float64)
    for row in career_techs:
        for t, _ in row:
            tech_careers[t] += 1
    return career_techs, tech_careers


def catalog_arrays(snapshot: Mapping[str, Any]) -> CatalogArrays:
    """Load a catalog snapshot document into arrays (NaN for nulls); build once, score often."""
    careers = snapshot["careers"]
    codes = tuple(str(c) for c in careers["code"])
    n = len(codes)
    areas = list(snapshot.get("interest_areas", INTEREST_AREAS))
    interests = _matrix(careers["interests"], len(areas))[
        :, [areas.index(a) for a in INTEREST_AREAS]
    ]
    value_names = [str(v["name"]) for v in snapshot["work_values"]]
    values = _matrix(careers["values"], len(value_names))[
        :, [value_names.index(name) for name in WORK_VALUES]
    ]
    skill_ids = tuple(str(s["id"]) for s in snapshot["skills"])
    median_wage, top_coded = _median_wages(careers, n)
    techs = snapshot.get("technologies", [])
    career_techs, tech_careers = _career_technologies(careers, len(techs), n)
    centered = interests - interests.mean(axis=1, keepdims=True)
    job_zone = _vector(careers["job_zone"])
    zone = np.where(np.isnan(job_zone), -1.0, job_zone)
    code_rank = np.empty(n, dtype=np.intp)
    code_rank[np.argsort(np.array(codes, dtype=str), kind="stable")] = np.arange(n)
    return CatalogArrays(
        version=str(snapshot["version"]),
        codes=codes,
        titles=tuple(str(t) for t in careers["title"]),
        job_zone=job_zone,
        median_wage=median_wage,
        wage_top_coded=top_coded,
        interests=interests,
        high_point=tuple(str(h or "") for h in careers.get("high_point", [""] * n)),
        values=values,
        skill_ids=skill_ids,
        skill_names=tuple(str(s["name"]) for s in snapshot["skills"]),
        skill_level=_matrix(careers["skill_level"], len(skill_ids)),
        skill_importance=_matrix(careers["skill_importance"], len(skill_ids)),
        tech_names=tuple(str(t["name"]) for t in techs),
        tech_hot=np.array([bool(t.get("hot", False)) for t in techs], dtype=bool),
        career_techs=career_techs,
        tech_careers=tech_careers,
        code_rank=code_rank,
        wage_soc=tuple(str(x or "") for x in careers.get("wage_soc", [""] * n)),
        wage_title=tuple(str(x or "") for x in careers.get("wage_title", [""] * n)),
        wage_scope=tuple(str(x or "") for x in careers.get("wage_scope", [""] * n)),
        skill_columns={skill: i for i, skill in enumerate(skill_ids)},
        career_tech_sets=tuple(frozenset(t for t, _ in row) for row in career_techs),
        regional_median={
            str(region): _vector(column)
            for region, column in snapshot.get("regional", {}).get("median", {}).items()
        },
        regional_version=str(snapshot.get("regional", {}).get("version", "")),
        values_offered=(values - 1.0) / 6.0,
        interests_centered=centered,
        interests_squares=(centered * centered).sum(axis=1),
        zone_group=np.unique(zone, return_inverse=True)[1].astype(np.intp),
        career_tech_ids=tuple(np.array([t for t, _ in row], dtype=np.intp) for row in career_techs),
        career_tech_demand=tuple(np.array([d for _, d in row], dtype=bool) for row in career_techs),
    )


def row_correlation(
    person: FloatArray,
    rows: FloatArray,
    centered: FloatArray | None = None,
    squares: FloatArray | None = None,
) -> FloatArray:
    """Pearson r of ``person`` (k,) with each row of ``rows`` (n, k); NaN where undefined.

    Undefined means either side has no spread (or the row holds NaN). Computed row by row
    with element-wise operations, so a career's r does not depend on its row's position.
    ``centered`` and ``squares``: the rows minus their means and those rows' sums of
    squares, when computed before (``CatalogArrays.interests_centered``, ``_squares``).
    """
    pc = person - person.mean()
    rc = rows - rows.mean(axis=1, keepdims=True) if centered is None else centered
    num = (rc * pc).sum(axis=1)
    row_squares = (rc * rc).sum(axis=1) if squares is None else squares
    den = np.sqrt(row_squares * float((pc * pc).sum()))
    # divided only where defined (no warnings to silence), clipped in place; NaN stays NaN
    r: FloatArray = np.divide(num, den, out=np.full(num.shape, np.nan), where=den > 1e-12)
    np.maximum(r, -1.0, out=r)
    np.minimum(r, 1.0, out=r)
    return r


def interest_component(profile: Profile, catalog: CatalogArrays) -> tuple[FloatArray, FloatArray]:
    """``(r, component)``: the interest correlation per career and ``(r + 1) / 2``."""
    if profile.flat:
        nan = np.full(len(catalog), np.nan)
        return nan, nan.copy()
    r = row_correlation(
        profile.interests.astype(np.float64),
        catalog.interests,
        catalog.interests_centered,
        catalog.interests_squares,
    )
    return r, (r + 1.0) / 2.0


def values_component(profile: Profile, catalog: CatalogArrays) -> FloatArray:
    """Work-value fit per career in [0, 1]; NaN for careers without EX data or no ratings."""
    n = len(catalog)
    if profile.values is None:
        return np.full(n, np.nan)
    rated = ~np.isnan(profile.values)
    if not rated.any():
        return np.full(n, np.nan)
    want = profile.values[rated]
    offer = catalog.values_offered if rated.all() else catalog.values_offered[:, rated]
    weight = VALUE_WEIGHT_FLOOR + want
    miss: FloatArray = (weight * (offer - want) ** 2).sum(axis=1) / float(weight.sum())
    return 1.0 - miss


def rated_skills(profile: Profile, catalog: CatalogArrays) -> tuple[IntArray, FloatArray]:
    """Catalog columns of the skills the person rated, and their self-rated levels."""
    index = catalog.skill_columns
    rated = [s for s in profile.skills if s in index]
    columns = np.array([index[s] for s in rated], dtype=np.intp)
    return columns, np.array([profile.skills[s] for s in rated], dtype=np.float64)


def skills_component(profile: Profile, catalog: CatalogArrays) -> FloatArray:
    """Skill fit per career in [0, 1]; NaN for careers without skill data or no ratings."""
    n = len(catalog)
    columns, mine = rated_skills(profile, catalog)
    if columns.size == 0:
        return np.full(n, np.nan)
    rated = _rated_columns(catalog, columns)
    # the cost, in place: the shortfall where the career needs more, else EXCESS_COST of
    # the excess (the shortfall is positive exactly when the scaled excess is negative)
    cost = rated.level - mine
    np.maximum(cost, -EXCESS_COST * cost, out=cost)
    cost /= SKILL_LEVEL_MAX
    np.square(cost, out=cost)
    cost *= rated.weight
    miss: FloatArray = cost.sum(axis=1) / rated.weight_sum
    return 1.0 - miss


@dataclass(frozen=True, eq=False)
class RatedColumns:
    """The catalog's skill columns a quiz asks about: levels, weights (importance / 5) and
    each career's sum of those weights."""

    level: FloatArray
    weight: FloatArray
    weight_sum: FloatArray


#: Per catalog, the rated columns' arrays by column set: a quiz asks about the same skills
#: each time, so they are sliced once per snapshot (a few sets at most are kept).
_RATED_COLUMNS: WeakKeyDictionary[CatalogArrays, dict[tuple[int, ...], RatedColumns]] = (
    WeakKeyDictionary()
)
_RATED_COLUMN_SETS_KEPT = 16


def _rated_columns(catalog: CatalogArrays, columns: IntArray) -> RatedColumns:
    kept = _RATED_COLUMNS.setdefault(catalog, {})
    key = tuple(columns.tolist())
    found = kept.get(key)
    if found is None:
        weight = catalog.skill_importance[:, columns] / 5.0
        found = RatedColumns(catalog.skill_level[:, columns], weight, weight.sum(axis=1))
        if len(kept) < _RATED_COLUMN_SETS_KEPT:
            kept[key] = found
    return found


def fit_labels(r: FloatArray, zone_group: IntArray, code_rank: IntArray) -> IntArray:
    """O*NET's Interest Profiler labels as indexes into ``FIT_LABELS`` (0 = none).

    Best: r >= 0.73; Great: 0.61 <= r < 0.73; then in each job zone (``zone_group``: each
    career's zone as a group number, unknown zones forming one group) holding fewer than
    10 Best + Great, the next highest-r careers with r > 0 are Good until the zone has 10
    (ties in r go to the lower code).
    """
    labels = np.zeros(r.shape[0], dtype=np.intp)
    # comparisons with NaN (r undefined) are False: such a career gets no label
    labels[r >= GREAT_R] = 2
    labels[r >= BEST_R] = 3
    room = FIT_PER_ZONE - np.bincount(
        zone_group[labels > 0], minlength=int(zone_group.max(initial=0)) + 1
    )
    # the candidates grouped by zone, best first within each zone, ties to the lower code
    candidates = np.flatnonzero((labels == 0) & (r > 0))
    by_zone = candidates[
        np.lexsort((code_rank[candidates], -r[candidates], zone_group[candidates]))
    ]
    zones = zone_group[by_zone]
    place = np.arange(zones.size) - np.searchsorted(zones, zones, side="left")
    labels[by_zone[place < room[zones]]] = 1
    return labels


@dataclass(frozen=True, eq=False)
class Scores:
    """Every career's scores for one profile; ``order`` lists career rows best first.

    ``*_broken``: the career's figure breaks the limit; ``*_unchecked``: the person set the
    limit but the career has no figure to check it against. ``within_limits``: checked and
    within every limit set; ``tier``: ``TIER_WITHIN``, ``TIER_UNCHECKED`` or ``TIER_BROKEN``.
    """

    components: Mapping[str, FloatArray]
    weights: Mapping[str, float]
    score: FloatArray
    correlation: FloatArray
    fit: IntArray
    job_zone_broken: BoolArray
    wage_broken: BoolArray
    within_limits: BoolArray
    order: IntArray
    job_zone_unchecked: BoolArray
    wage_unchecked: BoolArray
    tier: IntArray
    #: Per weighed part, the careers O*NET does not rate on it (``unrated_parts``).
    unrated: Mapping[str, BoolArray] = field(default_factory=dict)


def limit_tiers(broken: BoolArray, unchecked: BoolArray) -> IntArray:
    """Each career's limit tier: broken beats unchecked (a broken limit is known)."""
    return np.where(broken, TIER_BROKEN, np.where(unchecked, TIER_UNCHECKED, TIER_WITHIN)).astype(
        np.intp
    )


def ranking_order(
    tier: IntArray, score: FloatArray, unrated: IntArray, r: FloatArray, code_rank: IntArray
) -> IntArray:
    """The ranking rule, the only place it is written: career rows best first.

    1. Limit tier: careers checked and within the person's limits, then careers a limit
       could not be checked on, then careers breaking a limit (``limit_tiers``).
    2. Score, higher first; a career with no score follows every scored one. Unrated parts
       are already counted as the poorest fit (``fill_unrated``), so not knowing never
       gains a place; 3. on an equal score, fewer unrated parts first.
    4. Interest correlation, higher first (undefined last); 5. O*NET-SOC code.

    Keys are rounded to 12 decimals so that float noise never decides between careers
    whose scores are equal in exact arithmetic: the tie-breaks do.
    """
    order = np.lexsort(
        (
            code_rank,
            -np.round(np.where(np.isnan(r), -np.inf, r), RANK_DECIMALS),
            unrated,
            -np.round(np.where(np.isnan(score), -1.0, score), RANK_DECIMALS),
            tier,
        )
    )
    return order.astype(np.intp)


def fill_unrated(values: FloatArray) -> FloatArray:
    """A component with the careers O*NET does not rate set to the poorest known value.

    Not knowing must never help: a career lacking, say, skill ratings scores on that part
    as the worst-fitting rated career does for this person, so on equal interests (and
    equal other parts) it follows every rated career. A part no career can score stays
    unknown (and is left out of every score alike).
    """
    known = ~np.isnan(values)
    if known.all() or not known.any():
        return values
    return np.where(known, values, float(values[known].min()))


def combine(components: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """Weighted mean of the non-null components per career (NaN where all are null)."""
    n = len(next(iter(components.values())))
    total = np.zeros(n)
    weight_sum = np.zeros(n)
    for name, values in components.items():
        w = float(weights.get(name, 0.0))
        if w <= 0:
            continue
        present = ~np.isnan(values)
        if present.all():  # the usual case once ``fill_unrated`` has run
            total += w * values
            weight_sum += w
        elif present.any():
            total += np.where(present, w * np.where(present, values, 0.0), 0.0)
            weight_sum += np.where(present, w, 0.0)
    mean: FloatArray = np.divide(total, weight_sum, out=np.full(n, np.nan), where=weight_sum > 0)
    return mean


def score_careers(
    profile: Profile,
    catalog: CatalogArrays,
    weights: Mapping[str, float],
    pay: PayLimit | None = None,
) -> Scores:
    """Score and rank every career at once (order: ``ranking_order``)."""
    r, interests = interest_component(profile, catalog)
    components = {
        "interests": interests,
        "values": values_component(profile, catalog),
        "skills": skills_component(profile, catalog),
    }
    used = {name: float(weights.get(name, 0.0)) for name in COMPONENTS}
    score = combine({name: fill_unrated(values) for name, values in components.items()}, used)
    n = len(catalog)
    jz_broken = np.zeros(n, dtype=bool)
    jz_unchecked = np.zeros(n, dtype=bool)
    if profile.max_job_zone is not None:
        jz_broken = catalog.job_zone > profile.max_job_zone  # False where unknown (NaN)
        jz_unchecked = np.isnan(catalog.job_zone)
    wage_broken, wage_unchecked = _wage_check(profile, catalog, pay)
    tier = limit_tiers(jz_broken | wage_broken, jz_unchecked | wage_unchecked)
    unrated = unrated_parts(components, used)
    unrated_count = np.zeros(n, dtype=np.intp)
    for mask in unrated.values():
        unrated_count += mask
    return Scores(
        components=components,
        weights=used,
        score=score,
        correlation=r,
        fit=fit_labels(r, catalog.zone_group, catalog.code_rank),
        job_zone_broken=jz_broken,
        wage_broken=wage_broken,
        within_limits=tier == TIER_WITHIN,
        order=ranking_order(tier, score, unrated_count, r, catalog.code_rank),
        job_zone_unchecked=jz_unchecked,
        wage_unchecked=wage_unchecked,
        tier=tier,
        unrated=unrated,
    )


def unrated_parts(
    components: Mapping[str, FloatArray], weights: Mapping[str, float]
) -> dict[str, BoolArray]:
    """Per weighed part, the careers O*NET does not rate on it: null for them, known for
    some other career (a part null for everyone, not asked or a flat profile, is no gap in
    any career's data)."""
    out = {}
    for name in RATED_PARTS:
        unknown = np.isnan(components[name])
        if weights.get(name, 0.0) > 0 and not unknown.all():
            out[name] = unknown
    return out


def _wage_check(
    profile: Profile, catalog: CatalogArrays, pay: PayLimit | None
) -> tuple[BoolArray, BoolArray]:
    """Per career, whether its figure is below the pay minimum, and whether it has none.

    With ``pay`` (a place) the figures are the place's, in the minimum's own currency and
    unit; else the US national medians against ``min_annual_wage``. A top-coded figure
    meets any minimum.
    """
    n = len(catalog)
    if pay is not None:
        wage, top, minimum = pay.wage, pay.top_coded, pay.minimum
    else:
        wage, top, minimum = catalog.median_wage, catalog.wage_top_coded, profile.min_annual_wage
    if minimum is None:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    unknown = np.isnan(wage) & ~top
    return (wage < minimum) & ~top, unknown  # comparisons with NaN are False


def suggested_technologies(
    catalog: CatalogArrays, top: Sequence[int]
) -> list[tuple[int, int, float, bool]]:
    """Technologies specific to the careers ``top`` (rows): ``(tech, count, weight, in_demand)``.

    A technology listed by ``a`` of the ``k`` top careers and ``N`` of all ``n`` careers has
    the lift ``(a / k) / (N / n)``: how many times more common it is among the top careers.
    Kept only with ``a >= SUGGESTED_MIN_SUPPORT`` (support floor) and a lift of at least
    ``SUGGESTED_MIN_LIFT`` (so one that nearly every career lists shows only when it is
    distinctive: at 70% of all careers the lift can never reach 1.5). Ranked by the
    support-weighted log lift ``(a / k) * ln(lift)`` (this technology's term of the
    Kullback-Leibler divergence of the top careers' use from the catalog's), so a tool most
    of the top careers use ranks above a niche one two of them list; raw frequency alone
    never ranks. Ties (rounded to 6 decimals): in demand for a top career, hot, name.
    """
    k, n = len(top), len(catalog)
    if k == 0 or n == 0:
        return []
    listed = np.concatenate([catalog.career_tech_ids[i] for i in top])
    if listed.size == 0:
        return []
    width = len(catalog.tech_names)
    counts = np.bincount(listed, minlength=width)
    flagged = np.concatenate([catalog.career_tech_demand[i] for i in top])
    demand = np.bincount(listed, weights=flagged, minlength=width) > 0
    # the support floor and the lift in one pass over every technology (the lift is
    # recomputed below in Python floats, as it is defined, for the few that pass)
    total = catalog.tech_careers
    with np.errstate(invalid="ignore", divide="ignore"):
        lifts = (counts / k) / (total / n)
    passing = (
        (counts >= min(SUGGESTED_MIN_SUPPORT, k)) & (total > 0) & (lifts >= SUGGESTED_MIN_LIFT)
    )
    out = []
    for t in np.flatnonzero(passing).tolist():
        a = int(counts[t])
        lift = (a / k) / (float(total[t]) / n)
        out.append((t, a, (a / k) * math.log(lift), bool(demand[t])))
    out.sort(
        key=lambda x: (
            -round(x[2], 6),
            -int(x[3]),
            -int(catalog.tech_hot[x[0]]),
            catalog.tech_names[x[0]],
        )
    )
    return out[:SUGGESTED_SHOWN]


def separating_skills(
    catalog: CatalogArrays, top: Sequence[int], reached: Mapping[int, float] | None = None
) -> list[tuple[int, float, float, float]]:
    """O*NET skills that set the careers ``top`` (rows) apart from the rest of the catalog:
    ``(column, top mean level, rest mean level, lean)``, at most ``SEPARATING_SKILLS_SHOWN``.

    A career's *lean* on a skill is its required level (LV) minus its mean level over all
    skills, so careers that need little of everything still lean on something; a skill's
    lean for the person is the top careers' mean lean minus the other careers'. Skills
    leaning at least ``SEPARATING_MIN_LEAN`` are kept, most first; one the person rated at
    or above the top careers' mean level (``reached``: column -> their level) is not worth
    learning and is left out. Fewer than ``SUGGESTED_MIN_SHOWN`` are topped up with the
    next leaning skills, so a person with any top career always gets some. Ties: column.
    """
    n = len(catalog)
    if not top or n == 0 or catalog.skill_level.size == 0:
        return []
    in_top = np.zeros(n, dtype=bool)
    in_top[np.asarray(top, dtype=np.intp)] = True
    levels = catalog.skill_level
    lean = levels - _column_means(levels.T)[:, None]
    top_mean, top_lean = _column_means(levels[in_top]), _column_means(lean[in_top])
    rest_mean, rest_lean = _column_means(levels[~in_top]), _column_means(lean[~in_top])
    difference = top_lean - rest_lean
    known = ~np.isnan(difference)
    reached = reached or {}
    has = np.array([reached.get(c, -1.0) >= top_mean[c] for c in range(levels.shape[1])])
    order = np.lexsort(
        (
            np.arange(levels.shape[1]),
            -np.round(np.where(known, difference, -np.inf), 6),
            has,
            ~known,
        )
    )
    chosen = [c for c in order.tolist() if known[c]]
    leaning = [c for c in chosen if difference[c] >= SEPARATING_MIN_LEAN and not has[c]]
    count = max(SUGGESTED_MIN_SHOWN, min(SEPARATING_SKILLS_SHOWN, len(leaning)))
    return [
        (c, float(top_mean[c]), float(rest_mean[c]), float(difference[c])) for c in chosen[:count]
    ]


def _column_means(rows: FloatArray) -> FloatArray:
    """Each column's mean over the rows that have it (NaN where none does), rounded to
    ``RANK_DECIMALS`` so that the rows' order (the sum's) never changes what it compares."""
    known = ~np.isnan(rows)
    counts = known.sum(axis=0)
    sums = np.where(known, rows, 0.0).sum(axis=0)
    means: FloatArray = np.divide(sums, counts, out=np.full(sums.shape, np.nan), where=counts > 0)
    return np.round(means, RANK_DECIMALS - 3)


def beyond_limits(scores: Scores, top_n: int = BEYOND_LIMITS_FROM_TOP) -> IntArray:
    """Careers breaking a limit that would rank in the top ``top_n`` without the limits.

    Rows, best first, at most ``BEYOND_LIMITS_SHOWN``: what the person's limits cost them.
    """
    broken = scores.job_zone_broken | scores.wage_broken
    if not broken.any():
        return np.zeros(0, dtype=np.intp)
    order = scores.order
    rank_key = np.where(np.isnan(scores.score), -1.0, scores.score)
    unlimited = order[np.lexsort((np.arange(order.size), -np.round(rank_key[order], 12)))]
    outside = [int(i) for i in unlimited[:top_n] if broken[i] and not math.isnan(scores.score[i])]
    return np.array(outside[:BEYOND_LIMITS_SHOWN], dtype=np.intp)
