"""The result document (``shared.contract.ResultBody``) for one profile.

``scoring`` scores and ranks every career with arrays; this module turns the few careers
shown into the document a person and a client read: numbers rounded for JSON, and the
sentences from ``explain``.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from services.matcher import certainty, explain, suggestions
from services.matcher.profile import Profile, label_index
from services.matcher.scoring import (
    FIT_LABELS,
    LIMIT_JOB_ZONE,
    LIMIT_WAGE,
    SUGGESTED_FROM_TOP,
    CatalogArrays,
    PayLimit,
    Scores,
    beyond_limits,
    rated_skills,
    score_careers,
)
from shared.contract import result as contract
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES, Area
from shared.contract.result import ResultBody

SKILL_GAPS_SHOWN = 5
#: ``scoring.FIT_LABELS`` as the contract's type (a cast made once, not per match).
_FITS = cast(tuple[contract.Fit | None, ...], FIT_LABELS)


def _round(x: float, digits: int) -> float | None:
    return None if math.isnan(x) else round(x, digits)


def _wage(x: float) -> int | None:
    return None if math.isnan(x) else round(float(x))


def profile_document(
    profile: Profile, weights: Mapping[str, float] | None = None
) -> contract.Profile:
    """The profile as the result document shows it (``shared.contract.Profile``); with the
    quiz's ``weights``, also which asked parts are flat and, when the answers separate no
    careers, the next step to offer (``services.matcher.certainty``)."""
    values: dict[str, float] | None = None
    if profile.values is not None:
        values = {
            name: round(float(v), 3)
            for name, v in zip(WORK_VALUES, profile.values, strict=True)
            if not math.isnan(v)
        }
    notes = explain.profile_notes(profile)
    certain: dict[str, object] = {}
    if weights is not None:
        asked = explain.asked_parts(profile, weights)
        separated = certainty.separates(profile, asked)
        step = None if separated else certainty.next_step(asked)
        if step is not None:
            notes.append(certainty.advice(step))
        certain = {
            "flat_parts": certainty.flat_parts(profile, asked),
            "separates_careers": separated,
            "next_step": step,
        }
    document: contract.Profile = {
        "interests": {
            area: round(float(score), 1)
            for area, score in zip(INTEREST_AREAS, profile.interests, strict=True)
        },
        "code": profile.code,
        "strong_areas": cast(list[Area], list(profile.strong)),
        "flat": profile.flat,
        "notes": notes,
        "values": values,
        "skills": {k: round(v, 2) for k, v in profile.skills.items()} if profile.skills else None,
        "max_job_zone": profile.max_job_zone,
        "min_annual_wage": None
        if profile.min_annual_wage is None
        else round(profile.min_annual_wage),
    }
    return cast(contract.Profile, document | certain)


def _career_letters(catalog: CatalogArrays, i: int) -> str:
    """The areas the career may be said to be (``explain.high_points``)."""
    return explain.high_points(catalog.interests[i].tolist())


@dataclass(frozen=True, eq=False)
class RatedSkills:
    """The skills a person rated, as the catalog's columns, read once per result.

    ``levels``: self-rated LV 0-7; ``said``: index of the label picked (-1 when the quiz
    sent no labels); ``labels``: each item's labels (empty when none); ``label_groups``:
    per number of labels, the mask of the columns whose item has that many.
    """

    columns: npt.NDArray[np.intp]
    levels: npt.NDArray[np.float64]
    said: npt.NDArray[np.intp]
    labels: tuple[tuple[str, ...], ...]
    label_groups: tuple[tuple[int, npt.NDArray[np.bool_]], ...] = ()

    @classmethod
    def of(cls, profile: Profile, catalog: CatalogArrays) -> RatedSkills:
        columns, levels = rated_skills(profile, catalog)
        ids = [catalog.skill_ids[c] for c in columns.tolist()]
        labels = tuple(tuple(profile.skill_labels.get(s, ())) for s in ids)
        said = [
            min(len(lab) - 1, max(0, int(round(profile.skill_answers[s]))))
            if lab and s in profile.skill_answers
            else -1
            for s, lab in zip(ids, labels, strict=True)
        ]
        groups = tuple(
            (count, np.array([len(lab) == count for lab in labels], dtype=bool))
            for count in sorted({len(lab) for lab in labels if lab})
        )
        return cls(columns, levels, np.array(said, dtype=np.intp), labels, groups)


@dataclass(frozen=True, eq=False)
class CareerGaps:
    """A career's skill gaps: how many there are, and the first ``shown`` of them."""

    count: int
    shown: list[contract.SkillGap]


