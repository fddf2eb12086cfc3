"""Turn a person's quiz answers into the profile the scoring model compares with careers.

Pure functions, no I/O. Every item says how to read its answer (``ScoringItemSchema``:
``kind``, ``target``, ``min``, ``max``), so the same code reads the full quiz and the short
one: each answer is first mapped linearly to [0, 1] over its item's ``min``..``max``.

- Interests: an area's score is the mean of its items on [0, 1] times 40, so ten 0-4 items
  score their sum (0-40) and the short quiz's five items score on the same 0-40 scale.
- Work values: a value's importance is the mean of its items on [0, 1].
- Skills: a self-rated level on O*NET's level scale (LV, 0-7): the answer on [0, 1] times 7.
- Preferences: ``max_job_zone`` (1-5) and ``min_annual_wage`` (US$ a year); left out or 0
  means no limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from shared.contract import INTEREST_AREAS, INTEREST_NAMES, WORK_VALUES

FloatArray = npt.NDArray[np.float64]

#: Top of O*NET's skill level scale (LV).
SKILL_LEVEL_MAX = 7.0
#: Top of an interest area's score.
AREA_SCORE_MAX = 40.0
#: Area scores whose spread (max - min) is at most this are treated as flat: a Pearson
#: correlation of six equal numbers is undefined, and of nearly equal ones is noise.
FLAT_SPREAD = 1e-9
#: Spread (of 40) under which the notes warn that the interests barely tell careers apart.
NARROW_SPREAD = 4.0
#: Preference item ids (fixed by the quiz contract).
MAX_JOB_ZONE = "max_job_zone"
MIN_ANNUAL_WAGE = "min_annual_wage"


@dataclass(frozen=True, eq=False)
class Profile:
    """A person's answers read onto the scales of the O*NET data they are compared with.

    ``interests``: six area scores on 0-40 in RIASEC order. ``flat``: the scores are all
    equal, so they carry no interest pattern. ``code``: the top three letters, ties broken
    in RIASEC order ("" when flat). ``values``: importance 0-1 of the six O*NET work values
    in ``WORK_VALUES`` order (NaN for a value the quiz did not ask; None when it asked none).
    ``skills``: element id -> self-rated level 0-7 (empty when the quiz asked none).
    """

    interests: FloatArray
    flat: bool
    code: str
    values: FloatArray | None
    skills: Mapping[str, float]
    max_job_zone: int | None
    min_annual_wage: float | None
    asked_interests: bool = True


def _unit(answer: float, item: Mapping[str, Any]) -> float:
    """The answer mapped linearly onto [0, 1] over the item's scale, clipped."""
    low, high = float(item["min"]), float(item["max"])
    if high <= low:
        raise ValueError(f"item {item['id']!r} has an empty scale ({low}..{high})")
    return min(1.0, max(0.0, (float(answer) - low) / (high - low)))


def interest_code(scores: FloatArray) -> str:
    """The three highest areas' letters, highest first, ties broken in RIASEC order."""
    order = sorted(range(len(INTEREST_AREAS)), key=lambda i: (-float(scores[i]), i))
    return "".join(INTEREST_AREAS[i] for i in order[:3])


