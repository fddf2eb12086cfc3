"""Certainty and suggestions as people read them, through the real stack (quiz service,
Redis, Celery matcher, catalog): the neutral person on both quizzes, the Texas teen and a
Canadian, each asserting what the person reads."""

from __future__ import annotations

import re

import pytest

from scripts.sample_answers import persona_answers
from tests.conftest import Stack
from tests.support import quiz_definition, result_for

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("quiz_id", "offer"),
    [("career-match-short", "Take the full quiz"), ("career-match", "skills and values part")],
)
def test_the_neutral_person_reads_no_false_certainty(
    quiz_stack: Stack, quiz_id: str, offer: str
) -> None:
    quiz = quiz_definition(quiz_stack.quiz_url, quiz_id)
    areas = {a: 2 for a in "RIASEC"}
    skills = {
        str(item["skill"]): 2
        for section in quiz["sections"]
        for item in section["items"]
        if "skill" in item
    }
    doc = result_for(quiz_stack.quiz_url, quiz_id, persona_answers(quiz, areas, skills, value=2))
    profile = doc["profile"]
    assert profile["separates_careers"] is False
    assert any(offer in note for note in profile["notes"]), profile["notes"]
    assert doc["intro"].startswith("Your answers don't separate careers")
    for match in doc["matches"]:
        assert match["shown_score"] is None and match["fit"] is None
        assert not re.search(r"\b(100|0) / 100", match["score_text"])
    if quiz_id == "career-match":
        reasons = " ".join(r for m in doc["matches"] for r in m["reasons"])
        assert "than you would like" not in reasons and "what you value most" not in reasons


def test_the_texas_teen_gets_three_suggestions_in_texas_pay(quiz_stack: Stack) -> None:
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers: dict[str, object] = {
        **persona_answers(quiz, {"A": 4, "S": 4, "R": 1, "I": 1, "E": 1, "C": 1}, max_job_zone=2),
        "location": "US-TX",
    }
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)  # type: ignore[arg-type]
    suggested = doc["suggested_skills"]
    assert len(suggested) >= 3, [s["name"] for s in suggested]
    assert doc["suggested_note"]
    assert all(s["pay_text"].startswith("Pay in Texas") for s in suggested)
    # careers the answers cannot tell apart share their shown score, never 100
    shown = [m["shown_score"] for m in doc["matches"]]
    assert all(s is not None and 1 <= s <= 99 for s in shown)


def test_a_canadian_reads_suggestion_pay_in_canadian_dollars(quiz_stack: Stack) -> None:
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers: dict[str, object] = {
        **persona_answers(quiz, {"I": 4, "C": 4, "E": 2}, {"2.A.1.e": 3, "2.B.3.e": 3}),
        "location": "CA-ON",
        "min_wage_cad": 90000,
        "min_wage_cad_per": "year",
    }
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)  # type: ignore[arg-type]
    suggested = doc["suggested_skills"]
    assert len(suggested) >= 3
    assert any(s["pay_currency"] == "CAD" for s in suggested)
    for s in suggested:
        if s["pay_currency"] == "CAD":
            assert "C$" in s["pay_text"] and "$" not in s["pay_text"].replace("C$", "")
        else:
            assert "US national figures" in s["pay_text"]