def career_gaps(
    catalog: CatalogArrays,
    rows: Sequence[int],
    rated: RatedSkills,
    shown: int | None = SKILL_GAPS_SHOWN,
) -> list[CareerGaps]:
    """The shortfalls of careers ``rows`` on the rated skills, largest importance-weighted
    first (ties: column order), all careers at once; documents for the first ``shown``.

    When the quiz sent the item's labels, a shortfall counts only when the level the career
    needs reads as a higher label than the one the person picked, so every gap can be said
    on the person's own scale. A career missing any of the levels has no gaps.
    """
    if rated.columns.size == 0 or not rows:
        return [CareerGaps(0, []) for _ in rows]
    return _gap_documents(catalog, rated, _GapArrays.of(catalog, rows, rated), shown)


@dataclass(frozen=True, eq=False)
class _GapArrays:
    """The gaps of some careers on the rated skills: one row per career, one column per
    rated skill, and ``k``, the column of every gap, best first within each career (the
    careers' gaps one after another, ``counts`` of them each)."""

    need: npt.NDArray[np.float64]
    importance: npt.NDArray[np.float64]
    shortfall: npt.NDArray[np.float64]
    required: npt.NDArray[np.intp]
    k: npt.NDArray[np.intp]
    counts: list[int]

    @classmethod
    def of(cls, catalog: CatalogArrays, rows: Sequence[int], rated: RatedSkills) -> _GapArrays:
        columns = rated.columns
        at = np.ix_(np.asarray(rows, dtype=np.intp), columns)
        need = catalog.skill_level[at]
        importance = catalog.skill_importance[at]
        required = np.full(need.shape, -1, dtype=np.intp)
        for count, same in rated.label_groups:
            required[:, same] = label_index(need[:, same], count)
        shortfall = need - rated.levels
        is_gap = np.where(rated.said >= 0, required > rated.said, shortfall > 0)
        is_gap[np.isnan(need).any(axis=1)] = False
        row, k = np.nonzero(is_gap)
        # best first within each career: the largest importance-weighted shortfall, then column
        order = np.lexsort((columns[k], -(shortfall[row, k] * importance[row, k]), row))
        counts: list[int] = np.bincount(row, minlength=len(rows)).tolist()
        return cls(need, importance, shortfall, required, k[order], counts)


def _gap_documents(
    catalog: CatalogArrays, rated: RatedSkills, found: _GapArrays, shown: int | None
) -> list[CareerGaps]:
    """Each career's gap count and the documents of its first ``shown`` gaps."""
    starts = np.concatenate(([0], np.cumsum(found.counts))).tolist()
    # rounded for the document as whole arrays, not one figure at a time
    need_l: list[list[float]] = np.round(found.need, 2).tolist()
    short_l: list[list[float]] = np.round(found.shortfall, 2).tolist()
    imp_l: list[list[float]] = np.round(found.importance, 2).tolist()
    required_l = cast(list[list[int]], found.required.tolist())
    k_l: list[int] = found.k.tolist()
    skill = _rated_skill_facts(catalog, rated)
    # a gap's sentence depends on the skill and the level (or label) needed alone: careers
    # that need the same of the same skill share it
    texts: dict[tuple[int, float | str], str] = {}
    out = []
    for r, count in enumerate(found.counts):
        gaps = []
        stop = starts[r] + (count if shown is None else min(count, shown))
        for j in k_l[starts[r] : stop]:
            skill_id, name, your_level, your_label = skill[j]
            required_level = need_l[r][j]
            required_label = None if your_label is None else rated.labels[j][required_l[r][j]]
            gap: contract.SkillGap = {
                "id": skill_id,
                "name": name,
                "required_level": required_level,
                "your_level": your_level,
                "importance": imp_l[r][j],
                "gap": short_l[r][j],
                "your_label": your_label,
                "required_label": required_label,
            }
            # the same choice as explain.gap_text: on the labels when both are said
            said = (j, required_label if your_label and required_label else required_level)
            text = texts.get(said)
            if text is None:
                text = texts[said] = explain.gap_text(gap)
            gap["text"] = text
            gaps.append(gap)
        out.append(CareerGaps(count, gaps))
    return out


