"""The sentences a person reads about pay where they live (see ``services.matcher.regional``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.regions import CANADA, CANADA_HOURS_PER_YEAR, US

US_TOP_CODE = 239200
ELSEWHERE_NAME = "Somewhere else"


def money(amount: float, currency: str) -> str:
    """``$140,330`` for US dollars (whole), ``C$40.00`` for Canadian dollars (cents)."""
    if currency == "CAD":
        return f"C${amount:,.2f}" if amount < 1000 else f"C${amount:,.0f}"
    return f"${amount:,.0f}"


def _rate(amount: float, currency: str, unit: str) -> str:
    return f"{money(amount, currency)} {'an hour' if unit == 'hour' else 'a year'}"


def _with_year(amount: float, currency: str, unit: str, annual: int | None) -> str:
    """An hourly CAD figure with its yearly estimate and the hours it assumes."""
    shown = _rate(amount, currency, unit)
    if annual is None:
        return shown
    return f"{shown}, about {money(annual, currency)} a year at {CANADA_HOURS_PER_YEAR:,} hours"


def minimum_text(minimum: float, stated: float | None, per: str | None, currency: str) -> str:
    """The person's minimum as they gave it (a Canadian yearly one with its hourly rate)."""
    if currency == "CAD" and per == "year" and stated is not None:
        return (
            f"{money(stated, currency)} a year ({money(minimum, currency)} an hour at "
            f"{CANADA_HOURS_PER_YEAR:,} hours)"
        )
    return _rate(minimum, currency, "hour" if currency == "CAD" else "year")


def _verdict(figure: float, top_coded: bool, minimum_shown: str, minimum: float) -> str:
    if top_coded or figure >= minimum:
        return f"meets your minimum of {minimum_shown}"
    return f"is below your minimum of {minimum_shown}"


def pay_sentence(
    pay: Mapping[str, Any],
    minimum: float | None,
    stated: float | None,
    per: str | None,
    us_national: float | None,
) -> str:
    """One career's pay where the person lives, beside its country's, and the limit check."""
    currency, unit, name = pay["currency"], pay["unit"], pay["name"]
    shown_min = None if minimum is None else minimum_text(minimum, stated, per, currency)
    local, national = pay["median"], pay["country_median"]
    country_name = pay["country_name"]
    publisher = "BLS" if pay["country"] == US else "Job Bank"
    if local is not None:
        head = (
            f"Median pay in {name} is {_with_year(local, currency, unit, pay['annual_estimate'])}"
        )
        if national is not None:
            national_text = (
                f"{money(US_TOP_CODE, currency)} or more"
                if pay["country_top_coded"]
                else _rate(national, currency, unit)
            )
            head += f" ({country_name}: {national_text})"
        if minimum is None or shown_min is None:
            return head + "."
        return f"{head}; it {_verdict(local, False, shown_min, minimum)}."
    if pay["country"] == US:
        missing = (
            f"BLS publishes no median pay for this career in {name} (or it is at least $239,200)"
        )
    else:
        missing = f"Job Bank publishes no wage for this career in {name}"
    if national is not None:
        if pay["country_top_coded"]:
            figure = f"{money(US_TOP_CODE, currency)} or more a year"
        else:
            figure = _with_year(national, currency, unit, pay["country_annual_estimate"])
        if minimum is None or shown_min is None:
            return f"{missing}; the {country_name} median is {figure}."
        verdict = _verdict(national, pay["country_top_coded"], shown_min, minimum)
        return f"{missing}; the {country_name} median ({figure}) {verdict}."
    if pay["country"] == CANADA:
        us_text = (
            f"; the US national median is {money(us_national, 'USD')} a year, in US dollars "
            f"(not converted)"
            if us_national is not None
            else ""
        )
        tail = ", so your pay limit could not be checked" if minimum is not None else ""
        return f"Job Bank publishes no Canadian wage for this career{us_text}{tail}."
    tail = ", so your pay limit could not be checked" if minimum is not None else ""
    return f"{publisher} publishes no median pay for this career in {name} or nationally{tail}."


def place_note(country: str | None, name: str | None) -> str:
    """What the result says about the place the person chose."""
    if country == US:
        return (
            f"Pay is shown for {name} (BLS OEWS May 2024, annual US dollars) beside the US "
            f"national figure; your pay minimum is checked against {name}'s figure where BLS "
            f"publishes one, else against the national figure."
        )
    if country == CANADA:
        return (
            f"Pay is shown for {name} in Canadian dollars an hour (Job Bank 2024) beside the "
            f"Canada-wide figure; yearly amounts assume {CANADA_HOURS_PER_YEAR:,} hours. Your "
            f"pay minimum is checked against {name}'s figure where Job Bank publishes one, "
            f"else against the Canada-wide figure. No currency is converted."
        )
    return (
        "No local pay is published here for places outside the US states and territories "
        "and Canada's provinces and territories (UK and EU pay are not shown: no crosswalk "
        "from their occupation codes to the US ones could be sourced), so pay is the US "
        "national figure in US dollars."
    )


def check_sentence(
    pay: Mapping[str, Any],
    minimum: float | None,
    stated: float | None,
    per: str | None,
    us_national: float | None,
) -> str | None:
    """What became of the person's pay minimum (None without one): met or not, against
    which figure, or why it could not be checked. A Canadian minimum is checked against
    Canadian figures only; a US figure is never compared with it."""
    if minimum is None:
        return None
    currency, name, country_name = pay["currency"], pay["name"], pay["country_name"]
    shown_min = minimum_text(minimum, stated, per, currency)
    publisher = "BLS" if pay["country"] == US else "Job Bank"
    checked = pay.get("checked")
    if checked == "local":
        verdict = "Meets" if pay["median"] >= minimum else "Below"
        return f"{verdict} your minimum of {shown_min}: checked against the {name} median."
    if checked == "country":
        top = bool(pay.get("country_top_coded"))
        verdict = "Meets" if top or pay["country_median"] >= minimum else "Below"
        return (
            f"{verdict} your minimum of {shown_min}: checked against the {country_name} "
            f"median, as {publisher} publishes none for {name}."
        )
    wide = "nationally" if pay["country"] == US else "Canada-wide"
    why = f"{publisher} publishes no median pay for this career in {name} or {wide}"
    if pay["country"] == CANADA and us_national is not None:
        why += (
            "; its US pay is in US dollars, which are never compared with a minimum in "
            "Canadian dollars"
        )
    return (
        f"Your minimum of {shown_min} could not be checked: {why}. It ranks after the "
        f"careers whose pay meets your minimum."
    )
