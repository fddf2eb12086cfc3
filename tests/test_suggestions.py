"""Skills worth learning: at least three for every person whose answers separate careers,
O*NET skills when technologies do not set the top careers apart, and pay in the person's
currency where the data has it (else said to be US figures)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from services.matcher import selection
from services.matcher.catalog_arrays import catalog_arrays
from services.matcher.selection import separating_skills
from shared.contract.result import ResultBody
from tests.real_answers import FULL, PROPERTY, SHORT, answer_sets, neutral, result, scored_items
from tests.synthetic import snapshot

PLACES = (None, "US-TX", "CA-ON", "elsewhere")


def with_place(answers: dict[str, Any], place: str | None) -> dict[str, Any]:
    return answers if place is None else {**answers, "location": place}


def assert_suggestions_read_right(body: ResultBody, place: str | None) -> None:
    suggested = body["suggested_skills"]
    if body["profile"]["separates_careers"]:
        assert len(suggested) >= selection.SUGGESTED_MIN_SHOWN, body["suggested_note"]
    kinds = [s["kind"] for s in suggested]
    # technologies first; O*NET skills only when too few technologies, and then said
    assert kinds == sorted(kinds, key=("technology", "skill").index)
    technologies = kinds.count("technology")
    if "skill" in kinds:
        assert technologies < selection.SUGGESTED_MIN_SHOWN
        assert "O*NET skills" in (body.get("suggested_note") or "")
    for s in suggested:
        text = s.get("pay_text")
        if s.get("median_wage") is None and text is None:
            continue
        assert text is not None
        if s["pay_currency"] == "CAD":
            assert place == "CA-ON" and "C$" in text and "an hour" in text
        elif place == "US-TX":  # the state's figure, or the national one said as such
            assert ("Texas" in text or "US national figures" in text) and "C$" not in text
        else:  # US dollars to anyone not in a US state: said to be US figures
            assert "US$" in text and "US national figures" in text


@PROPERTY
@given(st.data(), st.sampled_from((FULL, SHORT)), st.sampled_from(PLACES))
def test_every_person_whose_answers_separate_careers_gets_three_suggestions(
    data: st.DataObject, quiz_id: str, place: str | None
) -> None:
    answers = with_place(data.draw(answer_sets(quiz_id)), place)
    assert_suggestions_read_right(result(quiz_id, answers), place)


def teen_answers() -> dict[str, Any]:
    """The issue's Texas teen: art and helping people, little training."""
    answers: dict[str, Any] = neutral(FULL)
    for item in scored_items(FULL):
        if item["kind"] == "interest":
            answers[str(item["id"])] = 4 if item["target"] in "AS" else 1
        elif item["kind"] == "skill":
            answers[str(item["id"])] = 1  # a beginner at everything
    return {**answers, "max_job_zone": 2, "location": "US-TX"}


def test_the_texas_teen_gets_skills_beyond_one_technology_in_texas_pay() -> None:
    body = result(FULL, teen_answers())
    suggested = body["suggested_skills"]
    assert len(suggested) >= 3
    skills = [s["name"] for s in suggested if s["kind"] == "skill"]
    assert "Social Perceptiveness" in skills or "Service Orientation" in skills, skills
    assert body["suggested_note"] and body["suggested_note"].startswith(
        ("No tool or technology", "Hardly any tool or technology")
    )
    assert all("Texas" in s["pay_text"] for s in suggested)


def test_a_canadian_reads_suggestion_pay_in_canadian_dollars_or_as_us_figures() -> None:
    answers = neutral(FULL)
    for item in scored_items(FULL):
        if item["kind"] == "interest":
            answers[str(item["id"])] = 4 if item["target"] in "IC" else 1
    body = result(FULL, {**answers, "location": "CA-ON"})
    currencies = {s["pay_currency"] for s in body["suggested_skills"]}
    assert "CAD" in currencies
    for s in body["suggested_skills"]:
        if s["pay_currency"] == "USD":
            assert "US national figures" in s["pay_text"]
        else:
            assert s["pay_text"].startswith("Pay in Ontario") or "Canada-wide" in s["pay_text"]


def test_separating_skills_are_those_the_top_careers_lean_on() -> None:
    # 40 careers; the first 10 need skill 0 well above their other skills, the rest do not;
    # every career needs skill 1 at the same level as its others (no lean).
    careers = []
    for i in range(40):
        top = i < 10
        careers.append(
            {
                "code": f"11-{1000 + i:04d}.00",
                "interests": [7, 6, 1, 1, 2, 3] if top else [1, 1, 7, 7, 1, 2],
                "median_wage": 40000,
            }
        )
    catalog = catalog_arrays(snapshot(careers))
    levels = catalog.skill_level
    levels[:, :] = 3.0
    levels[:10, 0] = 6.0
    levels[10:, 2] = 5.0
    top = list(range(10))
    found = separating_skills(catalog, top)
    assert found[0][0] == 0 and found[0][1] == 6.0 and found[0][2] == 3.0
    assert len(found) >= selection.SUGGESTED_MIN_SHOWN
    assert 2 not in [c for c, *_ in found[:2]]  # the other careers lean on it, not these
    # a skill the person already has at the top careers' level is not worth learning
    assert 0 not in [c for c, *_ in separating_skills(catalog, top, {0: 6.0})]
    assert separating_skills(catalog, []) == []
    assert np.isnan(levels).sum() == 0