def _rated_skill_facts(
    catalog: CatalogArrays, rated: RatedSkills
) -> list[tuple[str, str, float, str | None]]:
    """Per rated skill, what its gaps say of it alone: id, name, the person's level and
    label (None when the quiz sent no labels); made once per skill, not once per gap."""
    said_l = rated.said.tolist()
    return [
        (
            catalog.skill_ids[column],
            catalog.skill_names[column],
            round(level, 2),
            rated.labels[j][said_l[j]] if said_l[j] >= 0 else None,
        )
        for j, (column, level) in enumerate(
            zip(rated.columns.tolist(), rated.levels.tolist(), strict=True)
        )
    ]


def skill_gaps(
    profile: Profile, catalog: CatalogArrays, i: int, rated: RatedSkills | None = None
) -> list[contract.SkillGap]:
    """Every skill gap of career ``i`` (``career_gaps``), largest importance-weighted first."""
    rated = rated or RatedSkills.of(profile, catalog)
    return career_gaps(catalog, [i], rated, shown=None)[0].shown


def pay_source(catalog: CatalogArrays, i: int) -> contract.PaySource | None:
    """Whose wage the career's figure is (``shared.contract.PaySource``)."""
    if not catalog.wage_soc or not catalog.wage_soc[i]:
        return None
    scope = cast(contract.PayScope, catalog.wage_scope[i])
    return {
        "soc": catalog.wage_soc[i],
        "title": catalog.wage_title[i],
        "scope": scope,
        "text": explain.pay_whose(scope, catalog.wage_soc[i], catalog.wage_title[i])
        or f"pay of this career's own occupation, {catalog.wage_title[i]} ({catalog.wage_soc[i]})",
    }


def _limits_broken(job_zone: bool, wage: bool) -> list[str]:
    """The names of the limits flagged, given which are (broken, or unchecked)."""
    return [name for name, flag in ((LIMIT_JOB_ZONE, job_zone), (LIMIT_WAGE, wage)) if flag]


@dataclass(frozen=True, eq=False)
class CareerTexts:
    """What the result says of each career that depends on the catalog alone, made once
    per snapshot (``career_texts``): its high-point letters and whose pay it shows."""

    letters: tuple[str, ...]
    pay_sources: tuple[contract.PaySource | None, ...]


_CAREER_TEXTS: weakref.WeakKeyDictionary[CatalogArrays, CareerTexts] = weakref.WeakKeyDictionary()


def career_texts(catalog: CatalogArrays) -> CareerTexts:
    """The ``CareerTexts`` of ``catalog``, made on first use and kept while it is."""
    texts = _CAREER_TEXTS.get(catalog)
    if texts is None:
        rows = range(len(catalog))
        texts = CareerTexts(
            letters=tuple(_career_letters(catalog, i) for i in rows),
            pay_sources=tuple(pay_source(catalog, i) for i in rows),
        )
        _CAREER_TEXTS[catalog] = texts
    return texts


