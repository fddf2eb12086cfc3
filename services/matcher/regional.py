"""Local pay: where the person lives, and the figures their pay minimum is checked against.

Pure functions, no I/O. The place comes from the ``location`` answer (an ISO 3166-2 code, or
``elsewhere``), never from the network. For a US state the figures are BLS's state medians
(annual US dollars); for a Canadian province or territory, Job Bank's medians (hourly
Canadian dollars); for the United Kingdom, the ONS ASHE median of the career's UK
occupation group (annual pounds) where the catalog maps it confidently, else none. A career
without a local figure falls back to its country's: the US national median for a state, the
Canada-wide median for a province (the UK is one place: no fallback). No currency is ever
converted; a Canadian minimum given per year is divided by the stated hours a year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np

from services.matcher import explain
from services.matcher import local_pay_text as text
from services.matcher.catalog_arrays import TOP_CODED_WAGE, BoolArray, CatalogArrays, FloatArray
from services.matcher.scoring import PayLimit
from shared import pay
from shared.contract import result as contract
from shared.contract.request import (
    LOCATION,
    MIN_ANNUAL_WAGE,
    MIN_WAGE_CAD,
    MIN_WAGE_CAD_PER,
    MIN_WAGE_GBP,
)
from shared.pay import HOURS_PER_YEAR as HOURS
from shared.pay import PayReading
from shared.regions import (
    BY_CODE,
    CANADA,
    CANADA_HOURS_PER_YEAR,
    ELSEWHERE,
    UK,
    US,
    Region,
)

SOURCES = {
    US: "BLS OEWS May 2024 state estimates (national: OEWS May 2024)",
    CANADA: "Job Bank (ESDC) wages 2024, Open Government Licence - Canada; through the NOC "
    "2021 to O*NET-SOC crosswalk",
    UK: "ONS Annual Survey of Hours and Earnings 2024 (provisional), UK full-time employees "
    "by SOC 2020 unit group, Open Government Licence v3.0",
}
COUNTRY_NAMES = {US: "US national", CANADA: "Canada-wide", UK: "UK-wide"}
CURRENCIES = {CANADA: "CAD", UK: "GBP"}


@dataclass(frozen=True)
class Place:
    """Where the person lives and their pay minimum, in the figures' currency and unit.

    ``region`` is ``None`` for elsewhere. ``minimum`` is US dollars a year (US, elsewhere),
    Canadian dollars an hour (Canada) or pounds a year (UK); ``stated`` and ``per`` are what
    the person gave.
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
        return CURRENCIES.get(self.country or "", "USD")


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
    # a minimum in another currency than the place's is refused by the quiz; never read it
    stated = _positive(
        answers.get(MIN_WAGE_GBP if region and region.country == UK else MIN_ANNUAL_WAGE)
    )
    return Place(code, region, stated, stated, None if stated is None else "year")


def _figure(x: float, currency: str) -> float | None:
    if math.isnan(x):
        return None
    return round(float(x), 2) if currency == "CAD" else float(round(float(x)))


def _hourly(x: float) -> float | None:
    return None if math.isnan(x) else round(float(x), 2)


@dataclass(frozen=True, eq=False)
class Medians:
    """One place's medians for every career, as ``shared.pay`` reads them: the median in
    the place's currency and unit (NaN: none), the hourly-only US$ median (NaN: none),
    whether a missing median is top-coded, and ``check``, the figure a minimum is checked
    against (the median, the top code, or the annual equivalent; NaN: nothing to check)."""

    median: FloatArray
    hourly: FloatArray
    top_coded: BoolArray
    check: FloatArray

    def has_figure(self) -> BoolArray:
        """Per career, whether there is a figure to check a minimum against."""
        return ~np.isnan(self.check)

    def reading(self, i: int) -> PayReading:
        median, hourly = float(self.median[i]), float(self.hourly[i])
        return pay.reading(
            None if math.isnan(median) else median,
            None if math.isnan(hourly) else hourly,
            bool(self.top_coded[i]),
        )


