"""Answer sets to the real quizzes, scored against the real catalog by the matcher's pure
functions: what property tests of a result draw from."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from services.matcher import jobs
from services.quiz.quizzes import load_quizzes
from shared.contract.result import ResultBody, check_result
from tests.golden_results import _catalog

FULL, SHORT = "career-match", "career-match-short"
QUIZ_IDS = (FULL, SHORT)
#: Each example scores every career of the real catalog: fewer than the unit properties.
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def request(quiz_id: str, answers: dict[str, float]) -> dict[str, Any]:
    quiz = load_quizzes()[quiz_id]
    return {
        "quiz_id": quiz.id,
        "quiz_version": quiz.version,
        "answers": answers,
        "items": quiz.scoring_items(),
        "weights": quiz.weights,
    }


def scored_items(quiz_id: str) -> list[dict[str, Any]]:
    items = load_quizzes()[quiz_id].scoring_items()
    return [dict(item) for item in items if item["kind"] in ("interest", "value", "skill")]


@st.composite
def answer_sets(draw: st.DrawFn, quiz_id: str) -> dict[str, float]:
    """Answers to every scored item: all one answer, a few steps off one answer (near
    flat), or anything; each kind of item drawn on its own so parts can be flat alone."""
    answers: dict[str, float] = {}
    for kind in ("interest", "value", "skill"):
        items = [item for item in scored_items(quiz_id) if item["kind"] == kind]
        if not items:
            continue
        low, high = int(items[0]["min"]), int(items[0]["max"])
        shape = draw(st.sampled_from(("flat", "near", "any")))
        base = draw(st.integers(low, high))
        for item in items:
            answers[str(item["id"])] = base
        if shape == "near":
            for item in draw(st.lists(st.sampled_from(items), max_size=2, unique_by=id)):
                step = draw(st.sampled_from((-1, 1)))
                answers[str(item["id"])] = min(high, max(low, base + step))
        elif shape == "any":
            for item in items:
                answers[str(item["id"])] = draw(st.integers(low, high))
    zone = draw(st.sampled_from((None, 2, 3, 4)))
    return answers if zone is None else {**answers, "max_job_zone": zone}


def result(quiz_id: str, answers: dict[str, float]) -> ResultBody:
    body = jobs.compute(request(quiz_id, answers), _catalog())  # type: ignore[arg-type]
    return check_result(body)


def neutral(quiz_id: str) -> dict[str, float]:
    return {str(item["id"]): 2 for item in scored_items(quiz_id)}