def build_profile(
    answers: Mapping[str, float],
    items: Sequence[Mapping[str, Any]],
    *,
    skill_ids: Sequence[str],
) -> Profile:
    """Read ``answers`` (item id -> number) through ``items`` (``ScoringItemSchema`` dicts).

    Items without an answer are skipped (the quiz service has already checked that every
    required item was answered). Skill items whose element id is not in ``skill_ids`` (the
    catalog's skills) and value items naming an unknown work value are ignored. Raises
    ``ValueError`` when the quiz asks about some interest areas but not all six.
    """
    area_answers: dict[str, list[float]] = {area: [] for area in INTEREST_AREAS}
    value_answers: dict[str, list[float]] = {name: [] for name in WORK_VALUES}
    skill_answers: dict[str, list[float]] = {}
    known_skills = set(skill_ids)
    max_job_zone: int | None = None
    min_wage: float | None = None
    for item in items:
        item_id = str(item["id"])
        if item_id not in answers or answers[item_id] is None or isinstance(answers[item_id], str):
            continue  # string answers (the location) are read by services.matcher.regional
        answer = float(answers[item_id])
        kind, target = item["kind"], str(item["target"])
        if kind == "interest" and target in area_answers:
            area_answers[target].append(_unit(answer, item))
        elif kind == "value" and target in value_answers:
            value_answers[target].append(_unit(answer, item))
        elif kind == "skill" and target in known_skills:
            skill_answers.setdefault(target, []).append(_unit(answer, item))
        elif kind == "preference" and target == MAX_JOB_ZONE:
            max_job_zone = int(round(answer))
        elif kind == "preference" and target == MIN_ANNUAL_WAGE and answer > 0:
            min_wage = answer

    answered_areas = [area for area, got in area_answers.items() if got]
    if answered_areas and len(answered_areas) < len(INTEREST_AREAS):
        missing = "".join(a for a in INTEREST_AREAS if a not in answered_areas)
        raise ValueError(f"the quiz asks about some interest areas but not {missing}")
    interests = np.array(
        [
            AREA_SCORE_MAX * float(np.mean(area_answers[a])) if a in answered_areas else 0.0
            for a in INTEREST_AREAS
        ],
        dtype=np.float64,
    )
    all_answers = [x for a in INTEREST_AREAS for x in area_answers[a]]
    flat = (
        not all_answers
        or float(np.ptp(interests)) <= FLAT_SPREAD
        or max(all_answers) == min(all_answers)
    )
    values: FloatArray | None = None
    if any(value_answers.values()):
        values = np.array(
            [float(np.mean(got)) if got else math.nan for got in value_answers.values()],
            dtype=np.float64,
        )
    order = {skill: i for i, skill in enumerate(skill_ids)}
    skills = {
        skill: SKILL_LEVEL_MAX * float(np.mean(skill_answers[skill]))
        for skill in sorted(skill_answers, key=order.__getitem__)
    }
    return Profile(
        interests=interests,
        flat=flat,
        code="" if flat else interest_code(interests),
        values=values,
        skills=skills,
        max_job_zone=max_job_zone,
        min_annual_wage=min_wage,
        asked_interests=bool(all_answers),
    )


def _join(words: Sequence[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def profile_notes(profile: Profile) -> list[str]:
    """Sentences a person can read about what their answers say and how they are used."""
    notes: list[str] = []
    scores = profile.interests
    if not profile.asked_interests:
        notes.append(
            "This quiz did not ask about your interests, so your matches rest on your other "
            "answers and limits."
        )
    elif profile.flat:
        notes.append(
            "Your interest answers were all the same, so they cannot show which kinds of "
            "work you like more than others; your matches rest on your other answers and "
            "limits instead."
        )
    else:
        top = [
            f"{INTEREST_NAMES[letter]} ({scores[INTEREST_AREAS.index(letter)]:.0f} of 40)"
            for letter in profile.code
        ]
        notes.append(f"Your strongest interests are {_join(top)}.")
        if float(np.ptp(scores)) <= NARROW_SPREAD:
            notes.append(
                "Your interest scores are close together, so many kinds of work fit you about "
                "equally well; small changes in your answers could reorder your matches."
            )
    if profile.values is not None:
        named = [
            (float(v), name)
            for name, v in zip(WORK_VALUES, profile.values, strict=True)
            if not math.isnan(v)
        ]
        best = max(v for v, _ in named)
        important = [name for v, name in named if v == best]
        notes.append(f"In work you value {_join(important)} most.")
    return notes


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
        "flat": profile.flat,
        "notes": profile_notes(profile),
        "values": values,
        "skills": {k: round(v, 2) for k, v in profile.skills.items()} if profile.skills else None,
        "max_job_zone": profile.max_job_zone,
        "min_annual_wage": None
        if profile.min_annual_wage is None
        else round(profile.min_annual_wage),
    }
