"""The result document (``shared.contract.ResultBodySchema``) for one profile.

``scoring`` scores and ranks every career with arrays; this module turns the few careers
shown into the document a person and a client read: numbers rounded for JSON, and the
sentences from ``explain``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from services.matcher import explain
from services.matcher.profile import Profile, level_label
from services.matcher.scoring import (
    FIT_LABELS,
    LIMIT_JOB_ZONE,
    LIMIT_WAGE,
    SUGGESTED_FROM_TOP,
    CatalogArrays,
    Scores,
    beyond_limits,
    rated_skills,
    score_careers,
    suggested_technologies,
)
from shared.contract import INTEREST_AREAS, WORK_VALUES

SKILL_GAPS_SHOWN = 5


def _round(x: float, digits: int) -> float | None:
    return None if math.isnan(x) else round(x, digits)


def _wage(x: float) -> int | None:
    return None if math.isnan(x) else round(float(x))


def profile_document(profile: Profile) -> dict[str, Any]:
    """The profile as the result document shows it (``shared.contract.ProfileSchema``)."""
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
        "strong_areas": list(profile.strong),
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


def skill_gaps(profile: Profile, catalog: CatalogArrays, i: int) -> list[dict[str, Any]]:
    """Career ``i``'s shortfalls on the rated skills, largest importance-weighted first.

    When the quiz sent the item's labels, a shortfall counts only when the level the career
    needs reads as a higher label than the one the person picked, so every gap can be said
    on the person's own scale.
    """
    columns, mine = rated_skills(profile, catalog)
    if columns.size == 0 or np.isnan(catalog.skill_level[i, columns]).any():
        return []
    gaps = []
    for column, yours in zip(columns.tolist(), mine.tolist(), strict=True):
        skill = catalog.skill_ids[column]
        need = float(catalog.skill_level[i, column])
        importance = float(catalog.skill_importance[i, column])
        labels = profile.skill_labels.get(skill, ())
        your_label = required_label = None
        if labels and skill in profile.skill_answers:
            said = int(round(profile.skill_answers[skill]))
            your_label = labels[min(len(labels) - 1, max(0, said))]
            required_label = level_label(need, labels)
            if labels.index(str(required_label)) <= labels.index(your_label):
                continue
        elif need - yours <= 0:
            continue
        gaps.append(
            (
                -(need - yours) * importance,
                column,
                need,
                yours,
                importance,
                your_label,
                required_label,
            )
        )
    gaps.sort(key=lambda g: (g[0], g[1]))
    out = []
    for _, column, need, yours, importance, your_label, required_label in gaps:
        gap = {
            "id": catalog.skill_ids[column],
            "name": catalog.skill_names[column],
            "required_level": round(need, 2),
            "your_level": round(yours, 2),
            "importance": round(importance, 2),
            "gap": round(need - yours, 2),
            "your_label": your_label,
            "required_label": required_label,
        }
        gap["text"] = explain.gap_text(gap)
        out.append(gap)
    return out


def pay_source(catalog: CatalogArrays, i: int) -> dict[str, Any] | None:
    """Whose wage the career's figure is (``shared.contract.PaySourceSchema``)."""
    if not catalog.wage_soc or not catalog.wage_soc[i]:
        return None
    scope = catalog.wage_scope[i]
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
    profile: Profile, catalog: CatalogArrays, scores: Scores, i: int, rank: int, rated: int
) -> dict[str, Any]:
    gaps = skill_gaps(profile, catalog, i)
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
        ),
        values=explain.values_reason(
            profile, catalog.values[i].tolist(), float(scores.components["values"][i])
        ),
        skills=explain.skill_reason(float(scores.components["skills"][i]), gaps, rated),
    )
    return {
        "code": catalog.codes[i],
        "title": catalog.titles[i],
        "rank": rank,
        "score": 0.0 if math.isnan(score) else round(100.0 * float(score), 1),
        "components": {
            name: _round(float(values[i]), 4)
            for name, values in scores.components.items()
            if scores.weights[name] > 0
        },
        "fit": FIT_LABELS[int(scores.fit[i])],
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


def suggested_skills(catalog: CatalogArrays, top: Sequence[int]) -> list[dict[str, Any]]:
    """Technologies specific to the careers ``top`` (``scoring.suggested_technologies``)."""
    n = len(catalog)
    out = []
    for t, count, weight, in_demand in suggested_technologies(catalog, top):
        users = [i for i in top if any(tech == t for tech, _ in catalog.career_techs[i])]
        wages = [float(catalog.median_wage[i]) for i in users]
        known = [w for w in wages if not math.isnan(w)]
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
                "median_wage": round(float(np.median(known))) if known else None,
                "median_wage_definition": explain.SUGGESTION_PAY_DEFINITION,
            }
        )
    return out


def _beyond_limits(profile: Profile, catalog: CatalogArrays, scores: Scores) -> dict[str, Any]:
    rows = [int(i) for i in beyond_limits(scores)]
    careers = []
    for i in rows:
        broken = _limits_broken(scores, i)
        careers.append(
            {
                "code": catalog.codes[i],
                "title": catalog.titles[i],
                "score": round(100.0 * float(scores.score[i]), 1),
                "limits_broken": broken,
                "reason": explain.beyond_limit_reason(
                    catalog.titles[i],
                    broken,
                    float(catalog.job_zone[i]),
                    float(catalog.median_wage[i]),
                    profile.min_annual_wage,
                ),
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
) -> dict[str, Any]:
    """The result body (``ResultBodySchema``) for ``profile``: the ``top_n`` best matches.

    ``weights`` maps component names (``interests``, ``values``, ``skills``) to their
    weight in the quiz; other keys are ignored. The same inputs give the same document.
    """
    scores = score_careers(profile, catalog, weights)
    shown = [int(i) for i in scores.order[: max(0, top_n)]]
    rated = int(rated_skills(profile, catalog)[0].size)
    top = [int(i) for i in scores.order[:SUGGESTED_FROM_TOP]]
    return {
        "catalog_version": catalog.version,
        "intro": explain.intro(profile, weights),
        "profile": profile_document(profile),
        "matches": [
            _match(profile, catalog, scores, i, rank, rated)
            for rank, i in enumerate(shown, start=1)
        ],
        "beyond_limits": _beyond_limits(profile, catalog, scores),
        "suggested_skills": suggested_skills(catalog, top),
    }
