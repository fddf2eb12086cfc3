"""Variants: a result's answers scored again with other limits, weights or careers set aside.

A variant is a submission of its own (own id, link and deletion token) made from a stored
one: the person's answers as they were, with only what the variant changes. The changes
go through the same compiled answer rules as a submission (``Quiz.check_answers``), so a
change that breaks one (a pay minimum in US dollars with a Canadian place) is refused
exactly as in a submission. The matcher scores a variant like any submission, from the same
queue: its answers, weights and careers set aside name its entry in the answer cache, so a
variant scored before (a change undone, the same change asked twice) is copied from there.

Bounds of the weights: each part of the score (``interests``, ``values``, ``skills``) that
the quiz version weighs may be given any weight from 0 (left out) to ``WEIGHT_MAX``; a
part the version does not weigh stays at 0 (it has no items to score); at least one part
must weigh more than 0. Weights are relative (the score is their weighted mean).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.quiz.answers import AnswersRefused
from services.quiz.quizzes import Quiz
from shared.contract.request import (
    PREFERENCES,
    RequestHeader,
    SubmissionRequest,
    VariantChanges,
)
from shared.contract.result import ResultBody

#: The largest weight a part of the score may be given (see the module's docstring).
WEIGHT_MAX = 1.0
#: At most this many careers may be set aside in one variant.
MAX_SET_ASIDE = 50
NOT_A_PREFERENCE = (
    "Not a preference of this quiz version: only preferences change without retaking."
)
NOT_WEIGHED = "This quiz version does not weigh this part; it stays 0."
ALL_ZERO = "At least one part of the score must weigh more than 0."
NOT_SHOWN = "Not a career of this result: only careers it shows can be set aside."


class VariantRefused(ValueError):
    """The changes cannot make a variant; ``errors`` names each wrong field with why, and
    ``status`` is the HTTP status to answer (422, or 409 when the origin is not done)."""

    def __init__(self, errors: dict[str, Any], status: int = 422) -> None:
        super().__init__(str(errors))
        self.errors = errors
        self.status = status


@dataclass(frozen=True)
class Variant:
    """What a variant submits: the origin's answers with the changes, checked."""

    variant_of: str
    answers: dict[str, float | str]
    weights: dict[str, float]
    set_aside: list[str]
    changes: VariantChanges


def quiz_of(
    header: RequestHeader, current: Mapping[str, Quiz], previous: Mapping[tuple[str, str], Quiz]
) -> Quiz | None:
    """The quiz version a stored submission answered, if this service still has it."""
    quiz = current.get(header["quiz_id"])
    if quiz is not None and quiz.version == header["quiz_version"]:
        return quiz
    return previous.get((header["quiz_id"], header["quiz_version"]))


def derive(
    quiz: Quiz,
    origin: SubmissionRequest,
    origin_result: ResultBody | None,
    changes: VariantChanges,
) -> Variant:
    """The variant of ``origin`` that ``changes`` make; ``VariantRefused`` naming each wrong
    field. ``origin_result`` (None until it is done) tells which careers can be set aside.
    No change at all is a copy (its own id and token), which the answer cache serves."""
    errors: dict[str, Any] = {}
    answers = dict(origin["answers"])
    weights = {part: float(weight) for part, weight in origin["weights"].items()}
    set_aside = list(origin.get("set_aside", []))
    recorded: VariantChanges = {}
    if "preferences" in changes:
        preferences = changes["preferences"]
        try:
            answers = _with_preferences(quiz, answers, preferences)
        except AnswersRefused as exc:
            errors["preferences"] = exc.errors
        recorded["preferences"] = dict(preferences)
    if "weights" in changes:
        weight_errors = _weight_errors(quiz, {**weights, **changes["weights"]}, changes["weights"])
        if weight_errors:
            errors["weights"] = weight_errors
        weights.update({part: float(value) for part, value in changes["weights"].items()})
        recorded["weights"] = dict(changes["weights"])
    if "set_aside" in changes:
        set_aside = list(dict.fromkeys(changes["set_aside"]))
        if set_aside and origin_result is None:
            raise VariantRefused(
                {"set_aside": ["The result is not done yet: wait for it, then set careers aside."]},
                status=409,
            )
        shown = _shown_codes(origin_result, origin.get("set_aside", []))
        wrong = {str(i): [NOT_SHOWN] for i, code in enumerate(set_aside) if code not in shown}
        if wrong:
            errors["set_aside"] = wrong
        recorded["set_aside"] = set_aside
    if errors:
        raise VariantRefused(errors)
    return Variant(origin["id"], answers, weights, set_aside, recorded)


def _with_preferences(
    quiz: Quiz, answers: dict[str, float | str], preferences: Mapping[str, Any]
) -> dict[str, float | str]:
    """The origin's answers with ``preferences`` over them (null removes one), checked by
    the quiz version's rules; ``AnswersRefused`` naming each wrong item."""
    unknown = {
        name: [NOT_A_PREFERENCE]
        for name in preferences
        if name not in PREFERENCES or name not in quiz.items
    }
    if unknown:
        raise AnswersRefused(unknown)
    merged: dict[str, Any] = dict(answers)
    for name, value in preferences.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return quiz.check_answers(merged)


def _weight_errors(
    quiz: Quiz, weights: Mapping[str, float], given: Mapping[str, float]
) -> dict[str, list[str]]:
    """What is wrong with the weights (``given`` over the origin's), by part."""
    errors = {
        part: [NOT_WEIGHED]
        for part, value in given.items()
        if quiz.weights.get(part, 0.0) <= 0 and value > 0
    }
    if not errors and sum(weights.values()) <= 0:
        errors["_schema"] = [ALL_ZERO]
    return errors


def _shown_codes(result: ResultBody | None, set_aside: Iterable[str]) -> set[str]:
    """The careers a result shows (matches, beyond its limits) or has set aside."""
    codes = set(set_aside)
    if result is not None:
        codes.update(match["code"] for match in result["matches"])
        codes.update(c["code"] for c in result.get("beyond_limits", {}).get("careers", []))
    return codes
