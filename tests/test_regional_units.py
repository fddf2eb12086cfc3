"""Local pay as pure functions: the place from answers, the figures checked, the sentences."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from services.matcher import regional
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.local_pay_text import check_sentence, money
from services.matcher.profile import build_profile
from services.matcher.ranking import TIER_BROKEN, TIER_UNCHECKED, TIER_WITHIN
from services.matcher.scoring import score_careers
from services.quiz.location import PAY_RULES, region_options
from shared.regions import BY_CODE, LOCATION_CHOICES, REGIONS
from tests.synthetic import local_pay_catalog


def tiny_catalog() -> CatalogArrays:
    """Three careers: local figure, no local figure, no figure at all."""
    careers = {
        "code": ["11-0001.00", "11-0002.00", "11-0003.00"],
        "title": ["A", "B", "C"],
        "job_zone": [3, 3, 3],
        "median_wage": [93600, 120000, None],
    }
    median = {"US-MS": [74470, None, None], "CA": [42.0, 44.1, None], "CA-ON": [40.0, None, None]}
    return local_pay_catalog(careers, {"hours_per_year": 1950, "median": median})


def test_regions_are_iso_3166_2_subdivisions() -> None:
    # the US and Canadian subdivisions, and the United Kingdom as a whole (GB)
    assert len(REGIONS) == 67 and len(BY_CODE) == 68
    assert all(len(code) == 5 and code[2] == "-" for code in (r.code for r in REGIONS))
    assert {r.country for r in REGIONS} == {"US", "CA"}
    assert BY_CODE["GB"].name == "United Kingdom" and BY_CODE["GB"].currency == "GBP"
    assert [o["value"] for o in region_options()] == list(LOCATION_CHOICES)


def test_place_reads_the_minimum_in_the_persons_unit() -> None:
    us = regional.place_from_answers({"location": "US-CA", "min_annual_wage": 100000.0})
    assert us is not None and us.minimum == 100000 and us.currency == "USD"
    yearly = regional.place_from_answers(
        {"location": "CA-ON", "min_wage_cad": 78000.0, "min_wage_cad_per": "year"}
    )
    assert yearly is not None and yearly.minimum == 40.0 and yearly.stated == 78000
    hourly = regional.place_from_answers(
        {"location": "CA-ON", "min_wage_cad": 35.5, "min_wage_cad_per": "hour"}
    )
    assert hourly is not None and hourly.minimum == 35.5 and hourly.currency == "CAD"
    assert regional.place_from_answers({"min_annual_wage": 5.0}) is None
    elsewhere = regional.place_from_answers({"location": "elsewhere"})
    assert elsewhere is not None and elsewhere.region is None


@pytest.mark.parametrize(
    ("answers", "minimum"),
    [
        ({"location": "US-OH"}, {"min_annual_wage": 50000.0}),
        ({"location": "CA-ON"}, {"min_wage_cad": 30.0, "min_wage_cad_per": "hour"}),
        ({"location": "GB"}, {"min_wage_gbp": 30000.0}),
    ],
)
def test_the_place_note_speaks_of_a_pay_minimum_only_when_one_was_given(
    answers: dict[str, Any], minimum: dict[str, Any]
) -> None:
    without = regional.place_from_answers(answers)
    given = regional.place_from_answers(answers | minimum)
    assert without is not None and given is not None
    assert "minimum" not in regional.place_document(without)["note"]
    assert "Your pay minimum" in regional.place_document(given)["note"].replace("your", "Your")


def test_state_figure_first_then_national_said_as_such() -> None:
    catalog = tiny_catalog()
    place = regional.place_from_answers({"location": "US-MS", "min_annual_wage": 100000.0})
    assert place is not None
    pay = regional.pay_limit(place, catalog)
    assert pay is not None
    assert pay.wage[0] == 74470 and pay.wage[1] == 120000 and math.isnan(pay.wage[2])
    first, second, third = (pay.details(i) for i in range(3))
    assert first["checked"] == "local" and "below your minimum of $100,000" in first["sentence"]
    assert "US national: $93,600" in first["sentence"]
    assert second["checked"] == "country" and second["median"] is None
    assert "no median pay for this career in Mississippi" in second["sentence"]
    assert "US national median ($120,000 a year) meets" in second["sentence"]
    assert third["checked"] is None and "could not be checked" in third["sentence"]


def test_province_figure_first_then_canada_wide_in_cad() -> None:
    catalog = tiny_catalog()
    place = regional.place_from_answers(
        {"location": "CA-ON", "min_wage_cad": 41.0, "min_wage_cad_per": "hour"}
    )
    assert place is not None
    pay = regional.pay_limit(place, catalog)
    assert pay is not None
    assert list(pay.wage[:2]) == [40.0, 44.1]
    broken = ~np.isnan(pay.wage) & (pay.wage < 41.0)
    assert list(broken) == [True, False, False]
    ontario = pay.details(0)
    assert ontario["currency"] == "CAD" and ontario["annual_estimate"] == 78000
    assert "C$40.00 an hour, about C$78,000 a year at 1,950 hours" in ontario["sentence"]
    fallback = pay.details(1)
    assert fallback["checked"] == "country" and fallback["country_median"] == 44.1
    assert "Canada-wide median (C$44.10 an hour" in fallback["sentence"]
    none = pay.details(2)
    assert "Job Bank publishes no Canadian wage" in none["sentence"]
    assert "$" not in ontario["sentence"].replace("C$", "")


def test_money_never_converts() -> None:
    assert money(140330, "USD") == "$140,330"
    assert money(40, "CAD") == "C$40.00" and money(78000, "CAD") == "C$78,000"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"location": "CA-ON", "min_annual_wage": 1.0}, "min_annual_wage"),
        ({"location": "US-CA", "min_wage_cad": 1.0}, "min_wage_cad"),
        ({"min_wage_cad_per": "hour"}, "min_wage_cad_per"),
        ({"location": "CA-QC", "min_wage_cad": 20.0}, "min_wage_cad_per"),
    ],
)
def test_pay_answers_must_fit_the_place(answers: dict[str, Any], field: str) -> None:
    assert field in _pay_errors(answers)


def _pay_errors(answers: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for rule in PAY_RULES:
        errors |= rule.errors(answers)
    return errors


def test_fitting_pay_answers_pass() -> None:
    assert _pay_errors({"location": "US-CA", "min_annual_wage": 1.0}) == {}
    fits = {"location": "CA-QC", "min_wage_cad": 20.0, "min_wage_cad_per": "hour"}
    assert _pay_errors(fits) == {}
    assert _pay_errors({"location": "elsewhere", "min_annual_wage": 1.0}) == {}
    assert _pay_errors({"min_annual_wage": 1.0}) == {}


def test_a_canadian_minimum_is_checked_in_canadian_dollars_to_the_cent() -> None:
    """C$85,995 a year is C$44.10 an hour at 1,950 hours: the Canada-wide C$44.10 meets it
    (Job Bank's figures are in cents); a career with no Canadian figure is unchecked and
    ranks after it, never checked against its US figure."""
    catalog = tiny_catalog()
    place = regional.place_from_answers(
        {"location": "CA-ON", "min_wage_cad": 85995.0, "min_wage_cad_per": "year"}
    )
    assert place is not None and place.minimum == 44.1
    ninety = regional.place_from_answers(
        {"location": "CA-ON", "min_wage_cad": 90000.0, "min_wage_cad_per": "year"}
    )
    assert ninety is not None and ninety.minimum == 46.15  # not 46.1538...
    pay = regional.pay_limit(place, catalog)
    assert pay is not None
    profile = build_profile({}, [], skill_ids=catalog.skill_ids)
    scores = score_careers(profile, catalog, {"interests": 1.0}, pay)
    assert scores.tier.tolist() == [TIER_BROKEN, TIER_WITHIN, TIER_UNCHECKED]
    assert scores.order.tolist() == [1, 2, 0]
    assert pay.check(1) == (
        "Meets your minimum of C$85,995 a year (C$44.10 an hour at 1,950 hours): checked "
        "against the Canada-wide median, as Job Bank publishes none for Ontario."
    )
    assert str(pay.check(0)).startswith("Below your minimum of C$85,995 a year")
    assert str(pay.check(2)).startswith("Your minimum of C$85,995 a year (C$44.10 an hour")
    assert "could not be checked: Job Bank publishes no median pay" in str(pay.check(2))


def test_a_us_figure_is_never_checked_against_a_canadian_minimum() -> None:
    figures = {
        "currency": "CAD",
        "unit": "hour",
        "name": "Ontario",
        "country": "CA",
        "country_name": "Canada-wide",
        "median": None,
        "country_median": None,
        "checked": None,
    }
    text = check_sentence(figures, 46.15, 90000.0, "year", 108970.0)
    assert text is not None and "could not be checked" in text
    assert "its US pay is in US dollars, which are never compared" in text
    assert "108,970" not in text  # the figure is the card's, not the check's
    assert check_sentence(figures, None, None, None, 108970.0) is None
