"""Turn a person's quiz answers into the profile the scoring model compares with careers.

Pure functions, no I/O. Every item says how to read its answer (``shared.contract.ScoringItem``:
``kind``, ``target``, ``min``, ``max``), so the same code reads the full quiz and the short
one: each answer is first mapped linearly to [0, 1] over its item's ``min``..``max``.
``build_profiles`` reads many completions of one person's answers at once, as the arrays
scoring reads (``Profiles``; the adaptive quiz's imagined completions).

- Interests: an area's score is the mean of its items on [0, 1] times 40, so ten 0-4 items
  score their sum (0-40) and the short quiz's five items score on the same 0-40 scale.
- Work values: a value's importance is the mean of its items on [0, 1].
- Skills: a self-rated level on O*NET's level scale (LV, 0-7): the answer on [0, 1] times 7.
- Preferences: ``max_job_zone`` (1-5) and ``min_annual_wage`` (US$ a year); left out or 0
  means no limit.

Which areas **stand out**: an area stands out when it is among the person's three highest
(the ``code``) *and* its score is above the middle of the scale (more than 20 of 40, i.e.
the person's answers on it lean to "like"). The code keeps three letters for clients; the
standout areas may be fewer, or none. An area scored below the middle is one the person
rated low: no sentence calls a career "like you" on it.

Skill labels: a self-rated level is also kept as the label the person picked, and an O*NET
level is read back onto the item's labels with ``level_label`` (cut points from O*NET's
level scale anchors, see ``LEVEL_LABEL_POINTS``).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from shared.contract.onet import INTEREST_AREAS, WORK_VALUES
from shared.contract.request import MAX_JOB_ZONE, MIN_ANNUAL_WAGE

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
#: The middle of an area's scale: above it the person's answers lean to "like".
AREA_MIDDLE = AREA_SCORE_MAX / 2
#: O*NET's level scale anchors (``Level Scale Anchors.txt``): every skill is anchored at
#: LV 2, 4 and 6 (a simple, an everyday and a hard example task). On a five-label item
#: (None yet, Beginner, Capable, Advanced, Expert) the first label is the bottom of the
#: scale (0), the three middle labels are the three anchors, and the last is the top (7).
LEVEL_ANCHORS = (2.0, 4.0, 6.0)
LEVEL_LABEL_POINTS = (0.0, *LEVEL_ANCHORS, SKILL_LEVEL_MAX)
#: An O*NET level reads as the label whose point is nearest: cut points halfway between
#: neighbouring points, i.e. 1, 3, 5 and 6.5.
LEVEL_CUTS = tuple(
    (a + b) / 2 for a, b in zip(LEVEL_LABEL_POINTS, LEVEL_LABEL_POINTS[1:], strict=False)
)
#: A work value the person "values most": rated at least this (0-1) and within
#: ``VALUED_BELOW_TOP`` of their highest-rated value.
VALUED = 0.5
VALUED_BELOW_TOP = 0.125
#: Preference item ids (fixed by the quiz contract).


@dataclass(frozen=True, eq=False)
class Profile:
    """A person's answers read onto the scales of the O*NET data they are compared with.

    ``interests``: six area scores on 0-40 in RIASEC order. ``flat``: the scores are all
    equal, so they carry no interest pattern. ``code``: the top three letters, ties broken
    in RIASEC order ("" when flat). ``values``: importance 0-1 of the six O*NET work values
    in ``WORK_VALUES`` order (NaN for a value the quiz did not ask; None when it asked none).
    ``skills``: element id -> self-rated level 0-7 (empty when the quiz asked none).
    ``strong``: the letters of ``code`` that stand out (above the middle of the scale).
    ``skill_labels``: element id -> the labels of the item's scale (when the quiz sent
    them); ``skill_answers``: element id -> the answer on the item's own scale (0-based).
    """

    interests: FloatArray
    flat: bool
    code: str
    values: FloatArray | None
    skills: Mapping[str, float]
    max_job_zone: int | None
    min_annual_wage: float | None
    asked_interests: bool = True
    strong: str = ""
    skill_labels: Mapping[str, Sequence[str]] = field(default_factory=dict)
    skill_answers: Mapping[str, float] = field(default_factory=dict)

    @cached_property
    def most_valued(self) -> tuple[int, ...]:
        """Indexes (``WORK_VALUES`` order) of the values rated at least ``VALUED`` and
        within ``VALUED_BELOW_TOP`` of the highest one; empty when none was asked."""
        if self.values is None:
            return ()
        rated = [(float(v), k) for k, v in enumerate(self.values.tolist()) if not math.isnan(v)]
        if not rated:
            return ()
        top = max(v for v, _ in rated)
        return tuple(k for v, k in rated if v >= max(VALUED, top - VALUED_BELOW_TOP))

    def area_score(self, letter: str) -> float:
        return float(self.interests[INTEREST_AREAS.index(letter)])

    @cached_property
    def low_areas(self) -> str:
        """The letters of the areas the person scored below the middle of the scale."""
        if not self.asked_interests:
            return ""
        return "".join(
            x
            for x, v in zip(INTEREST_AREAS, self.interests.tolist(), strict=True)
            if v < AREA_MIDDLE
        )

    def rated_low(self, letter: str) -> bool:
        """Whether the person scored this area below the middle of the scale."""
        return letter in self.low_areas


def _scale(item: Mapping[str, Any]) -> tuple[float, float]:
    """The item's scale, ``(min, max)``; ``ValueError`` when it is empty."""
    low, high = float(item["min"]), float(item["max"])
    if high <= low:
        raise ValueError(f"item {item['id']!r} has an empty scale ({low}..{high})")
    return low, high


