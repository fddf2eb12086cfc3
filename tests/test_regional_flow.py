"""Where the person lives, through the real stack: quiz service, Redis, a matcher, catalog."""

from __future__ import annotations

from typing import Any

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from shared import records
from shared.records import submission_key
from tests.conftest import Stack
from tests.support import WebhookReceiver, submit, wait_final

pytestmark = pytest.mark.integration

NURSES, SCIENTISTS = "29-1141.00", "15-2051.00"


def result(stack: Stack, answers: dict[str, Any], quiz_id: str = "career-match") -> dict[str, Any]:
    response = submit(stack.quiz_url, answers, quiz_id)
    assert response.status_code == 202, response.text
    doc = wait_final(stack.quiz_url, response.json()["id"])
    assert doc["status"] == "done", doc
    doc["deletion_token"] = response.json()["deletion_token"]
    return doc


def answers_like(stack: Stack, quiz: dict[str, Any], code: str, **fixed: Any) -> dict[str, Any]:
    """Answers mirroring career ``code``'s O*NET profile, so that it ranks near the top."""
    career = requests.get(f"{stack.catalog_url}/v1/careers/{code}", timeout=5).json()
    values = {v["name"]: v["extent"] for v in career["work_values"] or []}
    skills = {s["id"]: s["level"] for s in career["skills"] or []}
    answers = random_answers(quiz, seed=3)
    for section in quiz["sections"]:
        for item in section["items"]:
            if "area" in item:
                answers[item["id"]] = round((career["interests"][item["area"]] - 1) / 6 * 4)
            elif item.get("value") in values:
                answers[item["id"]] = round((values[item["value"]] - 1) / 6 * 4)
            elif item.get("skill") in skills:
                answers[item["id"]] = min(4, round(skills[item["skill"]] / 7 * 4))
    answers.update(fixed)
    return answers


def test_location_item_in_both_quizzes(quiz_stack: Stack) -> None:
    for quiz_id in ("career-match", "career-match-short"):
        doc = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/{quiz_id}", timeout=5).json()
        items = {i["id"]: i for s in doc["sections"] for i in s["items"]}
        values = [o["value"] for o in items["location"]["options"]]
        assert {"US-CA", "US-MS", "US-PR", "CA-ON", "CA-QC", "elsewhere"} <= set(values)
        assert "CA" not in values and "US" not in values
        assert [o["value"] for o in items["min_wage_cad_per"]["options"]] == ["hour", "year"]
        assert "1,950" in items["min_wage_cad_per"]["options"][1]["label"]