@dataclass(frozen=True, eq=False)
class _Shown:
    """The scores and catalog figures of the careers shown, as Python numbers, read out of
    the arrays once for all of them (``rows``: their catalog rows, best first)."""

    rows: list[int]
    score: list[float]
    correlation: list[float]
    fit: list[int]
    job_zone: list[float]
    median_wage: list[float]
    top_coded: list[bool]
    within: list[bool]
    job_zone_broken: list[bool]
    wage_broken: list[bool]
    job_zone_unchecked: list[bool]
    wage_unchecked: list[bool]
    components: dict[str, list[float]]
    extents: list[list[float]]
    #: The parts O*NET does not rate for each career shown (``scoring.unrated_parts``).
    unrated: list[list[str]]

    @classmethod
    def of(cls, catalog: CatalogArrays, scores: Scores, rows: list[int]) -> _Shown:
        at = np.asarray(rows, dtype=np.intp)
        return cls(
            rows=rows,
            score=scores.score[at].tolist(),
            correlation=scores.correlation[at].tolist(),
            fit=scores.fit[at].tolist(),
            job_zone=catalog.job_zone[at].tolist(),
            median_wage=catalog.median_wage[at].tolist(),
            top_coded=catalog.wage_top_coded[at].tolist(),
            within=scores.within_limits[at].tolist(),
            job_zone_broken=scores.job_zone_broken[at].tolist(),
            wage_broken=scores.wage_broken[at].tolist(),
            job_zone_unchecked=scores.job_zone_unchecked[at].tolist(),
            wage_unchecked=scores.wage_unchecked[at].tolist(),
            components={name: values[at].tolist() for name, values in scores.components.items()},
            extents=catalog.values[at].tolist(),
            unrated=[[name for name, mask in scores.unrated.items() if mask[i]] for i in rows],
        )


def _match(
    profile: Profile,
    catalog: CatalogArrays,
    texts: CareerTexts,
    shown: _Shown,
    k: int,
    weights: Mapping[str, float],
    rated: int,
    gaps: CareerGaps,
    said: certainty.ShownScore,
    pay: PayLimit | None = None,
) -> contract.Match:
    """The ``k``-th career shown (rank ``k + 1``), row ``shown.rows[k]`` of the catalog."""
    i = shown.rows[k]
    score, zone, wage = shown.score[k], shown.job_zone[k], shown.median_wage[k]
    top_coded = shown.top_coded[k]
    components = shown.components
    unrated = shown.unrated[k]
    reasons = explain.reasons(
        scored=not math.isnan(score),
        interest=explain.interest_reason(profile, texts.letters[i], shown.correlation[k]),
        training=explain.training_reason(profile, zone),
        values=explain.values_reason(profile, shown.extents[k], components["values"][k]),
        skills=explain.skill_reason(components["skills"][k], gaps.count, gaps.shown, rated),
        unrated=explain.unrated_reason(unrated),
    )
    pay_check = (
        explain.pay_check(
            profile, wage, top_coded, catalog.wage_scope[i] if catalog.wage_scope else ""
        )
        if pay is None
        else pay.check(i)
    )
    source = texts.pay_sources[i]
    match: contract.Match = {
        "code": catalog.codes[i],
        "title": catalog.titles[i],
        "rank": k + 1,
        "score": 0.0 if math.isnan(score) else round(100.0 * score, 1),
        "components": {
            name: _round(values[k], 4) for name, values in components.items() if weights[name] > 0
        },
        "shown_score": said.value,
        "score_group": said.group,
        "score_text": said.text,
        # a fit label is a score said in words: none where no score is shown
        "fit": _FITS[shown.fit[k]] if said.value is not None else None,
        "interest_correlation": _round(shown.correlation[k], 4),
        "job_zone": None if math.isnan(zone) else int(zone),
        "median_wage": _wage(wage),
        "wage_top_coded": top_coded,
        "pay_source": None if source is None else {**source},
        "within_limits": shown.within[k],
        "limits_broken": _limits_broken(shown.job_zone_broken[k], shown.wage_broken[k]),
        "limits_unchecked": _limits_broken(
            shown.job_zone_unchecked[k] and not shown.job_zone_broken[k],
            shown.wage_unchecked[k],
        ),
        "pay_check": pay_check,
        "unrated": unrated,
        "high_point": catalog.high_point[i],
        "reasons": reasons,
        "skill_gaps": gaps.shown,
    }
    if pay is not None:
        match["local_pay"] = pay.details(i)
    return match


