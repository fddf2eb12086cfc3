"""Three people through the real stack (quiz service, Redis, Celery matcher, catalog).

Each persona answers the full or the short quiz as such a person would; the test reads
the result as they would: the areas that stand out, the reasons, the skills suggested to
them and whose pay each career shows.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from shared.contract.onet import INTEREST_NAMES
from shared.contract.result import ResultBody, check_result
from tests.conftest import Stack
from tests.test_submission_flow import submit, wait_done

pytestmark = pytest.mark.integration

OFFICE = {"Microsoft Excel", "Microsoft Office software", "Microsoft Word", "Microsoft Outlook"}
UBIQUITOUS = OFFICE | {"Email software", "Web browser software", "Microsoft PowerPoint"}


def quiz_definition(stack: Stack, quiz_id: str) -> dict[str, Any]:
    response = requests.get(f"{stack.quiz_url}/v1/quizzes/{quiz_id}", timeout=5)
    assert response.status_code == 200
    return response.json()


def persona_answers(
    quiz: dict[str, Any],
    areas: dict[str, int],
    skills: dict[str, int] | None = None,
    value: int = 2,
    **prefs: int,
) -> dict[str, int]:
    """Every interest item of an area at ``areas[area]`` (default 0), skills, values."""
    answers: dict[str, int] = {}
    for section in quiz["sections"]:
        for item in section["items"]:
            if "area" in item:
                answers[item["id"]] = areas.get(item["area"], 0)
            elif "skill" in item:
                answers[item["id"]] = (skills or {}).get(item["skill"], 1)
            elif "value" in item:
                answers[item["id"]] = value
    answers.update(prefs)
    return answers


def result_for(stack: Stack, quiz_id: str, answers: dict[str, int]) -> dict[str, Any]:
    response = submit(stack, answers, quiz_id=quiz_id)
    assert response.status_code == 202, response.text
    doc = wait_done(stack, response.json()["id"])
    assert doc["status"] == "done", doc
    fields = ResultBody.__required_keys__ | ResultBody.__optional_keys__
    check_result({k: doc[k] for k in fields if k in doc})
    return doc


def low_area_names(doc: dict[str, Any]) -> set[str]:
    return {INTEREST_NAMES[a] for a, score in doc["profile"]["interests"].items() if score < 20}


def assert_no_false_likeness(doc: dict[str, Any]) -> None:
    low = low_area_names(doc)
    for match in doc["matches"]:
        for reason in match["reasons"]:
            if reason.startswith("Like you"):
                claim = reason.split("; it also leans")[0]
                assert not any(name in claim for name in low), reason


def test_data_person_short_quiz(quiz_stack: Stack) -> None:
    """The issue's case: short quiz, every Investigative item at 4 and every other at 1."""
    quiz = quiz_definition(quiz_stack, "career-match-short")
    answers = persona_answers(quiz, {"I": 4, "R": 1, "A": 1, "S": 1, "E": 1, "C": 1})
    doc = result_for(quiz_stack, "career-match-short", answers)
    profile = doc["profile"]
    assert len(profile["code"]) == 3 and profile["strong_areas"] == ["I"]
    assert profile["notes"][0].startswith("Only Investigative (40 of 40) stands out")
    assert doc["intro"] == "Ranked by match score (0 to 100), from your interests."
    assert_no_false_likeness(doc)
    top = doc["matches"][0]
    assert top["reasons"][0].startswith("Like you, it is strongly Investigative")
    names = [s["name"] for s in doc["suggested_skills"]]
    data_tools = {"Python", "R", "SAS", "Structured query language SQL", "StataCorp Stata"}
    first_data = min(names.index(n) for n in data_tools if n in names)
    office = [names.index(n) for n in OFFICE if n in names]
    assert first_data < min(office, default=len(names)), names
    for s in doc["suggested_skills"]:
        assert s["why"].startswith(f"Used by {s['careers']} of your top {s['top_careers']}")
        assert len(s["career_codes"]) == s["careers"] == len(s["career_titles"])
        assert "median wages" in s["median_wage_definition"]