def local_medians(catalog: CatalogArrays, region: Region) -> Medians:
    """The medians of ``region`` (a US state's annual US$, a province's hourly CAD)."""
    n = len(catalog)
    missing = np.full(n, np.nan)
    median = catalog.regional_median.get(region.code, missing)
    if region.country != US:
        return Medians(median, missing, np.zeros(n, dtype=bool), median)
    hourly = catalog.regional_hourly.get(region.code, missing)
    top = catalog.regional_top_coded.get(region.code, np.zeros(n, dtype=bool)) & np.isnan(median)
    check = np.where(top, TOP_CODED_WAGE, np.where(np.isnan(median), hourly * HOURS, median))
    return Medians(median, hourly, top, check)


def country_medians(catalog: CatalogArrays, country: str) -> Medians:
    """The country-wide medians: US national (BLS), Canada-wide (Job Bank) or the UK's."""
    n = len(catalog)
    missing = np.full(n, np.nan)
    if country == US:
        top = catalog.wage_top_coded
        median = np.where(top, np.nan, catalog.median_wage)
        hourly = catalog.wage_hourly_median if len(catalog.wage_hourly_median) == n else missing
        return Medians(median, hourly, top, catalog.wage_check)
    median = catalog.regional_median.get(country, missing)
    return Medians(median, missing, np.zeros(n, dtype=bool), median)


def _local_figures(region: Region, m: Medians, i: int, prefix: str = "") -> dict[str, Any]:
    """``median``/``reading``/``hourly_median``/``annual_equivalent`` of one career."""
    hourly = _hourly(float(m.hourly[i]))
    return {
        f"{prefix}median": _figure(float(m.median[i]), region.currency),
        f"{prefix}reading": m.reading(i),
        f"{prefix}hourly_median": hourly,
        f"{prefix}annual_equivalent": None if hourly is None else pay.annual_equivalent(hourly),
    }


def _annual_estimates(
    median: float | None, national: float | None, hours: int | None
) -> dict[str, int | None]:
    """Hourly medians as yearly estimates at ``hours`` a year (Canada); none without hours."""
    return {
        "annual_estimate": None if hours is None or median is None else round(median * hours),
        "country_annual_estimate": (
            None if hours is None or national is None else round(national * hours)
        ),
    }


def pay_limit(place: Place, catalog: CatalogArrays) -> PayLimit | None:
    """The figures the minimum is checked against for ``place``; ``None`` for elsewhere."""
    region = place.region
    if region is None:
        return None
    local = local_medians(catalog, region)
    country = country_medians(catalog, region.country)
    has_local = local.has_figure()
    wage = np.where(has_local, local.check, country.check)
    top = np.where(has_local, local.top_coded, country.top_coded)
    us_national = catalog.median_wage
    hours = CANADA_HOURS_PER_YEAR if region.country == CANADA else None

    def details(i: int) -> contract.LocalPay:
        figures: dict[str, Any] = {
            "region": region.code,
            "name": region.name,
            "currency": region.currency,
            "unit": region.unit,
            **_local_figures(region, local, i),
            "country": region.country,
            "country_name": COUNTRY_NAMES[region.country],
            **_local_figures(region, country, i, "country_"),
            "country_top_coded": bool(country.top_coded[i]),
            "hours_per_year": hours,
            "source": SOURCES[region.country],
        }
        figures |= _annual_estimates(figures["median"], figures["country_median"], hours)
        figures["checked"] = None
        if place.minimum is not None:
            figures["checked"] = (
                "local" if has_local[i] else "country" if country.has_figure()[i] else None
            )
        figures["whose"] = (
            explain.pay_whose(catalog.wage_scope[i], catalog.wage_soc[i], catalog.wage_title[i])
            if region.country == US and catalog.wage_scope
            else None
        )
        us = _figure(float(us_national[i]), "USD")
        if region.country == UK:
            group = catalog.uk_group[i] if i < len(catalog.uk_group) else None
            figures |= {
                "uk_group": None if group is None else group[0],
                "uk_group_title": None if group is None else group[1],
            }
            sentence = text.uk_pay_sentence(figures, place.minimum, us)
        else:
            sentence = text.pay_sentence(figures, place.minimum, place.stated, place.per, us)
        return cast(contract.LocalPay, figures | {"sentence": sentence})

    def check(i: int) -> str | None:
        us = _figure(float(us_national[i]), "USD")
        if region.country == UK:
            return text.uk_check_sentence(details(i), place.minimum)
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
        "note": text.place_note(
            place.country, region.name if region else None, place.stated is not None
        ),
    }
