"""Local pay: where the person lives, and the figures their pay minimum is checked against.

Pure functions, no I/O. The place comes from the ``location`` answer (an ISO 3166-2 code, or
``elsewhere``), never from the network. For a US state the figures are BLS's state medians
(annual US dollars); for a Canadian province or territory, Job Bank's medians (hourly
Canadian dollars). A career without a local figure falls back to its country's: the US
national median for a state, the Canada-wide median for a province. No currency is ever
converted; a Canadian minimum given per year is divided by the stated hours a year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np

from services.matcher import local_pay_text as text
from services.matcher.scoring import CatalogArrays, PayLimit
from shared.contract import result as contract
from shared.contract.request import LOCATION, MIN_ANNUAL_WAGE, MIN_WAGE_CAD, MIN_WAGE_CAD_PER
from shared.regions import (
    BY_CODE,
    CANADA,
    CANADA_HOURS_PER_YEAR,
    ELSEWHERE,
    US,
    Region,
)

SOURCES = {
    US: "BLS OEWS May 2024 state estimates (national: OEWS May 2024)",
    CANADA: "Job Bank (ESDC) wages 2024, Open Government Licence - Canada; through the NOC "
    "2021 to O*NET-SOC crosswalk",
}
COUNTRY_NAMES = {US: "US national", CANADA: "Canada-wide"}


@dataclass(frozen=True)
class Place:
    """Where the person lives and their pay minimum, in the figures' currency and unit.

    ``region`` is ``None`` for elsewhere. ``minimum`` is US dollars a year (US, elsewhere)
    or Canadian dollars an hour (Canada); ``stated`` and ``per`` are what the person gave.
    """

    code: str
    region: Region | None
    minimum: float | None
    stated: float | None
    per: str | None

    @property
    def country(self) -> str | None:
        return None if self.region is None else self.region.country

    @property
    def currency(self) -> str:
        return "CAD" if self.country == CANADA else "USD"


def _positive(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def place_from_answers(answers: Mapping[str, Any]) -> Place | None:
    """The person's place from validated answers; ``None`` when they did not say."""
    code = answers.get(LOCATION)
    if not isinstance(code, str):
        return None
    region = BY_CODE.get(code)
    if region is None and code != ELSEWHERE:
        return None
    if region is not None and region.country == CANADA:
        stated = _positive(answers.get(MIN_WAGE_CAD))
        per = answers.get(MIN_WAGE_CAD_PER) if stated is not None else None
        if stated is None or per not in ("hour", "year"):
            return Place(code, region, None, None, None)
        # to the cent, as Job Bank publishes its figures and as the result shows the minimum
        # (a yearly C$90,000 is C$46.15 an hour, which a C$46.15 median meets)
        hourly = stated if per == "hour" else round(stated / CANADA_HOURS_PER_YEAR, 2)
        return Place(code, region, hourly, stated, str(per))
    stated = _positive(answers.get(MIN_ANNUAL_WAGE))
    return Place(code, region, stated, stated, None if stated is None else "year")


def _figure(x: float, currency: str) -> float | None:
    if math.isnan(x):
        return None
    return round(float(x), 2) if currency == "CAD" else float(round(float(x)))


def pay_limit(place: Place, catalog: CatalogArrays) -> PayLimit | None:
    """The figures the minimum is checked against for ``place``; ``None`` for elsewhere."""
    region = place.region
    if region is None:
        return None
    n = len(catalog)
    missing = np.full(n, np.nan)
    local = catalog.regional_median.get(region.code, missing)
    if region.country == US:
        country = catalog.median_wage
        country_top = catalog.wage_top_coded
    else:
        country = catalog.regional_median.get(CANADA, missing)
        country_top = np.zeros(n, dtype=bool)
    has_local = ~np.isnan(local)
    wage = np.where(has_local, local, country)
    top = ~has_local & country_top
    us_national = catalog.median_wage

    def details(i: int) -> contract.LocalPay:
        median = _figure(float(local[i]), place.currency)
        national = _figure(float(country[i]), place.currency)
        checked: Literal["local", "country"] | None = None
        if place.minimum is not None:
            checked = "local" if median is not None else "country" if national is not None else None
        hours = CANADA_HOURS_PER_YEAR if region.country == CANADA else None
        figures: dict[str, Any] = {
            "region": region.code,
            "name": region.name,
            "currency": region.currency,
            "unit": region.unit,
            "median": median,
            "country": region.country,
            "country_name": COUNTRY_NAMES[region.country],
            "country_median": national,
            "country_top_coded": bool(country_top[i]),
            "annual_estimate": None if hours is None or median is None else round(median * hours),
            "country_annual_estimate": None
            if hours is None or national is None
            else round(national * hours),
            "hours_per_year": hours,
            "checked": checked,
            "source": SOURCES[region.country],
        }
        sentence = text.pay_sentence(
            figures, place.minimum, place.stated, place.per, _figure(float(us_national[i]), "USD")
        )
        return cast(contract.LocalPay, figures | {"sentence": sentence})

    def check(i: int) -> str | None:
        us = _figure(float(us_national[i]), "USD")
        return text.check_sentence(details(i), place.minimum, place.stated, place.per, us)

    return PayLimit(
        wage=wage,
        top_coded=top,
        minimum=place.minimum,
        sentence=lambda i: str(details(i)["sentence"]),
        details=details,
        check=check,
    )


def place_document(place: Place) -> contract.Place:
    """The result document's ``place`` (``shared.contract.Place``)."""
    region = place.region
    canada = region is not None and region.country == CANADA
    return {
        "region": place.code,
        "name": text.ELSEWHERE_NAME if region is None else region.name,
        "country": place.country,
        "currency": place.currency,
        "minimum": place.stated,
        "minimum_per": cast(Literal["year", "hour"] | None, place.per),
        "minimum_hourly": None if not canada or place.minimum is None else round(place.minimum, 2),
        "hours_per_year": CANADA_HOURS_PER_YEAR if canada else None,
        "source": None if region is None else SOURCES[region.country],
        "note": text.place_note(place.country, region.name if region else None),
    }
