"""The result document (``shared.contract.ResultBody``) for one profile.

``scoring`` scores and ranks every career with arrays; this module turns the few careers
shown into the document a person and a client read: numbers rounded for JSON, and the
sentences from ``explain``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from services.matcher import explain
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
    suggested_technologies,
)
from shared import contract
from shared.contract import INTEREST_AREAS, WORK_VALUES, ResultBody

SKILL_GAPS_SHOWN = 5


def _round(x: float, digits: int) -> float | None:
    return None if math.isnan(x) else round(x, digits)


def _wage(x: float) -> int | None:
    return None if math.isnan(x) else round(float(x))


def profile_document(profile: Profile) -> contract.Profile:
    """The profile as the result document shows it (``shared.contract.Profile``)."""
    values: dict[str, float] | None = None
    if profile.values is not None:
        values = {
            name: round(float(v), 3)
            for name, v in zip(WORK_VALUES, profile.values, strict=True)
            if not math.isnan(v)
        }
    return {
        "interests": {
            area: round(float(score), 1)
            for area, score in zip(INTEREST_AREAS, profile.interests, strict=True)
        },
        "code": profile.code,
        "strong_areas": cast(list[contract.Area], list(profile.strong)),
        "flat": profile.flat,
        "notes": explain.profile_notes(profile),
        "values": values,
        "skills": {k: round(v, 2) for k, v in profile.skills.items()} if profile.skills else None,
        "max_job_zone": profile.max_job_zone,
        "min_annual_wage": None
        if profile.min_annual_wage is None
        else round(profile.min_annual_wage),
    }


def _career_letters(catalog: CatalogArrays, i: int) -> str:
    if catalog.high_point[i]:
        return catalog.high_point[i]
    levels = catalog.interests[i]
    order = sorted(range(len(INTEREST_AREAS)), key=lambda a: (-float(levels[a]), a))
    return "".join(INTEREST_AREAS[a] for a in order[:2])


@dataclass(frozen=True, eq=False)
class RatedSkills:
    """The skills a person rated, as the catalog's columns, read once per result.

    ``levels``: self-rated LV 0-7; ``said``: index of the label picked (-1 when the quiz
    sent no labels); ``labels``: each item's labels (empty when none).
    """

    columns: npt.NDArray[np.intp]
    levels: npt.NDArray[np.float64]
    said: npt.NDArray[np.intp]
    labels: tuple[tuple[str, ...], ...]

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
        return cls(columns, levels, np.array(said, dtype=np.intp), labels)


def skill_gaps(
    profile: Profile, catalog: CatalogArrays, i: int, rated: RatedSkills | None = None
) -> list[contract.SkillGap]:
    """Career ``i``'s shortfalls on the rated skills, largest importance-weighted first.

    When the quiz sent the item's labels, a shortfall counts only when the level the career
    needs reads as a higher label than the one the person picked, so every gap can be said
    on the person's own scale. ``rated``: ``RatedSkills.of(profile, catalog)`` if at hand.
    """
    rated = rated or RatedSkills.of(profile, catalog)
    columns = rated.columns
    if columns.size == 0:
        return []
    need = catalog.skill_level[i, columns]
    if np.isnan(need).any():
        return []
    importance = catalog.skill_importance[i, columns]
    required = np.full(columns.size, -1, dtype=np.intp)
    for count in {len(lab) for lab in rated.labels if lab}:
        same = np.array([len(lab) == count for lab in rated.labels])
        required[same] = label_index(need[same], count)
    shortfall = need - rated.levels
    is_gap = np.where(rated.said >= 0, required > rated.said, shortfall > 0)
    rows = np.flatnonzero(is_gap)
    rows = rows[np.lexsort((columns[rows], -(shortfall[rows] * importance[rows])))]
    out = []
    for k in rows.tolist():
        labels, said = rated.labels[k], int(rated.said[k])
        column = int(columns[k])
        gap: contract.SkillGap = {
            "id": catalog.skill_ids[column],
            "name": catalog.skill_names[column],
            "required_level": round(float(need[k]), 2),
            "your_level": round(float(rated.levels[k]), 2),
            "importance": round(float(importance[k]), 2),
            "gap": round(float(shortfall[k]), 2),
            "your_label": labels[said] if said >= 0 else None,
            "required_label": labels[int(required[k])] if said >= 0 else None,
        }
        gap["text"] = explain.gap_text(gap)
        out.append(gap)
    return out


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


def _limits_broken(scores: Scores, i: int) -> list[str]:
    return [
        name
        for name, flag in (
            (LIMIT_JOB_ZONE, scores.job_zone_broken[i]),
            (LIMIT_WAGE, scores.wage_broken[i]),
        )
        if flag
    ]


def _match(
    profile: Profile,
    catalog: CatalogArrays,
    scores: Scores,
    i: int,
    rank: int,
    rated: RatedSkills,
    pay: PayLimit | None = None,
) -> contract.Match:
    gaps = skill_gaps(profile, catalog, i, rated)
    score = scores.score[i]
    zone = float(catalog.job_zone[i])
    scope = catalog.wage_scope[i] if catalog.wage_scope else ""
    soc = catalog.wage_soc[i] if catalog.wage_soc else ""
    bls_title = catalog.wage_title[i] if catalog.wage_title else ""
    reasons = explain.reasons(
        scored=not math.isnan(score),
        interest=explain.interest_reason(
            profile, _career_letters(catalog, i), float(scores.correlation[i])
        ),
        training=explain.training_reason(profile, zone),
        pay=explain.pay_reason(
            profile,
            float(catalog.median_wage[i]),
            bool(catalog.wage_top_coded[i]),
            scope,
            soc,
            bls_title,
        )
        if pay is None
        else pay.sentence(i),
        values=explain.values_reason(
            profile, catalog.values[i].tolist(), float(scores.components["values"][i])
        ),
        skills=explain.skill_reason(
            float(scores.components["skills"][i]), gaps, int(rated.columns.size)
        ),
    )
    match: contract.Match = {
        "code": catalog.codes[i],
        "title": catalog.titles[i],
        "rank": rank,
        "score": 0.0 if math.isnan(score) else round(100.0 * float(score), 1),
        "components": {
            name: _round(float(values[i]), 4)
            for name, values in scores.components.items()
            if scores.weights[name] > 0
        },
        "fit": cast(contract.Fit | None, FIT_LABELS[int(scores.fit[i])]),
        "interest_correlation": _round(float(scores.correlation[i]), 4),
        "job_zone": None if math.isnan(zone) else int(zone),
        "median_wage": _wage(catalog.median_wage[i]),
        "wage_top_coded": bool(catalog.wage_top_coded[i]),
        "pay_source": pay_source(catalog, i),
        "within_limits": bool(scores.within_limits[i]),
        "limits_broken": _limits_broken(scores, i),
        "high_point": catalog.high_point[i],
        "reasons": reasons,
        "skill_gaps": gaps[:SKILL_GAPS_SHOWN],
    }
    if pay is not None:
        match["local_pay"] = pay.details(i)
    return match


def suggested_skills(catalog: CatalogArrays, top: Sequence[int]) -> list[contract.SuggestedSkill]:
    """Technologies specific to the careers ``top`` (``scoring.suggested_technologies``)."""
    n = len(catalog)
    out: list[contract.SuggestedSkill] = []
    for t, count, weight, in_demand in suggested_technologies(catalog, top):
        users = [i for i in top if t in catalog.career_tech_sets[i]]
        known = [float(catalog.median_wage[i]) for i in users]
        known = [w for w in known if not math.isnan(w)]
        share = float(catalog.tech_careers[t]) / n
        out.append(
            {
                "name": catalog.tech_names[t],
                "hot": bool(catalog.tech_hot[t]),
                "in_demand": in_demand,
                "careers": count,
                "career_codes": [catalog.codes[i] for i in users],
                "career_titles": [catalog.titles[i] for i in users],
                "top_careers": len(top),
                "share_of_all_careers": round(share, 4),
                "lift": round(count / len(top) / share, 2),
                "weight": round(weight, 4),
                "why": explain.suggestion_why(count, len(top), share),
                "median_wage": round(statistics.median(known)) if known else None,
                "median_wage_definition": explain.SUGGESTION_PAY_DEFINITION,
            }
        )
    return out


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
        broken = _limits_broken(scores, i)
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
) -> ResultBody:
    """The result body (``shared.contract.ResultBody``) for ``profile``: the ``top_n`` best.

    ``weights`` maps component names (``interests``, ``values``, ``skills``) to their
    weight in the quiz; other keys are ignored. The same inputs give the same document.
    With ``pay`` (local pay, ``services.matcher.regional``) the pay minimum is checked
    against its figures and each match carries its ``local_pay``.
    """
    scores = score_careers(profile, catalog, weights, pay)
    shown = [int(i) for i in scores.order[: max(0, top_n)]]
    rated = RatedSkills.of(profile, catalog)
    # careers nothing could be scored on (a flat, interests-only profile) suggest nothing
    top = [int(i) for i in scores.order[:SUGGESTED_FROM_TOP] if not math.isnan(scores.score[i])]
    return {
        "catalog_version": catalog.version,
        "intro": explain.intro(profile, weights),
        "profile": profile_document(profile),
        "matches": [
            _match(profile, catalog, scores, i, rank, rated, pay)
            for rank, i in enumerate(shown, start=1)
        ],
        "beyond_limits": _beyond_limits(profile, catalog, scores, pay),
        "suggested_skills": suggested_skills(catalog, top),
    }