def test_data_person_full_quiz_with_limits(quiz_stack: Stack) -> None:
    quiz = quiz_definition(quiz_stack, "career-match")
    answers = persona_answers(
        quiz,
        {"I": 4, "C": 3, "R": 1},
        {"2.A.1.e": 4, "2.A.1.f": 3, "2.A.1.a": 3},
        max_job_zone=4,
        min_annual_wage=90000,
    )
    doc = result_for(quiz_stack, "career-match", answers)
    assert doc["profile"]["strong_areas"] == ["I", "C"]
    assert doc["intro"] == (
        "Ranked by match score (0 to 100), from your interests, what you value at work and "
        "your skills. Careers within your training and pay limits come first."
    )
    assert_no_false_likeness(doc)
    names = [s["name"] for s in doc["suggested_skills"]]
    assert not set(names) & UBIQUITOUS, names
    # pay sources: every wage says whose it is, and group wages say so in the reasons
    for match in doc["matches"]:
        source = match["pay_source"]
        if match["median_wage"] is None and not match["wage_top_coded"]:
            continue
        assert source is not None and source["scope"] in ("own", "group", "broad")
        if source["scope"] != "own":
            assert any(f"{source['title']} ({source['soc']})" in r for r in match["reasons"]), (
                match["reasons"]
            )
    # what the limits cost: a graduate-degree career left out by Job Zone 4 at most
    beyond = doc["beyond_limits"]
    assert beyond["careers"], beyond
    assert any(
        c["limits_broken"] == ["max_job_zone"] and "graduate degree" in c["reason"]
        for c in beyond["careers"]
    )
    top = doc["matches"][0]["score"]
    tenth = doc["matches"][9]["score"]
    assert all(c["score"] >= tenth for c in beyond["careers"]) and top > 0
    gaps = [g for m in doc["matches"] for g in m["skill_gaps"]]
    assert gaps and all(g["text"].startswith(g["name"] + ": you said ") for g in gaps)
    assert all("of 7" not in g["text"] for g in gaps)


def test_health_person_gets_clinical_software(quiz_stack: Stack) -> None:
    quiz = quiz_definition(quiz_stack, "career-match")
    answers = persona_answers(
        quiz,
        {"S": 4, "I": 3, "R": 1, "C": 1},
        {"2.A.1.f": 3, "2.B.1.a": 3, "2.B.1.f": 3, "2.A.1.a": 3},
        max_job_zone=4,
    )
    doc = result_for(quiz_stack, "career-match", answers)
    assert doc["profile"]["strong_areas"] == ["S", "I"]
    assert_no_false_likeness(doc)
    names = [s["name"] for s in doc["suggested_skills"]]
    clinical = [n for n in names if any(w in n for w in ("EHR", "EMR", "Medical", "Epic"))]
    assert clinical and names.index(clinical[0]) == 0, names
    assert "Email software" not in names and "Web browser software" not in names
    nurses = [m for m in doc["matches"] if m["code"].startswith("29-1141.")]
    for match in nurses:
        if match["code"] != "29-1141.00":
            assert match["pay_source"]["scope"] == "group"
            assert match["pay_source"]["title"] == "Registered Nurses"


def test_trades_person(quiz_stack: Stack) -> None:
    quiz = quiz_definition(quiz_stack, "career-match")
    answers = persona_answers(
        quiz, {"R": 4, "C": 2, "I": 1}, {"2.B.3.l": 4, "2.B.3.g": 3}, max_job_zone=3
    )
    doc = result_for(quiz_stack, "career-match", answers)
    assert doc["profile"]["strong_areas"] == ["R"]
    assert_no_false_likeness(doc)
    assert all(m["job_zone"] is None or m["job_zone"] <= 3 for m in doc["matches"][:10])
    assert doc["matches"][0]["reasons"][0].startswith("Like you, it is strongly Realistic")
    names = {s["name"] for s in doc["suggested_skills"]}
    assert not names & UBIQUITOUS, names
    own = [m for m in doc["matches"] if (m["pay_source"] or {}).get("scope") == "own"]
    for m in own:
        pay = [r for r in m["reasons"] if "median pay" in r.lower()]
        assert pay and not any("group" in r for r in pay), m["reasons"]
