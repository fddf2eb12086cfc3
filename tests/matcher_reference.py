"""A slow, obvious reference of the matching model, to check the vectorized one against.

Plain Python over the snapshot document itself (not ``CatalogArrays``): one career at a
time, the ``statistics`` module for the correlation, no numpy. It follows the model as
``services/matcher/scoring.py`` documents it, so the two can only agree if both are right.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WORK_VALUES = (
    "Achievement",
    "Working Conditions",
    "Recognition",
    "Relationships",
    "Support",
    "Independence",
)
COMPONENTS = ("interests", "values", "skills")


@dataclass
class PersonInputs:
    """What the reference needs of a profile, as plain Python values."""

    interests: list[float]  # R I A S E C, 0-40
    flat: bool
    values: list[float] | None  # WORK_VALUES order, 0-1, NaN when not asked
    skills: dict[str, float]  # element id -> level 0-7
    max_job_zone: int | None
    min_annual_wage: float | None


@dataclass
class CareerScore:
    code: str
    r: float | None
    interests: float | None
    values: float | None
    skills: float | None
    score: float | None
    within_limits: bool
    fit: str | None
    #: 0 within every limit set (checked), 1 a limit could not be checked, 2 one broken.
    tier: int = 0
    #: How many weighed parts are null for this career but known for another.
    unrated: int = 0


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson r, or None when either side has no spread."""
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return max(-1.0, min(1.0, statistics.correlation(xs, ys)))


def interest_r(person: PersonInputs, levels: Sequence[float]) -> float | None:
    if person.flat:
        return None
    return pearson(person.interests, list(levels))


def values_score(person: PersonInputs, extents: Sequence[float] | None) -> float | None:
    if person.values is None or extents is None:
        return None
    total = 0.0
    weights = 0.0
    for want, extent in zip(person.values, extents, strict=True):
        if math.isnan(want):
            continue
        offer = (extent - 1.0) / 6.0
        weight = 0.5 + want
        total += weight * (offer - want) ** 2
        weights += weight
    if weights == 0:
        return None
    return 1.0 - total / weights


def skills_score(
    person: PersonInputs,
    skill_ids: Sequence[str],
    levels: Sequence[float] | None,
    importances: Sequence[float] | None,
) -> float | None:
    rated = [k for k, skill in enumerate(skill_ids) if skill in person.skills]
    if not rated or levels is None or importances is None:
        return None
    total = 0.0
    weights = 0.0
    for k in rated:
        mine = person.skills[skill_ids[k]]
        need = levels[k]
        cost = max(need - mine, 0.0) + 0.5 * max(mine - need, 0.0)
        weight = importances[k] / 5.0
        total += weight * (cost / 7.0) ** 2
        weights += weight
    return 1.0 - total / weights


def combined(parts: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    used = [(weights.get(name, 0.0), value) for name, value in parts.items()]
    used = [(w, v) for w, v in used if w > 0 and v is not None]
    if not used:
        return None
    return sum(w * v for w, v in used) / sum(w for w, _ in used)


def fill_unrated(parts: list[float | None]) -> list[float | None]:
    """Unknown values of a part become the lowest of the known ones (if any is known)."""
    known = [v for v in parts if v is not None]
    if not known:
        return parts
    lowest = min(known)
    return [lowest if v is None else v for v in parts]


def fit_labels(
    codes: list[str], rs: list[float | None], zones: list[int | None]
) -> list[str | None]:
    labels: list[str | None] = [None] * len(codes)
    for i, r in enumerate(rs):
        if r is not None and r >= 0.73:
            labels[i] = "Best"
        elif r is not None and r >= 0.61:
            labels[i] = "Great"
    for zone in set(zones):
        members = [i for i in range(len(codes)) if zones[i] == zone]
        have = sum(1 for i in members if labels[i] is not None)
        rest = [i for i in members if labels[i] is None and rs[i] is not None and rs[i] > 0]
        rest.sort(key=lambda i: (-rs[i], codes[i]))  # type: ignore[operator]
        for i in rest[: max(0, 10 - have)]:
            labels[i] = "Good"
    return labels


def score_all(
    person: PersonInputs, snapshot: Mapping[str, Any], weights: Mapping[str, float]
) -> list[CareerScore]:
    """Every career's scores, in snapshot order."""
    careers = snapshot["careers"]
    skill_ids = [s["id"] for s in snapshot["skills"]]
    value_names = [v["name"] for v in snapshot["work_values"]]
    out = []
    for i, code in enumerate(careers["code"]):
        r = interest_r(person, careers["interests"][i])
        extents = careers["values"][i]
        if extents is not None:
            extents = [extents[value_names.index(name)] for name in WORK_VALUES]
        parts = {
            "interests": None if r is None else (r + 1.0) / 2.0,
            "values": values_score(person, extents),
            "skills": skills_score(
                person, skill_ids, careers["skill_level"][i], careers["skill_importance"][i]
            ),
        }
        zone = careers["job_zone"][i]
        wage = careers["median_wage"][i]
        top_coded = careers["wage_top_coded"][i]
        zone_broken = (
            person.max_job_zone is not None and zone is not None and zone > person.max_job_zone
        )
        wage_broken = (
            person.min_annual_wage is not None
            and wage is not None
            and not top_coded
            and wage < person.min_annual_wage
        )
        unchecked = (person.max_job_zone is not None and zone is None) or (
            person.min_annual_wage is not None and wage is None and not top_coded
        )
        tier = 2 if zone_broken or wage_broken else 1 if unchecked else 0
        out.append(
            CareerScore(
                code=code,
                r=r,
                score=None,
                within_limits=tier == 0,
                fit=None,
                tier=tier,
                **parts,
            )
        )
    filled = {
        name: fill_unrated([getattr(c, name) for c in out])
        for name in ("interests", "values", "skills")
    }
    for i, career in enumerate(out):
        career.score = combined({name: filled[name][i] for name in filled}, weights)
        career.unrated = sum(
            1
            for name in ("values", "skills")
            if weights.get(name, 0.0) > 0
            and getattr(career, name) is None
            and any(getattr(c, name) is not None for c in out)
        )
    labels = fit_labels(list(careers["code"]), [c.r for c in out], list(careers["job_zone"]))
    for career, label in zip(out, labels, strict=True):
        career.fit = label
    return out


def rank(scores: list[CareerScore]) -> list[CareerScore]:
    """Limit tier (within, unchecked, broken), then score (none lowest), unrated parts
    (fewer first), interest r (none last), code."""

    def key(c: CareerScore) -> tuple[int, float, int, float, str]:
        score = -1.0 if c.score is None else c.score
        r = -math.inf if c.r is None else c.r
        return (c.tier, -score, c.unrated, -r, c.code)

    return sorted(scores, key=key)
