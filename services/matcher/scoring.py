"""The matching model: score every career in the catalog snapshot against one profile.

Pure functions over numpy arrays, no I/O. ``score_careers`` scores all careers of the
snapshot's arrays (``services.matcher.catalog_arrays``) in one pass of array operations and
ranks them: a batch of one of ``score_rows``, which scores many profiles at once (the
adaptive quiz's completions, whose best few ``ranking.ranked_top`` ranks).
``services.matcher.selection`` picks technologies, skills and left-out careers by index.
Arrays in, arrays (and indexes) out: the result document is written by
``services.matcher.result`` and its sentences by ``services.matcher.explain``.

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
``ranking.ranking_order``: the ranking rule, written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import numpy as np

from services.matcher.catalog_arrays import BoolArray, CatalogArrays, FloatArray, IntArray
from services.matcher.profile import Profile, Profiles, as_rows
from services.matcher.ranking import (
    TIER_WITHIN,
    fit_labels,
    limit_tiers,
    ranking_order,
)
from shared.contract.request import MAX_JOB_ZONE, MIN_ANNUAL_WAGE, WEIGHT_PARTS
from shared.contract.result import LocalPay

COMPONENTS = WEIGHT_PARTS
#: Over-qualification costs this fraction of what an equal shortfall costs.
EXCESS_COST = 0.5
#: Every work value counts at least this much, plus the importance the person gives it.
VALUE_WEIGHT_FLOOR = 0.5
SKILL_LEVEL_MAX = 7.0
LIMIT_JOB_ZONE = MAX_JOB_ZONE
LIMIT_WAGE = MIN_ANNUAL_WAGE
#: The parts O*NET rates for some careers only (interest levels it gives for every career).
RATED_PARTS = ("values", "skills")
#: Profiles x careers x columns worked on at once: a piece a core's cache holds.
_CHUNK_ELEMENTS = 1 << 16


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


def row_correlation(
    person: FloatArray,
    rows: FloatArray,
    centered: FloatArray | None = None,
    squares: FloatArray | None = None,
) -> FloatArray:
    """Pearson r of each ``person`` row (m, k) with each row of ``rows`` (n, k): (m, n),
    NaN where undefined.

    Undefined means either side has no spread (or the row holds NaN). Computed row by row
    with element-wise operations, so a career's r does not depend on its row's position
    (nor on the other persons'). ``centered`` and ``squares``: the rows minus their means
    and those rows' sums of squares, when computed before
    (``CatalogArrays.interests_centered``, ``_squares``).
    """
    pc = person - person.mean(axis=1, keepdims=True)
    rc = rows - rows.mean(axis=1, keepdims=True) if centered is None else centered
    row_squares = (rc * rc).sum(axis=1) if squares is None else squares
    r = np.empty((pc.shape[0], rc.shape[0]))
    for part in _chunks(r.shape, rc.shape[1]):
        num = (rc * pc[part, None, :]).sum(axis=2)
        den = np.sqrt(row_squares * (pc[part] * pc[part]).sum(axis=1, keepdims=True))
        # divided only where defined (no warnings to silence); NaN stays NaN
        r[part] = np.nan
        np.divide(num, den, out=r[part], where=den > 1e-12)
    np.maximum(r, -1.0, out=r)
    np.minimum(r, 1.0, out=r)
    return r


def _chunks(shape: tuple[int, ...], width: int) -> list[slice]:
    """Row slices of a (rows x careers) result worked out ``width`` columns at a time: the
    (rows x careers x width) temporaries kept in pieces a cache holds."""
    step = max(1, _CHUNK_ELEMENTS // max(1, shape[1] * width))
    return [slice(start, start + step) for start in range(0, shape[0], step)]


def interest_component(profile: Profile, catalog: CatalogArrays) -> tuple[FloatArray, FloatArray]:
    """``(r, component)`` of one profile (``interest_components``)."""
    r, component = interest_components(as_rows(profile), catalog)
    return r[0], component[0]


def interest_components(
    profiles: Profiles, catalog: CatalogArrays
) -> tuple[FloatArray, FloatArray]:
    """``(r, component)`` per profile and career: the interest correlation and
    ``(r + 1) / 2``, NaN for a flat profile."""
    if profiles.flat.all():
        nan = np.full((len(profiles), len(catalog)), np.nan)
        return nan, nan.copy()
    r = row_correlation(
        profiles.interests.astype(np.float64),
        catalog.interests,
        catalog.interests_centered,
        catalog.interests_squares,
    )
    if profiles.flat.any():
        r[profiles.flat] = np.nan
    return r, (r + 1.0) / 2.0


def values_components(profiles: Profiles, catalog: CatalogArrays) -> FloatArray:
    """Work-value fit per profile and career in [0, 1]; NaN for careers without EX data or
    no ratings."""
    shape = (len(profiles), len(catalog))
    if profiles.values is None:
        return np.full(shape, np.nan)
    rated = ~np.isnan(profiles.values).all(axis=0)  # the same values are asked in every row
    if not rated.any():
        return np.full(shape, np.nan)
    want = profiles.values[:, rated]
    offer = catalog.values_offered if rated.all() else catalog.values_offered[:, rated]
    weight = VALUE_WEIGHT_FLOOR + want
    weight_sum = weight.sum(axis=1, keepdims=True)
    miss = np.empty(shape)
    for part in _chunks(shape, want.shape[1]):
        diff = (offer - want[part, None, :]) ** 2
        diff *= weight[part, None, :]
        np.divide(diff.sum(axis=2), weight_sum[part], out=miss[part])
    return 1.0 - miss


def rated_skills(profile: Profile, catalog: CatalogArrays) -> tuple[IntArray, FloatArray]:
    """Catalog columns of the skills the person rated, and their self-rated levels."""
    index = catalog.skill_columns
    rated = [s for s in profile.skills if s in index]
    columns = np.array([index[s] for s in rated], dtype=np.intp)
    return columns, np.array([profile.skills[s] for s in rated], dtype=np.float64)


def skills_components(profiles: Profiles, catalog: CatalogArrays) -> FloatArray:
    """Skill fit per profile and career in [0, 1]; NaN for careers without skill data or
    no ratings."""
    shape = (len(profiles), len(catalog))
    index = catalog.skill_columns
    kept = [k for k, s in enumerate(profiles.skill_ids) if s in index]
    if not kept:
        return np.full(shape, np.nan)
    columns = np.array([index[profiles.skill_ids[k]] for k in kept], dtype=np.intp)
    mine = profiles.skills if len(kept) == len(profiles.skill_ids) else profiles.skills[:, kept]
    rated = _rated_columns(catalog, columns)
    miss = np.empty(shape)
    for part in _chunks(shape, columns.size):
        # the cost, in place: the shortfall where the career needs more, else EXCESS_COST
        # of the excess (the shortfall is positive exactly when the scaled excess is negative)
        cost = rated.level - mine[part, None, :]
        np.maximum(cost, -EXCESS_COST * cost, out=cost)
        cost /= SKILL_LEVEL_MAX
        np.square(cost, out=cost)
        cost *= rated.weight
        np.divide(cost.sum(axis=2), rated.weight_sum, out=miss[part])
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


def fill_unrated(values: FloatArray) -> FloatArray:
    """A component (per career, the last axis) with the careers O*NET does not rate set to
    the poorest known value.

    Not knowing must never help: a career lacking, say, skill ratings scores on that part
    as the worst-fitting rated career does for this person, so on equal interests (and
    equal other parts) it follows every rated career. A part no career can score stays
    unknown (and is left out of every score alike).
    """
    known = ~np.isnan(values)
    if known.all():
        return values
    # fmin passes over NaN: the poorest known value, NaN (so none set) where none is known
    poorest = np.fmin.reduce(values, axis=-1, keepdims=True)
    return np.where(known, values, poorest)


def combine(components: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """Weighted mean of the non-null components per career (NaN where all are null)."""
    shape = next(iter(components.values())).shape
    total = np.zeros(shape)
    weight_sum = np.zeros(shape)
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
    mean: FloatArray = np.divide(
        total, weight_sum, out=np.full(shape, np.nan), where=weight_sum > 0
    )
    return mean


@dataclass(frozen=True, eq=False)
class RowScores:
    """Every career's scores for each of several profiles (``Profiles``): ``components``,
    ``score``, ``correlation`` and ``unrated`` (per weighed part) are rows x careers,
    ``unrated_count`` their count; the limits, the same for every row, are per career as
    in ``Scores``."""

    components: Mapping[str, FloatArray]
    weights: Mapping[str, float]
    score: FloatArray
    correlation: FloatArray
    unrated: Mapping[str, BoolArray]
    unrated_count: IntArray
    job_zone_broken: BoolArray
    job_zone_unchecked: BoolArray
    wage_broken: BoolArray
    wage_unchecked: BoolArray
    tier: IntArray


def score_rows(
    profiles: Profiles,
    catalog: CatalogArrays,
    weights: Mapping[str, float],
    pay: PayLimit | None = None,
) -> RowScores:
    """Score every career for each profile at once (``ranked_top`` ranks them)."""
    r, interests = interest_components(profiles, catalog)
    components = {
        "interests": interests,
        "values": values_components(profiles, catalog),
        "skills": skills_components(profiles, catalog),
    }
    used = {name: float(weights.get(name, 0.0)) for name in COMPONENTS}
    score = combine({name: fill_unrated(values) for name, values in components.items()}, used)
    n = len(catalog)
    jz_broken = np.zeros(n, dtype=bool)
    jz_unchecked = np.zeros(n, dtype=bool)
    if profiles.max_job_zone is not None:
        jz_broken = catalog.job_zone > profiles.max_job_zone  # False where unknown (NaN)
        jz_unchecked = np.isnan(catalog.job_zone)
    wage_broken, wage_unchecked = _wage_check(profiles, catalog, pay)
    unrated = unrated_parts(components, used)
    unrated_count = np.zeros(score.shape, dtype=np.intp)
    for mask in unrated.values():
        unrated_count += mask
    return RowScores(
        components=components,
        weights=used,
        score=score,
        correlation=r,
        unrated=unrated,
        unrated_count=unrated_count,
        job_zone_broken=jz_broken,
        job_zone_unchecked=jz_unchecked,
        wage_broken=wage_broken,
        wage_unchecked=wage_unchecked,
        tier=limit_tiers(jz_broken | wage_broken, jz_unchecked | wage_unchecked),
    )


def score_careers(
    profile: Profile,
    catalog: CatalogArrays,
    weights: Mapping[str, float],
    pay: PayLimit | None = None,
) -> Scores:
    """Score and rank every career at once (order: ``ranking_order``)."""
    rows = score_rows(as_rows(profile), catalog, weights, pay)
    r, score, unrated_count = rows.correlation[0], rows.score[0], rows.unrated_count[0]
    return Scores(
        components={name: values[0] for name, values in rows.components.items()},
        weights=rows.weights,
        score=score,
        correlation=r,
        fit=fit_labels(r, catalog.zone_group, catalog.code_rank),
        job_zone_broken=rows.job_zone_broken,
        wage_broken=rows.wage_broken,
        within_limits=rows.tier == TIER_WITHIN,
        order=ranking_order(rows.tier, score, unrated_count, r, catalog.code_rank),
        job_zone_unchecked=rows.job_zone_unchecked,
        wage_unchecked=rows.wage_unchecked,
        tier=rows.tier,
        unrated={name: mask[0] for name, mask in rows.unrated.items()},
    )


def unrated_parts(
    components: Mapping[str, FloatArray], weights: Mapping[str, float]
) -> dict[str, BoolArray]:
    """Per weighed part, the careers O*NET does not rate on it (per row of careers, the
    last axis): null for them, known for some other career (a part null for everyone, not
    asked or a flat profile, is no gap in any career's data)."""
    out = {}
    for name in RATED_PARTS:
        unknown = np.isnan(components[name])
        scored = ~unknown.all(axis=-1, keepdims=True)
        if weights.get(name, 0.0) > 0 and scored.any():
            out[name] = unknown if scored.all() else unknown & scored
    return out


def _wage_check(
    profile: Profiles, catalog: CatalogArrays, pay: PayLimit | None
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
        # an hourly-only median is checked by its annual equivalent (``wage_check``)
        wage, top, minimum = catalog.wage_check, catalog.wage_top_coded, profile.min_annual_wage
    if minimum is None:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    unknown = np.isnan(wage) & ~top
    return (wage < minimum) & ~top, unknown  # comparisons with NaN are False
