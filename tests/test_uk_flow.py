"""The United Kingdom through the real stack: quiz service, Redis, a matcher, catalog."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import Stack
from tests.support import HttpService, submit
from tests.test_regional_flow import answers_like, result

pytestmark = pytest.mark.integration

LAWYERS = "23-1011.00"


def test_the_uk_is_offered_with_a_pound_minimum(quiz_stack: Stack) -> None:
    for quiz_id in ("career-match", "career-match-short"):
        doc = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/{quiz_id}", timeout=5).json()
        items = {i["id"]: i for s in doc["sections"] for i in s["items"]}
        options = {o["value"]: o for o in items["location"]["options"]}
        assert options["GB"]["label"] == "United Kingdom"
        assert items["min_wage_gbp"]["unit"] == "GBP per year"


def test_a_uk_submission_gets_uk_pay_checked_in_pounds(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    doc = result(
        quiz_stack, answers_like(quiz_stack, quiz, LAWYERS, location="GB", min_wage_gbp=50000)
    )
    assert doc["place"]["region"] == "GB" and doc["place"]["currency"] == "GBP"
    assert doc["place"]["minimum"] == 50000 and "ONS" in doc["place"]["source"]
    assert "Office for National Statistics" in doc["attribution"]["ons"]
    assert "Open Government Licence v3.0" in doc["attribution"]["ons"]
    lawyers = next((m for m in doc["matches"] if m["code"] == LAWYERS), None)
    assert lawyers is not None, [m["code"] for m in doc["matches"]]
    pay = lawyers["local_pay"]
    assert pay["currency"] == "GBP" and pay["median"] == 51624 and pay["checked"] == "local"
    assert pay["uk_group"] == "2412" and pay["uk_group_title"] == "Solicitors and lawyers"
    assert pay["sentence"].startswith(
        "£51,624 a year: ONS ASHE 2024 provisional, UK full-time employees in Solicitors and "
        "lawyers (SOC 2020 2412)"
    )
    assert lawyers["within_limits"] is True
    assert lawyers["pay_check"].startswith("Meets your minimum of £50,000 a year")


def test_unknown_uk_pay_never_passes_a_pound_minimum(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    # No UK group's median reaches £200,000: no career is within the limit, and those
    # without a UK figure (unchecked) rank before those below it, each saying why.
    doc = result(
        quiz_stack, answers_like(quiz_stack, quiz, LAWYERS, location="GB", min_wage_gbp=200000)
    )
    unknown = [m for m in doc["matches"] if m["local_pay"]["median"] is None]
    assert unknown and doc["matches"][0] in unknown
    for match in doc["matches"]:
        assert match["within_limits"] is False
    for match in unknown:
        assert match["local_pay"]["sentence"].startswith("No UK figure for this career: ")
        assert match["pay_check"].startswith("Your minimum of £200,000 a year could not be checked")
        assert match["limits_unchecked"] == ["min_annual_wage"]


def test_a_uk_submission_without_a_minimum_still_shows_uk_pay(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    doc = result(quiz_stack, answers_like(quiz_stack, quiz, LAWYERS, location="GB"))
    lawyers = next(m for m in doc["matches"] if m["code"] == LAWYERS)
    assert lawyers["local_pay"]["median"] == 51624 and lawyers["local_pay"]["checked"] is None
    assert "minimum" not in lawyers["local_pay"]["sentence"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"location": "GB", "min_annual_wage": 50000}, "min_annual_wage"),
        ({"location": "GB", "min_wage_cad": 30, "min_wage_cad_per": "hour"}, "min_wage_cad"),
        ({"location": "US-CA", "min_wage_gbp": 40000}, "min_wage_gbp"),
        ({"location": "CA-ON", "min_wage_gbp": 40000}, "min_wage_gbp"),
        ({"location": "GB", "min_wage_gbp": -1}, "min_wage_gbp"),
    ],
)
def test_a_minimum_in_the_wrong_currency_is_422_naming_the_field(
    quiz_stack: Stack, quiz: dict[str, Any], extra: dict[str, Any], field: str
) -> None:
    response = submit(quiz_stack.quiz_url, random_answers(quiz, seed=5, **extra))
    assert response.status_code == 422, response.text
    assert field in response.json()["errors"]["answers"]


def test_the_catalog_api_serves_uk_pay_with_its_group_and_credit(
    catalog_service: HttpService,
) -> None:
    base = catalog_service.url
    lawyers = requests.get(f"{base}/v1/careers/{LAWYERS}?region=GB", timeout=10).json()
    uk = lawyers["regional_pay"]["uk"]
    assert uk["text"] == (
        "£51,624: ONS ASHE 2024 provisional, UK full-time employees in Solicitors and lawyers "
        "(SOC 2020 2412)"
    )
    assert uk["figures"] == {
        "pct10": 27274,
        "pct25": 38980,
        "median": 51624,
        "pct75": 70815,
        "pct90": None,  # 'x' in ASHE: never filled
    }
    assert uk["basis"] == "reviewed" and "Open Government Licence v3.0" in uk["attribution"]
    assert lawyers["local_pay"]["figures"]["median"] == 51624
    assert lawyers["local_pay"]["currency"] == "GBP"
    scientists = requests.get(f"{base}/v1/careers/15-2051.00", timeout=10).json()
    assert scientists["regional_pay"]["uk"]["figures"] is None
    assert scientists["regional_pay"]["uk"]["text"].startswith("No UK figure for this career: ")
    credits = requests.get(f"{base}/v1/catalog", timeout=10).json()["attribution"]
    assert "Office for National Statistics" in credits["ons"]
    page = requests.get(f"{base}/careers/{LAWYERS}", timeout=10).text
    assert "£51,624: ONS ASHE 2024 provisional" in page and "Solicitors and lawyers" in page
    assert "UK pay: Source: Office for National Statistics" in page
    # a result's link carries the UK as the place: the page opens at the UK group's levels
    at_uk = requests.get(f"{base}/careers/{LAWYERS}?place=GB", timeout=10)
    assert at_uk.status_code == 200
    levels = at_uk.text[at_uk.text.index('id="place-levels"') :]
    assert "£27,274 a year" in levels and "£51,624 a year" in levels
    assert "SOC 2020 2412" in levels
    bad = requests.get(f"{base}/v1/careers/{LAWYERS}?region=UK", timeout=10)
    assert bad.status_code == 422 and "region" in bad.text