def _unit(answer: float, item: Mapping[str, Any]) -> float:
    """The answer mapped linearly onto [0, 1] over the item's scale, clipped."""
    low, high = _scale(item)
    return min(1.0, max(0.0, (float(answer) - low) / (high - low)))


def _mean(numbers: Sequence[float]) -> float:
    """The mean of a few answers (the sum exactly rounded; numpy's setup costs more here)."""
    return math.fsum(numbers) / len(numbers)


def label_index(levels: FloatArray, count: int) -> npt.NDArray[np.intp]:
    """Per O*NET level (LV 0-7), the index of the label it reads as on ``count`` labels.

    Five labels use the anchor points (``LEVEL_CUTS``); other counts split 0-7 evenly.
    """
    if count == len(LEVEL_LABEL_POINTS):
        return np.searchsorted(np.array(LEVEL_CUTS), levels, side="right").astype(np.intp)
    spread = np.rint(levels / SKILL_LEVEL_MAX * (count - 1))
    return np.clip(spread, 0, count - 1).astype(np.intp)


def level_label(level: float, labels: Sequence[str]) -> str | None:
    """The label of ``labels`` an O*NET level (LV 0-7) reads as; None if there are none."""
    if not labels:
        return None
    if len(labels) == len(LEVEL_LABEL_POINTS):
        return labels[bisect.bisect_right(LEVEL_CUTS, level)]
    return labels[int(label_index(np.array([level]), len(labels))[0])]


def standout_areas(scores: FloatArray, code: str) -> str:
    """The letters of ``code`` whose score is above the middle of the scale, in order."""
    return "".join(x for x in code if float(scores[INTEREST_AREAS.index(x)]) > AREA_MIDDLE)


def interest_code(scores: FloatArray) -> str:
    """The three highest areas' letters, highest first, ties broken in RIASEC order."""
    order = sorted(range(len(INTEREST_AREAS)), key=lambda i: (-float(scores[i]), i))
    return "".join(INTEREST_AREAS[i] for i in order[:3])


@dataclass
class _Answers:
    """A quiz's numeric answers sorted by what they measure, each on its item's scale."""

    areas: dict[str, list[float]] = field(
        default_factory=lambda: {area: [] for area in INTEREST_AREAS}
    )
    values: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name in WORK_VALUES}
    )
    #: per skill: the answers on [0, 1], and as given (from the bottom of the item's scale)
    skills: dict[str, list[float]] = field(default_factory=dict)
    skills_raw: dict[str, list[float]] = field(default_factory=dict)
    skill_labels: dict[str, list[str]] = field(default_factory=dict)
    max_job_zone: int | None = None
    min_wage: float | None = None


def _sort_answers(
    answers: Mapping[str, float | str],
    items: Sequence[Mapping[str, Any]],
    known_skills: set[str],
) -> _Answers:
    """The numeric answers by kind and target; items without one, or of unknown targets, skipped."""
    out = _Answers()
    for item in items:
        given = answers.get(str(item["id"]))
        if given is None or isinstance(given, str):
            continue  # string answers (the location) are read by services.matcher.regional
        answer = float(given)
        kind, target = item["kind"], str(item["target"])
        if kind == "interest" and target in out.areas:
            out.areas[target].append(_unit(answer, item))
        elif kind == "value" and target in out.values:
            out.values[target].append(_unit(answer, item))
        elif kind == "skill" and target in known_skills:
            out.skills.setdefault(target, []).append(_unit(answer, item))
            out.skills_raw.setdefault(target, []).append(answer - float(item["min"]))
            if item.get("labels"):
                out.skill_labels[target] = [str(label) for label in item["labels"]]
        elif kind == "preference" and target == MAX_JOB_ZONE:
            out.max_job_zone = int(round(answer))
        elif kind == "preference" and target == MIN_ANNUAL_WAGE and answer > 0:
            out.min_wage = answer
    return out