def test_california_and_mississippi_get_different_lists(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    california = result(
        quiz_stack, answers_like(quiz_stack, quiz, NURSES, location="US-CA", min_annual_wage=100000)
    )
    mississippi = result(
        quiz_stack, answers_like(quiz_stack, quiz, NURSES, location="US-MS", min_annual_wage=100000)
    )
    by_code = {
        place: {m["code"]: m for m in doc["matches"]}
        for place, doc in (("CA", california), ("MS", mississippi))
    }
    # Registered nurses: $140,330 in California meets $100,000; $74,470 in Mississippi
    # does not, though the national $93,600 would have failed both.
    nurse_ca = by_code["CA"][NURSES]
    assert nurse_ca["within_limits"] is True and nurse_ca["limits_broken"] == []
    assert nurse_ca["median_wage"] == 93600
    assert nurse_ca["local_pay"]["median"] == 140330
    assert nurse_ca["local_pay"]["checked"] == "local"
    assert nurse_ca["pay_check"] == (
        "Meets your minimum of $100,000 a year: checked against the California median."
    )
    assert not any("pay" in r.lower() for r in nurse_ca["reasons"])  # once per card: its fields
    nurse_ms = by_code["MS"].get(NURSES)
    within_ms = [m["code"] for m in mississippi["matches"] if m["within_limits"]]
    assert NURSES not in within_ms
    if nurse_ms is not None:
        assert nurse_ms["limits_broken"] == ["min_annual_wage"]
        assert nurse_ms["local_pay"]["median"] == 74470
    ranked_ca = [m["code"] for m in california["matches"]]
    ranked_ms = [m["code"] for m in mississippi["matches"]]
    assert ranked_ca != ranked_ms
    # Every career within limits in each list is so by its own state's figure (or the
    # national one when the state has none, said as such).
    for doc, state in ((california, "California"), (mississippi, "Mississippi")):
        assert doc["place"]["region"] in ("US-CA", "US-MS") and doc["place"]["currency"] == "USD"
        for m in doc["matches"]:
            pay = m["local_pay"]
            if pay["checked"] == "local":
                # the figure, a top-coded one (at least $239,200) or an hourly-only one's
                # annual equivalent at 2,080 hours
                checked = {"top_coded": 239200, "hourly_only": pay.get("annual_equivalent")}
                figure = checked.get(pay["reading"], pay["median"])
                assert figure is not None
                assert (figure >= 100000) == m["within_limits"] or m["job_zone"] is None
            elif pay["checked"] == "country":
                assert f"in {state}" in pay["sentence"] and "US national" in pay["sentence"]


def test_ontario_sees_cad_hourly_and_its_source(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    doc = result(
        quiz_stack,
        answers_like(
            quiz_stack, quiz, NURSES, location="CA-ON", min_wage_cad=30, min_wage_cad_per="hour"
        ),
    )
    place = doc["place"]
    assert place["region"] == "CA-ON" and place["currency"] == "CAD"
    assert place["minimum"] == 30 and place["minimum_per"] == "hour"
    assert place["hours_per_year"] == 1950 and "Job Bank" in place["source"]
    nurse = {m["code"]: m for m in doc["matches"]}[NURSES]
    pay = nurse["local_pay"]
    assert pay["currency"] == "CAD" and pay["unit"] == "hour"
    assert pay["median"] == 40.0 and pay["country_median"] == 42.0
    assert pay["annual_estimate"] == 78000 and pay["hours_per_year"] == 1950
    assert "Job Bank" in pay["source"] and pay["checked"] == "local"
    assert "C$40.00 an hour" in pay["sentence"] and "1,950 hours" in pay["sentence"]
    assert nurse["within_limits"] is True
    assert "$" not in pay["sentence"].replace("C$", "")  # no US dollars for this figure


def test_data_scientists_in_ontario_fall_back_to_canada_wide(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    answers = answers_like(
        quiz_stack, quiz, SCIENTISTS, location="CA-ON", min_wage_cad=80000, min_wage_cad_per="year"
    )
    doc = result(quiz_stack, answers)
    scientist = {m["code"]: m for m in doc["matches"]}.get(SCIENTISTS)
    assert scientist is not None, [m["code"] for m in doc["matches"]]
    pay = scientist["local_pay"]
    assert pay["median"] is None and pay["country_median"] == 44.1
    assert pay["checked"] == "country"
    assert "Job Bank publishes no wage for this career in Ontario" in pay["sentence"]
    assert "Canada-wide median (C$44.10 an hour" in pay["sentence"]
    # C$80,000 a year is C$41.03 an hour at 1,950 hours: the Canada-wide C$44.10 meets it.
    assert doc["place"]["minimum_hourly"] == 41.03 and scientist["within_limits"] is True


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"location": "CA"}, "location"),
        ({"location": "US-XX"}, "location"),
        ({"location": 6}, "location"),
        ({"location": "CA-ON", "min_annual_wage": 50000}, "min_annual_wage"),
        ({"location": "US-CA", "min_wage_cad": 30, "min_wage_cad_per": "hour"}, "min_wage_cad"),
        ({"location": "CA-ON", "min_wage_cad": 30}, "min_wage_cad_per"),
        ({"location": "CA-ON", "min_wage_cad": 30, "min_wage_cad_per": "week"}, "min_wage_cad_per"),
    ],
)
def test_bad_location_answers_are_422_naming_the_item(
    quiz_stack: Stack, quiz: dict[str, Any], extra: dict[str, Any], field: str
) -> None:
    response = submit(quiz_stack.quiz_url, random_answers(quiz, seed=5, **extra))
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in body["errors"]["answers"]


def test_place_is_stored_with_the_submission_and_deleted_with_it(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    doc = result(quiz_stack, random_answers(quiz, seed=6, location="US-MS"))
    assert doc["place"]["region"] == "US-MS"
    key = submission_key(doc["id"])
    client = redis.Redis.from_url(quiz_stack.redis_url, decode_responses=True)
    assert b"US-MS" in records.unpack(str(client.hget(key, "request")))
    deleted = requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{doc['id']}",
        headers={"X-Deletion-Token": doc["deletion_token"]},
        timeout=5,
    )
    assert deleted.status_code == 204
    assert not client.exists(key)


def test_elsewhere_keeps_us_national_pay(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    doc = result(
        quiz_stack, random_answers(quiz, seed=7, location="elsewhere", min_annual_wage=50000)
    )
    assert doc["place"]["region"] == "elsewhere" and doc["place"]["currency"] == "USD"
    assert "EU pay is not shown" in doc["place"]["note"]
    assert all("local_pay" not in m for m in doc["matches"])


def test_short_quiz_takes_a_location(quiz_stack: Stack) -> None:
    short = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/career-match-short", timeout=5).json()
    doc = result(
        quiz_stack,
        random_answers(short, seed=8, location="CA-QC", min_wage_cad=25, min_wage_cad_per="hour"),
        "career-match-short",
    )
    assert doc["place"]["region"] == "CA-QC"
    assert all(m["local_pay"]["currency"] == "CAD" for m in doc["matches"])


def test_webhook_carries_the_place_as_documented(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    accepted = submit(
        quiz_stack.quiz_url,
        random_answers(quiz, seed=12, location="CA-ON"),
        params={"site": "test-site"},
        headers={"Origin": quiz_stack.host_origin},  # a browser at the site's page
    ).json()
    data: dict[str, Any] = {}
    while data.get("id") != accepted["id"]:  # another test's delivery may come first
        data = webhooks.next().payload["data"]
    assert data["place"]["region"] == "CA-ON" and data["place"]["currency"] == "CAD"
    assert set(data["place"]) == {
        "region",
        "name",
        "country",
        "currency",
        "minimum",
        "minimum_per",
        "minimum_hourly",
        "hours_per_year",
        "source",
        "note",
    }
    assert "answers" not in data  # the answers themselves never leave the service
