"""The quiz's location item: its choices, and which pay minimum goes with which place.

A person may say where they live (a US state or territory, a Canadian province or territory,
or elsewhere, by ISO 3166-2 code); it is never inferred from the network address. The pay
minimum is asked in the person's own currency and unit, so the answers must agree with the
place: US dollars a year (``min_annual_wage``) in the US or elsewhere, Canadian dollars an
hour or a year (``min_wage_cad`` with ``min_wage_cad_per``) in Canada. No currency is
converted, so a minimum in the other currency is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from shared.regions import (
    CANADA,
    CANADA_HOURS_PER_YEAR,
    ELSEWHERE,
    LOCATION,
    MIN_WAGE_CAD,
    MIN_WAGE_CAD_PER,
    REGIONS,
    country_of,
)

#: ``"options_from": "regions"`` in a quiz file fills a choice item with these options.
OPTION_SOURCES = ("regions",)
_GROUPS = {"US": "United States", "CA": "Canada"}
MIN_ANNUAL_WAGE = "min_annual_wage"


def region_options() -> list[dict[str, Any]]:
    """The location item's options: US places, Canadian places, then elsewhere."""
    options: list[dict[str, Any]] = [
        {"value": r.code, "label": r.name, "group": _GROUPS[r.country]} for r in REGIONS
    ]
    options.append({"value": ELSEWHERE, "label": "Somewhere else", "group": "Elsewhere"})
    return options


def check_location_answers(answers: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (per item id) when the pay answers do not fit the place."""
    if LOCATION not in answers and not any(k in answers for k in (MIN_WAGE_CAD, MIN_WAGE_CAD_PER)):
        return
    in_canada = country_of(answers.get(LOCATION)) == CANADA
    errors: dict[str, list[str]] = {}
    if in_canada and MIN_ANNUAL_WAGE in answers:
        errors[MIN_ANNUAL_WAGE] = [
            "For a place in Canada, give the minimum in Canadian dollars (min_wage_cad and "
            "min_wage_cad_per); US dollars are not converted."
        ]
    if not in_canada:
        for key in (MIN_WAGE_CAD, MIN_WAGE_CAD_PER):
            if key in answers:
                errors[key] = [
                    "Only for a place in Canada (location CA-..); elsewhere give "
                    "min_annual_wage in US dollars a year."
                ]
    elif MIN_WAGE_CAD in answers and MIN_WAGE_CAD_PER not in answers:
        errors[MIN_WAGE_CAD_PER] = [
            f"Say whether min_wage_cad is per hour or per year (a year counts "
            f"{CANADA_HOURS_PER_YEAR:,} hours)."
        ]
    if errors:
        raise ValidationError(errors)