def _interest_scores(area_answers: Mapping[str, list[float]]) -> tuple[FloatArray, bool, bool]:
    """The six area scores (0-40), whether they are flat, and whether any was asked.

    Raises ``ValueError`` when some areas were asked and others not.
    """
    answered = [area for area, got in area_answers.items() if got]
    _check_areas(answered)
    interests = np.array(
        [AREA_SCORE_MAX * _mean(area_answers[a]) if a in answered else 0.0 for a in INTEREST_AREAS],
        dtype=np.float64,
    )
    all_answers = [x for a in INTEREST_AREAS for x in area_answers[a]]
    if not all_answers:
        return interests, True, False
    return interests, bool(flat_rows(interests, min(all_answers), max(all_answers))), True


def _check_areas(answered: Sequence[str]) -> None:
    """``ValueError`` when some interest areas were asked and others not."""
    if answered and len(answered) < len(INTEREST_AREAS):
        missing = "".join(a for a in INTEREST_AREAS if a not in answered)
        raise ValueError(f"the quiz asks about some interest areas but not {missing}")


def flat_rows(interests: FloatArray, lowest: Any, highest: Any) -> npt.NDArray[np.bool_]:
    """Per row of area scores (the last axis), whether it is flat: no spread beyond float
    noise, or every interest answer alike (``lowest``/``highest``: the answers' extremes
    on [0, 1], per row)."""
    spread = np.ptp(interests, axis=-1)
    return np.asarray((spread <= FLAT_SPREAD) | (np.asarray(highest) == np.asarray(lowest)))


def build_profile(
    answers: Mapping[str, float | str],
    items: Sequence[Mapping[str, Any]],
    *,
    skill_ids: Sequence[str],
) -> Profile:
    """Read ``answers`` (item id -> number) through ``items`` (``shared.contract.ScoringItem``).

    Items without an answer are skipped (the quiz service has already checked that every
    required item was answered). Skill items whose element id is not in ``skill_ids`` (the
    catalog's skills) and value items naming an unknown work value are ignored. Raises
    ``ValueError`` when the quiz asks about some interest areas but not all six.
    """
    sorted_answers = _sort_answers(answers, items, set(skill_ids))
    interests, flat, asked_interests = _interest_scores(sorted_answers.areas)
    values: FloatArray | None = None
    if any(sorted_answers.values.values()):
        values = np.array(
            [_mean(got) if got else math.nan for got in sorted_answers.values.values()],
            dtype=np.float64,
        )
    order = {skill: i for i, skill in enumerate(skill_ids)}
    skills = {
        skill: SKILL_LEVEL_MAX * _mean(sorted_answers.skills[skill])
        for skill in sorted(sorted_answers.skills, key=order.__getitem__)
    }
    code = "" if flat else interest_code(interests)
    return Profile(
        interests=interests,
        flat=flat,
        code=code,
        strong=standout_areas(interests, code),
        skill_labels=sorted_answers.skill_labels,
        skill_answers={k: _mean(v) for k, v in sorted_answers.skills_raw.items()},
        values=values,
        skills=skills,
        max_job_zone=sorted_answers.max_job_zone,
        min_annual_wage=sorted_answers.min_wage,
        asked_interests=asked_interests,
    )


@dataclass(frozen=True, eq=False)
class Profiles:
    """Several profiles as the arrays scoring reads, one row each (``scoring.score_rows``).

    ``interests`` (rows x 6) and ``flat`` (rows) as in ``Profile``; ``values`` (rows x 6,
    NaN for a value not asked, the same in every row; None when none was asked);
    ``skills`` (rows x ``len(skill_ids)``) the self-rated levels of the skills
    ``skill_ids`` names. The limits are the same for every row.
    """

    interests: FloatArray
    flat: npt.NDArray[np.bool_]
    values: FloatArray | None
    skill_ids: tuple[str, ...]
    skills: FloatArray
    max_job_zone: int | None
    min_annual_wage: float | None

    def __len__(self) -> int:
        return int(self.flat.shape[0])


def as_rows(profile: Profile) -> Profiles:
    """``profile`` as a batch of one."""
    return Profiles(
        interests=np.asarray(profile.interests, dtype=np.float64).reshape(1, -1),
        flat=np.array([profile.flat]),
        values=None if profile.values is None else profile.values.reshape(1, -1),
        skill_ids=tuple(profile.skills),
        skills=np.array([list(profile.skills.values())], dtype=np.float64).reshape(1, -1),
        max_job_zone=profile.max_job_zone,
        min_annual_wage=profile.min_annual_wage,
    )