def suggested_skills(catalog: CatalogArrays, top: Sequence[int]) -> list[contract.SuggestedSkill]:
    """What ``services.matcher.suggestions`` suggests for the careers ``top``."""
    return suggestions.suggested(catalog, top)[0]


def _beyond_limit_reason(
    profile: Profile, catalog: CatalogArrays, i: int, broken: list[str], pay: PayLimit | None
) -> str:
    if pay is None or LIMIT_WAGE not in broken:
        return explain.beyond_limit_reason(
            catalog.titles[i],
            broken,
            float(catalog.job_zone[i]),
            float(catalog.median_wage[i]),
            profile.min_annual_wage,
        )
    # the local figure broke the minimum: its own sentence says which figure and currency
    others = [limit for limit in broken if limit != LIMIT_WAGE]
    head = (
        explain.beyond_limit_reason(
            catalog.titles[i], others, float(catalog.job_zone[i]), math.nan, None
        )
        if others
        else f"{catalog.titles[i]} would fit you well."
    )
    return f"{head} {pay.sentence(i)}"


def _beyond_limits(
    profile: Profile, catalog: CatalogArrays, scores: Scores, pay: PayLimit | None = None
) -> contract.BeyondLimits:
    rows = [int(i) for i in beyond_limits(scores)]
    careers: list[contract.BeyondLimit] = []
    for i in rows:
        broken = _limits_broken(bool(scores.job_zone_broken[i]), bool(scores.wage_broken[i]))
        careers.append(
            {
                "code": catalog.codes[i],
                "title": catalog.titles[i],
                "score": round(100.0 * float(scores.score[i]), 1),
                "limits_broken": broken,
                "reason": _beyond_limit_reason(profile, catalog, i, broken, pay),
            }
        )
    return {
        "note": explain.beyond_limits_note(len(careers)) if careers else None,
        "careers": careers,
    }


def match(
    profile: Profile,
    catalog: CatalogArrays,
    weights: Mapping[str, float],
    *,
    top_n: int = 25,
    pay: PayLimit | None = None,
    set_aside: Collection[str] = (),
) -> ResultBody:
    """The result body (``shared.contract.ResultBody``) for ``profile``: the ``top_n`` best,
    leaving out the careers ``set_aside`` (codes) so that the next ones come up.

    ``weights`` maps component names (``interests``, ``values``, ``skills``) to their
    weight in the quiz; other keys are ignored. The same inputs give the same document.
    With ``pay`` (local pay, ``services.matcher.regional``) the pay minimum is checked
    against its figures and each match carries its ``local_pay``.
    """
    scores = score_careers(profile, catalog, weights, pay)
    order = scores.order
    if set_aside:
        left_out = np.isin(np.array(catalog.codes), list(set_aside))
        order = order[~left_out[order]]
    shown = [int(i) for i in order[: max(0, top_n)]]
    rated = RatedSkills.of(profile, catalog)
    texts, rows, size = career_texts(catalog), _Shown.of(catalog, scores, shown), rated.columns.size
    # careers nothing could be scored on (a flat, interests-only profile) suggest nothing
    top = [int(i) for i in scores.order[:SUGGESTED_FROM_TOP] if not math.isnan(scores.score[i])]
    separated = certainty.separates(profile, explain.asked_parts(profile, weights))
    said = certainty.score_groups([100.0 * x for x in rows.score], separated, rows.within)
    suggested, suggested_note = suggestions.suggested(catalog, top, profile, pay)
    return {
        "catalog_version": catalog.version,
        "intro": explain.intro(
            profile,
            weights,
            pay_limit=None if pay is None else pay.minimum is not None,
            any_within=bool(scores.within_limits.any()),
        ),
        "profile": profile_document(profile, weights),
        "matches": [
            _match(profile, catalog, texts, rows, k, scores.weights, size, gaps, said[k], pay)
            for k, gaps in enumerate(career_gaps(catalog, shown, rated))
        ],
        "beyond_limits": _beyond_limits(profile, catalog, scores, pay),
        "suggested_skills": suggested,
        "suggested_note": suggested_note,
    }
