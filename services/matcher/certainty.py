"""What a person's answers can tell apart: flat parts, score groups, and what is said of them.

Pure functions, no I/O. The rules (written also in ``docs/matching.md``):

- A part of the quiz is **flat** when its answers do not rank anything above anything else:
  interests whose six area scores lie within ``NARROW_SPREAD`` of 40 of each other (or are
  all equal), work values all within ``VALUED_BELOW_TOP`` of the highest (every value is
  then "valued most", so none is), skills all rated at the same level.
- When every part the quiz asked and weighs is flat, the answers **do not separate careers**:
  no career shows a score or a fit label, the intro says their order says nothing about fit,
  and the notes offer the next step (the full quiz from the short one; from the full quiz,
  the skills and values part answered with differences).
- Otherwise the shown careers are cut into **score groups**: in rank order, a career joins
  the group of the one above when its score is within ``SCORE_RESOLUTION`` points below the
  group's best and both are within the person's limits (or both outside). Every career
  of a group shows the same score (the group's best, rounded), and never 0 or 100
  (``SHOWN_SCORE_MIN``..``SHOWN_SCORE_MAX``): a quiz cannot show a perfect fit or none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from services.matcher.profile import NARROW_SPREAD, VALUED_BELOW_TOP, Profile

#: Scores (0-100) closer than this to the best of their group are not told apart. Measured
#: on the golden answer sets: answering again with a third of the items one step off moves
#: a top-10 career's score by a median 0.6-1.1 points on the full quiz (90th percentile
#: 1.5-2.4) and 1.6 on the short quiz (90th percentile 3.9).
SCORE_RESOLUTION = 2.0
SHOWN_SCORE_MIN = 1
SHOWN_SCORE_MAX = 99
#: Skill levels (LV 0-7) closer than this count as one level (float noise only).
SKILL_SPREAD = 1e-9

NextStep = Literal["full_quiz", "skills_and_values"]

NOT_SCORED = "Not scored: your answers don't separate careers."
NOT_RANKED_INTRO = (
    "Your answers don't separate careers, so these carry no match score and their order "
    "says nothing about how well they fit you."
)
FULL_QUIZ_ADVICE = (
    "Your answers were all the same or nearly so, so they cannot tell careers apart. "
    "Take the full quiz, which also asks what you value at work and about your skills, or "
    "answer again using the ends of the scale for what you like and dislike most."
)
SKILLS_VALUES_ADVICE = (
    "Your answers were all the same or nearly so, so they cannot tell careers apart. "
    "Answer the skills and values part again: rate what matters most to you above the "
    "rest, and your strongest skills above your weakest."
)


def interests_flat(profile: Profile) -> bool:
    """The interest answers rank no area above another (or barely: within NARROW_SPREAD)."""
    return profile.flat or float(np.ptp(profile.interests)) <= NARROW_SPREAD


def values_flat(profile: Profile) -> bool:
    """Every rated work value is within ``VALUED_BELOW_TOP`` of the highest."""
    if profile.values is None:
        return True
    rated = [float(v) for v in profile.values.tolist() if not math.isnan(v)]
    return not rated or max(rated) - min(rated) <= VALUED_BELOW_TOP


def skills_flat(profile: Profile) -> bool:
    """Every rated skill is at the same level."""
    levels = list(profile.skills.values())
    return not levels or max(levels) - min(levels) <= SKILL_SPREAD


def flat_parts(profile: Profile, asked: Sequence[str]) -> list[str]:
    """The parts of ``asked`` (``explain.asked_parts``) whose answers are flat."""
    flat = {
        "interests": interests_flat(profile),
        "values": values_flat(profile),
        "skills": skills_flat(profile),
    }
    return [part for part in asked if flat[part]]


def separates(profile: Profile, asked: Sequence[str]) -> bool:
    """Whether the answers separate careers at all: some asked part is not flat."""
    return bool(asked) and len(flat_parts(profile, asked)) < len(asked)


def next_step(asked: Sequence[str]) -> NextStep:
    """What to offer a person whose answers do not separate careers."""
    return "skills_and_values" if "values" in asked or "skills" in asked else "full_quiz"


def advice(step: NextStep) -> str:
    return FULL_QUIZ_ADVICE if step == "full_quiz" else SKILLS_VALUES_ADVICE


@dataclass(frozen=True)
class ShownScore:
    """A career's score as shown: ``value`` (None: not scored), its group and the group's size."""

    value: int | None
    group: int
    size: int
    text: str


def shown_score(score: float) -> int:
    """A score (0-100) as shown: rounded, never 0 nor 100."""
    return min(SHOWN_SCORE_MAX, max(SHOWN_SCORE_MIN, round(score)))


def score_groups(
    scores: Sequence[float], separated: bool = True, blocks: Sequence[object] | None = None
) -> list[ShownScore]:
    """The shown score of each career (``scores`` 0-100 in rank order, NaN for not scored).

    Not separated, or NaN: not scored. Otherwise grouped as the module says; a group never
    spans two ``blocks`` (e.g. within and outside the limits, which rank apart) nor a
    career scored above the group's best (ranked below it by a limit or a tie-break).
    """
    groups: list[list[int]] = []  # careers' positions; a not-scored career stands alone
    for k, score in enumerate(scores):
        head = scores[groups[-1][0]] if groups else math.nan
        same_block = blocks is None or (k > 0 and blocks[k] == blocks[groups[-1][0]])
        scored = separated and not math.isnan(score) and same_block
        if scored and not math.isnan(head) and 0 <= head - score < SCORE_RESOLUTION:
            groups[-1].append(k)
        else:
            groups.append([k])
    out: list[ShownScore] = []
    for number, members in enumerate(groups, start=1):
        top = scores[members[0]]
        if not separated or math.isnan(top):
            out.append(ShownScore(None, number, 1, NOT_SCORED))
            continue
        value = shown_score(top)
        text = score_text(value, len(members))
        out.extend(ShownScore(value, number, len(members), text) for _ in members)
    return out


def score_text(value: int, size: int) -> str:
    """How a score is said: alone, or as one of ``size`` careers the answers don't separate."""
    if size <= 1:
        return f"{value} / 100"
    others = "career" if size == 2 else "careers"
    return (
        f"About {value} / 100, as for {size - 1} other {others} here: "
        "your answers don't separate them"
    )
