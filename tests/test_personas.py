"""Three people through the real stack (quiz service, Redis, Celery matcher, catalog).

Each persona answers the full or the short quiz as such a person would; the test reads
the result as they would: the areas that stand out, the reasons, the skills suggested to
them and whose pay each career shows.
"""

from __future__ import annotations

from typing import Any

import pytest

from scripts.sample_answers import persona_answers
from shared.contract.onet import INTEREST_NAMES
from tests.conftest import Stack
from tests.support import quiz_definition, result_for
from tests.test_regional_readings import expected, national_rows

pytestmark = pytest.mark.integration

OFFICE = {"Microsoft Excel", "Microsoft Office software", "Microsoft Word", "Microsoft Outlook"}
UBIQUITOUS = OFFICE | {"Email software", "Web browser software", "Microsoft PowerPoint"}


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
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match-short")
    answers = persona_answers(quiz, {"I": 4, "R": 1, "A": 1, "S": 1, "E": 1, "C": 1})
    doc = result_for(quiz_stack.quiz_url, "career-match-short", answers)
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
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers = persona_answers(
        quiz,
        {"I": 4, "C": 3, "R": 1},
        {"2.A.1.e": 4, "2.A.1.f": 3, "2.A.1.a": 3},
        max_job_zone=4,
        min_annual_wage=90000,
    )
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)
    assert doc["profile"]["strong_areas"] == ["I", "C"]
    assert doc["intro"] == (
        "Ranked by match score (0 to 100), from your interests, what you value at work and "
        "your skills. Careers within your training and pay limits come first, then careers a "
        "limit could not be checked on, then careers outside them."
    )
    assert_no_false_likeness(doc)
    names = [s["name"] for s in doc["suggested_skills"]]
    assert not set(names) & UBIQUITOUS, names
    # pay sources: every wage says whose it is, in the pay fields (never in the reasons)
    for match in doc["matches"]:
        source = match["pay_source"]
        assert not any("pay" in r.lower() for r in match["reasons"]), match["reasons"]
        if match["median_wage"] is None and not match["wage_top_coded"]:
            continue
        assert source is not None and source["scope"] in ("own", "group", "broad")
        if source["scope"] != "own":
            assert f"{source['title']} ({source['soc']})" in source["text"], source
            assert "group's" in match["pay_check"], match["pay_check"]
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
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers = persona_answers(
        quiz,
        {"S": 4, "I": 3, "R": 1, "C": 1},
        {"2.A.1.f": 3, "2.B.1.a": 3, "2.B.1.f": 3, "2.A.1.a": 3},
        max_job_zone=4,
    )
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)
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
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers = persona_answers(
        quiz, {"R": 4, "C": 2, "I": 1}, {"2.B.3.l": 4, "2.B.3.g": 3}, max_job_zone=3
    )
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)
    assert doc["profile"]["strong_areas"] == ["R"]
    assert_no_false_likeness(doc)
    assert all(m["job_zone"] is None or m["job_zone"] <= 3 for m in doc["matches"][:10])
    assert doc["matches"][0]["reasons"][0].startswith("Like you, it is strongly Realistic")
    names = {s["name"] for s in doc["suggested_skills"]}
    assert not names & UBIQUITOUS, names
    own = [m for m in doc["matches"] if (m["pay_source"] or {}).get("scope") == "own"]
    for m in own:
        assert not any("median pay" in r.lower() for r in m["reasons"]), m["reasons"]
        assert "group" not in m["pay_source"]["text"], m["pay_source"]


# --- issue 21: limits that cannot be passed by not knowing ---------------------------------

DATA_CAREERS = {"Data Scientists", "Statisticians", "Business Intelligence Analysts"}


def limit_tier(match: dict[str, Any]) -> int:
    """0 within every limit, 1 a limit could not be checked, 2 a limit broken."""
    return 2 if match["limits_broken"] else 1 if match["limits_unchecked"] else 0


def assert_known_limits_first(doc: dict[str, Any]) -> None:
    tiers = [limit_tier(m) for m in doc["matches"]]
    assert tiers == sorted(tiers), [(m["title"], limit_tier(m)) for m in doc["matches"]]
    for m in doc["matches"]:
        assert m["within_limits"] == (limit_tier(m) == 0)
        if m["limits_unchecked"]:
            assert "could not be checked" in m["pay_check"], m
        assert not any("pay" in r.lower() for r in m["reasons"]), m["reasons"]


def ontario_accountant(stack: Stack) -> dict[str, Any]:
    """The issue's accountant in Ontario moving toward data work: Investigative and
    Conventional high, Programming and Mathematics rated high, a C$90,000 minimum."""
    quiz = quiz_definition(stack.quiz_url, "career-match")
    answers: dict[str, Any] = persona_answers(
        quiz, {"I": 4, "C": 4, "R": 1, "E": 1}, {"2.B.3.e": 3, "2.A.1.e": 3}
    )
    answers.update(location="CA-ON", min_wage_cad=90000, min_wage_cad_per="year")
    return result_for(stack.quiz_url, "career-match", answers)


