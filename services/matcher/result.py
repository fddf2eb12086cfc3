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

from services.matcher import certainty, explain, suggestions
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.gaps import CareerGaps, RatedSkills, career_gaps
from services.matcher.profile import Profile
from services.matcher.ranking import FIT_LABELS
from services.matcher.scoring import (
    LIMIT_JOB_ZONE,
    LIMIT_WAGE,
    PayLimit,
    Scores,
    score_careers,
)
from services.matcher.selection import SUGGESTED_FROM_TOP, beyond_limits
from shared import pay as pay_readings
from shared.contract import result as contract
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES, Area
from shared.contract.result import ResultBody

#: ``ranking.FIT_LABELS`` as the contract's type (a cast made once, not per match).
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


def _hourly_median(catalog: CatalogArrays, i: int) -> float:
    """The hourly-only median of career ``i`` (NaN when it has none)."""
    hourly = catalog.wage_hourly_median
    return float(hourly[i]) if len(hourly) == len(catalog) else math.nan


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
    reasons = _reasons(profile, texts.letters[i], shown, k, rated, gaps)
    pay_check = _pay_check(profile, catalog, i, wage, top_coded, pay)
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
        "unrated": shown.unrated[k],
        "high_point": catalog.high_point[i],
        "reasons": reasons,
        "skill_gaps": gaps.shown,
    }
    _add_pay_reading(match, _hourly_median(catalog, i), wage, top_coded)
    if pay is not None:
        match["local_pay"] = pay.details(i)
    return match


def _reasons(
    profile: Profile, letters: str, shown: _Shown, k: int, rated: int, gaps: CareerGaps
) -> list[str]:
    """The sentences of the ``k``-th career shown (``explain`` words each)."""
    components = shown.components
    return explain.reasons(
        scored=not math.isnan(shown.score[k]),
        interest=explain.interest_reason(profile, letters, shown.correlation[k]),
        training=explain.training_reason(profile, shown.job_zone[k]),
        values=explain.values_reason(profile, shown.extents[k], components["values"][k]),
        skills=explain.skill_reason(components["skills"][k], gaps.count, gaps.shown, rated),
        unrated=explain.unrated_reason(shown.unrated[k]),
    )


def _pay_check(
    profile: Profile,
    catalog: CatalogArrays,
    i: int,
    wage: float,
    top_coded: bool,
    pay: PayLimit | None,
) -> str | None:
    """What the pay minimum was checked against for career ``i`` (the place's, else US)."""
    if pay is not None:
        return pay.check(i)
    scope = catalog.wage_scope[i] if catalog.wage_scope else ""
    return explain.pay_check(profile, wage, top_coded, scope, hourly=_hourly_median(catalog, i))


def _add_pay_reading(match: contract.Match, hourly: float, wage: float, top_coded: bool) -> None:
    """How BLS publishes the career's national pay: a figure, hourly only, top-coded, none."""
    known = None if math.isnan(hourly) else round(hourly, 2)
    match["pay_reading"] = pay_readings.reading(
        None if top_coded or math.isnan(wage) else wage, known, top_coded
    )
    match["hourly_median"] = known
    match["annual_equivalent"] = None if known is None else pay_readings.annual_equivalent(known)


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