def build_profiles(
    answers: Mapping[str, float | str],
    items: Sequence[Mapping[str, Any]],
    drawn_ids: Sequence[str],
    drawn: FloatArray,
    *,
    skill_ids: Sequence[str],
) -> Profiles:
    """``build_profile`` of many completions of ``answers`` at once, as arrays.

    Row ``s`` reads ``answers`` with ``drawn[s]`` as the answers to ``drawn_ids``. Each
    score is the mean of its items' answers on [0, 1], summed by one matrix product: the
    sums are exact, as ``build_profile``'s are, when the answers on [0, 1] are multiples of
    a small power of two (every quiz's 0-4 scale gives quarters).
    """
    known = set(skill_ids)
    limits = _sort_answers(answers, [i for i in items if i["kind"] == "preference"], known)
    groups = _score_groups(skill_ids)
    units, member = _unit_columns(answers, items, drawn_ids, drawn, groups)
    membership = np.zeros((len(member), len(groups)))
    membership[np.arange(len(member)), member] = 1.0
    counts = membership.sum(axis=0)
    sums = units @ membership
    means = np.divide(sums, counts, out=np.full(sums.shape, np.nan), where=counts > 0)
    areas, first_skill = len(INTEREST_AREAS), len(INTEREST_AREAS) + len(WORK_VALUES)
    _check_areas([a for k, a in enumerate(INTEREST_AREAS) if counts[k]])
    rows = drawn.shape[0]
    interest_units = units[:, member < areas]
    if interest_units.shape[1]:
        interests = AREA_SCORE_MAX * means[:, :areas]
        flat = flat_rows(interests, interest_units.min(axis=1), interest_units.max(axis=1))
    else:
        interests, flat = np.zeros((rows, areas)), np.ones(rows, dtype=bool)
    asked_skills = [k for k in range(first_skill, len(groups)) if counts[k]]
    return Profiles(
        interests=interests,
        flat=flat,
        values=means[:, areas:first_skill] if counts[areas:first_skill].any() else None,
        skill_ids=tuple(skill_ids[k - first_skill] for k in asked_skills),
        skills=SKILL_LEVEL_MAX * means[:, asked_skills],
        max_job_zone=limits.max_job_zone,
        min_annual_wage=limits.min_wage,
    )


def _score_groups(skill_ids: Sequence[str]) -> dict[tuple[str, str], int]:
    """Per ``(kind, target)`` an item may measure, its score's column: the six areas, the
    six work values, then the skills in ``skill_ids`` order."""
    targets = [
        *(("interest", a) for a in INTEREST_AREAS),
        *(("value", v) for v in WORK_VALUES),
        *(("skill", s) for s in skill_ids),
    ]
    return {target: k for k, target in enumerate(targets)}


def _unit_columns(
    answers: Mapping[str, float | str],
    items: Sequence[Mapping[str, Any]],
    drawn_ids: Sequence[str],
    drawn: FloatArray,
    groups: Mapping[tuple[str, str], int],
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """The answers on [0, 1] (rows x answered items) and each item's score column; items
    measuring nothing the profile reads, or without a numeric answer, are left out."""
    drawn_at = {item_id: k for k, item_id in enumerate(drawn_ids)}
    # per column of the result: where its answers come from (a drawn column, or one given)
    from_drawn: list[tuple[int, int]] = []
    from_given: list[tuple[int, float]] = []
    scales: list[tuple[float, float]] = []
    member: list[int] = []
    for item in items:
        group = groups.get((str(item["kind"]), str(item["target"])))
        if group is None:
            continue
        at = drawn_at.get(str(item["id"]))
        if at is not None:
            from_drawn.append((len(member), at))
        else:
            given = answers.get(str(item["id"]))
            if given is None or isinstance(given, str):
                continue
            from_given.append((len(member), float(given)))
        scales.append(_scale(item))
        member.append(group)
    matrix = np.empty((drawn.shape[0], len(member)))
    if from_drawn:
        to, source = zip(*from_drawn, strict=True)
        matrix[:, list(to)] = drawn[:, list(source)]
    if from_given:
        to, values = zip(*from_given, strict=True)
        matrix[:, list(to)] = values
    low, high = np.array(scales).reshape(-1, 2).T
    units = np.clip((matrix - low) / (high - low), 0.0, 1.0)
    return units, np.array(member, dtype=np.intp)