def test_ontario_minimum_is_checked_in_canadian_dollars_only(quiz_stack: Stack) -> None:
    doc = ontario_accountant(quiz_stack)
    assert doc["place"]["currency"] == "CAD" and doc["place"]["minimum_hourly"] == 46.15
    assert_known_limits_first(doc)
    for m in doc["matches"]:
        pay = m["local_pay"]
        check = m["pay_check"]
        assert pay["currency"] == "CAD" and "C$90,000 a year" in check, check
        if pay["checked"] == "local":
            assert (pay["median"] >= 46.15) == m["within_limits"], m
        elif pay["checked"] == "country":
            assert (pay["country_median"] >= 46.15) == m["within_limits"], m
        else:
            # a US figure is never checked against a minimum in Canadian dollars
            assert m["limits_unchecked"] == ["min_annual_wage"] and not m["within_limits"]
            if m["median_wage"] is not None:
                assert "never compared with a minimum in Canadian dollars" in check
    assert all(m["within_limits"] for m in doc["matches"][:10])


def test_data_person_sees_data_careers_in_the_top_ten(quiz_stack: Stack) -> None:
    doc = ontario_accountant(quiz_stack)
    top10 = [m["title"] for m in doc["matches"][:10]]
    assert DATA_CAREERS & set(top10), top10
    for m in doc["matches"]:
        if m["unrated"]:
            assert any("O*NET does not rate this career's" in r for r in m["reasons"]), m
    # on equal interests a career O*NET does not rate follows the rated ones
    for a, b in zip(doc["matches"], doc["matches"][1:], strict=False):
        if limit_tier(a) == limit_tier(b) and a["unrated"] and not b["unrated"]:
            assert a["interest_correlation"] > b["interest_correlation"], (a["title"], b["title"])


def test_high_minimum_with_little_training_puts_unknown_pay_after_known(
    quiz_stack: Stack,
) -> None:
    """$150,000 with Job Zone 2 at most: no career is known to meet both; careers whose pay
    BLS does not publish are said to be unchecked, not within, and those it publishes only
    per hour (Actors, DJs) are checked by its annual equivalent at 2,080 hours."""
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers = persona_answers(
        quiz, {"A": 4, "S": 4, "E": 2, "R": 0, "I": 1}, max_job_zone=2, min_annual_wage=150000
    )
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)
    assert_known_limits_first(doc)
    assert "No career is known to be within all your limits." in doc["intro"]
    hourly = [m for m in doc["matches"] if m["pay_reading"] == "hourly_only"]
    unknown = [m for m in doc["matches"] if m["pay_reading"] == "not_published"]
    assert hourly or unknown, [m["title"] for m in doc["matches"]]
    for m in hourly:
        assert m["median_wage"] is None and "min_annual_wage" in m["limits_broken"]
        assert m["pay_check"].startswith("Below your minimum of $150,000 a year: checked "), m
        assert "hourly median at 2,080 hours a year" in m["pay_check"], m["pay_check"]
    for m in unknown:
        assert not m["within_limits"] and "min_annual_wage" in m["limits_unchecked"]
        assert m["pay_check"].startswith("Your minimum of $150,000 a year could not be checked")


def test_texas_teen_reads_local_pay_as_bls_publishes_it(
    quiz_stack: Stack,
    states: dict[tuple[str, str], dict[str, str]],
) -> None:
    """Issue 21: a 17-year-old in Texas who loves art and helping people and wants little
    training reads Texas pay for every top-20 career the state file covers, hourly where
    BLS publishes only hourly pay, and never "at least $239,200" for a missing figure."""
    quiz = quiz_definition(quiz_stack.quiz_url, "career-match")
    answers = persona_answers(
        quiz, {"A": 4, "S": 4, "R": 1, "I": 1, "E": 1, "C": 1}, max_job_zone=2, location="US-TX"
    )
    doc = result_for(quiz_stack.quiz_url, "career-match", answers)
    readings: dict[str, int] = {}
    for match in doc["matches"][:20]:
        local, code = match["local_pay"], match["code"]
        reading, _, figures = expected(code, "TX", states, national_rows())
        readings[reading] = readings.get(reading, 0) + 1
        assert local["reading"] == reading, (code, local)
        sentence = local["sentence"]
        if reading == "figure":
            assert local["median"] == figures["median"] and "Median pay in Texas is $" in sentence
        if reading == "hourly_only":
            assert local["hourly_median"] == figures["hourly_median"], code
            assert "an hour" in sentence and "a year at 2,080 hours" in sentence, sentence
        if "top_coded" not in (reading, local["country_reading"]):
            assert "239,200" not in sentence, sentence
        if match["pay_reading"] == "hourly_only":
            assert match["median_wage"] is None and match["annual_equivalent"] == round(
                match["hourly_median"] * 2080
            )
    assert readings.get("figure", 0) + readings.get("hourly_only", 0) >= 18, readings
    assert readings.get("hourly_only", 0) >= 1, readings  # actors or disc jockeys, hourly
