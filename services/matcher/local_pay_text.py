"""The sentences a person reads about pay where they live (see ``services.matcher.regional``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.pay import HOURS_PER_YEAR, TOP_CODE, UK_SOURCE, no_uk_figure_text, pounds
from shared.regions import CANADA, CANADA_HOURS_PER_YEAR, UK, US

ELSEWHERE_NAME = "Somewhere else"


def money(amount: float, currency: str) -> str:
    """``$140,330`` for US dollars (whole), ``C$40.00`` for Canadian dollars (cents),
    ``£51,624`` for pounds (whole)."""
    if currency == "GBP":
        return pounds(amount)
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


def median_text(pay: Mapping[str, Any], prefix: str = "") -> str | None:
    """A median as its reading says (``shared.pay``); ``None`` when it is not published.

    ``prefix`` is ``""`` for the local figures and ``"country_"`` for the country's, which
    are said in brackets: an hourly-only one without the words on BLS.
    """
    currency, unit = pay["currency"], pay["unit"]
    reading = pay.get(f"{prefix}reading", "figure")
    if reading == "hourly_only":
        hourly = f"${pay[f'{prefix}hourly_median']:,.2f} an hour"
        year = (
            f"{money(pay[f'{prefix}annual_equivalent'], 'USD')} a year at {HOURS_PER_YEAR:,} hours"
        )
        if prefix:
            return f"{hourly}, {year}"
        return f"{hourly} (BLS publishes only hourly pay for it: {year})"
    if reading == "top_coded":
        return f"{money(TOP_CODE, currency)} or more a year"
    median = pay[f"{prefix}median"]
    if median is None:
        return None
    return _with_year(median, currency, unit, pay[f"{prefix}annual_estimate"])


def _checked(pay: Mapping[str, Any], prefix: str) -> tuple[float, bool]:
    """The figure a minimum is checked against, and whether it is top-coded."""
    reading = pay.get(f"{prefix}reading", "figure")
    if reading == "hourly_only":
        return float(pay[f"{prefix}annual_equivalent"]), False
    if reading == "top_coded":
        return float(TOP_CODE), True
    return float(pay[f"{prefix}median"]), False


def pay_sentence(
    pay: Mapping[str, Any],
    minimum: float | None,
    stated: float | None,
    per: str | None,
    us_national: float | None,
) -> str:
    """One career's pay where the person lives, beside its country's, and the limit check.

    A figure that is not published is said so, never as "at least $239,200"; an hourly-only
    figure is checked by its annual equivalent, said as such; ``pay["whose"]`` names the
    group whose figure it is when not the career's own occupation's.
    """
    currency, name = pay["currency"], pay["name"]
    shown_min = None if minimum is None else minimum_text(minimum, stated, per, currency)
    local, national = median_text(pay), median_text(pay, "country_")
    country_name = pay["country_name"]
    whose = f", the {pay['whose']}" if pay.get("whose") else ""
    if local is not None:
        head = f"Median pay in {name} is {local}{whose}"
        if national is not None:
            head += f" ({country_name}: {national})"
        if minimum is None or shown_min is None:
            return head + "."
        figure, top = _checked(pay, "")
        it = (
            f"at {HOURS_PER_YEAR:,} hours a year it"
            if pay.get("reading") == "hourly_only"
            else "it"
        )
        return f"{head}; {it} {_verdict(figure, top, shown_min, minimum)}."
    if pay["country"] == US:
        missing = f"BLS publishes no median pay for this career in {name}"
    else:
        missing = f"Job Bank publishes no wage for this career in {name}"
    if national is not None:
        if minimum is None or shown_min is None:
            return f"{missing}; the {country_name} median is {national}{whose}."
        figure, top = _checked(pay, "country_")
        verdict = _verdict(figure, top, shown_min, minimum)
        return f"{missing}; the {country_name} median ({national}{whose}) {verdict}."
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
    return f"BLS publishes no median pay for this career in {name} or nationally{tail}."


def uk_pay_sentence(pay: Mapping[str, Any], minimum: float | None, us: float | None) -> str:
    """One career's UK pay: its UK group's ONS median and the limit check, or why there is
    none (then a pound minimum is not checked, and US dollars are never compared with it)."""
    median, group = pay.get("median"), pay.get("uk_group")
    if median is None or group is None:
        why = "it does not match one UK occupation group confidently, or ONS publishes no "
        why += "reliable median for its group"
        tail = "; your pay minimum in pounds could not be checked" if minimum is not None else ""
        us_text = (
            f" (its US national median, {money(us, 'USD')} a year, is in US dollars and is "
            f"not converted)"
            if us is not None
            else ""
        )
        return no_uk_figure_text(why + us_text).rstrip(".") + tail + "."
    head = (
        f"{pounds(median)} a year: {UK_SOURCE}, UK full-time employees in "
        f"{pay['uk_group_title']} (SOC 2020 {group})"
    )
    if minimum is None:
        return head + "."
    return f"{head}; it {_verdict(median, False, _rate(minimum, 'GBP', 'year'), minimum)}."


def uk_check_sentence(pay: Mapping[str, Any], minimum: float | None) -> str | None:
    """What became of a pound minimum in the UK (None without one)."""
    if minimum is None:
        return None
    shown_min = _rate(minimum, "GBP", "year")
    median, group = pay.get("median"), pay.get("uk_group")
    if median is None or group is None:
        return (
            f"Your minimum of {shown_min} could not be checked: there is no UK figure for this "
            f"career (no confident match to one UK occupation group with a published ONS "
            f"median). It ranks after the careers whose pay meets your minimum."
        )
    verdict = "Meets" if median >= minimum else "Below"
    return (
        f"{verdict} your minimum of {shown_min}: checked against the ONS ASHE 2024 median of "
        f"UK full-time employees in {pay['uk_group_title']} (SOC 2020 {group})."
    )


def place_note(country: str | None, name: str | None, has_minimum: bool = True) -> str:
    """What the result says about the place the person chose (and, with ``has_minimum``,
    what their pay minimum is checked against)."""
    if country == US:
        checked = (
            f"; your pay minimum is checked against {name}'s figure where BLS publishes one, "
            f"else against the national figure"
        )
        return (
            f"Pay is shown for {name} (BLS OEWS May 2024, annual US dollars) beside the US "
            f"national figure{checked if has_minimum else ''}."
        )
    if country == CANADA:
        checked = (
            f" Your pay minimum is checked against {name}'s figure where Job Bank publishes "
            f"one, else against the Canada-wide figure."
        )
        return (
            f"Pay is shown for {name} in Canadian dollars an hour (Job Bank 2024) beside the "
            f"Canada-wide figure; yearly amounts assume {CANADA_HOURS_PER_YEAR:,} hours."
            f"{checked if has_minimum else ''} No currency is converted."
        )
    if country == UK:
        checked = (
            " Your pay minimum in pounds is checked against that figure; a career without one "
            "says so, and ranks after those that meet your minimum."
        )
        return (
            "Pay is shown for the United Kingdom in pounds a year: ONS's Annual Survey of Hours "
            "and Earnings 2024 (provisional) median of UK full-time employees in the career's "
            "UK occupation group (SOC 2020), only where the career matches one group "
            "confidently. ASHE counts employees only, and a UK group is broader than one "
            f"career.{checked if has_minimum else ''} No currency is converted."
        )
    return (
        "No local pay is published here for places outside the US states and territories, "
        "Canada's provinces and territories and the United Kingdom (EU pay is not shown: "
        "Eurostat publishes pay only for nine broad occupation groups), so pay is the US "
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
    if checked in ("local", "country"):
        prefix = "" if checked == "local" else "country_"
        figure, top = _checked(pay, prefix)
        verdict = "Meets" if top or figure >= minimum else "Below"
        against = f"the {name} median" if checked == "local" else f"the {country_name} median"
        if pay.get(f"{prefix}reading") == "hourly_only":
            against = (
                f"{against.replace('median', 'hourly median')} at {HOURS_PER_YEAR:,} hours a "
                f"year ({money(figure, 'USD')}), as BLS publishes only hourly pay for it"
            )
        if checked == "country":
            against += f", as {publisher} publishes none for {name}"
        return f"{verdict} your minimum of {shown_min}: checked against {against}."
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
