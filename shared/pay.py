"""What a BLS median wage says: a figure, an hourly-only figure, a top-coded wage, or none.

BLS OEWS gives an annual median for most occupations. For some (actors, disc jockeys,
dancers ...) it publishes only an hourly median, because their workers seldom work a full
year (``A_MEDIAN`` empty or ``*``, ``H_MEDIAN`` set, the ``HOURLY`` flag); those are shown
as the hourly median with its annual equivalent at 2,080 hours, said as such. A median of
at least $239,200 a year ($115 an hour) is top-coded (``#``). Anything else is simply not
published, and is never shown as "at least $239,200".

The staged state file merged BLS's markers into an empty cell, so a state row with neither
an annual nor an hourly median is read from what the marker must have been
(``state_reading``): top-coded when the same SOC's national median is, or when the row
publishes a lower percentile; else not published.
"""

from __future__ import annotations

from typing import Literal

#: The four readings of a median, in the order a person would prefer them.
PAY_READINGS = ("figure", "hourly_only", "top_coded", "not_published")
PayReading = Literal["figure", "hourly_only", "top_coded", "not_published"]
#: BLS's annual top code ('#'): the median is at least this many dollars a year.
TOP_CODE = 239200
#: BLS's hours a year for an annual equivalent of an hourly wage (40 hours x 52 weeks).
HOURS_PER_YEAR = 2080


def reading(annual: float | None, hourly: float | None, top_coded: bool) -> PayReading:
    """The reading of a median from its annual figure, hourly figure and top-code flag."""
    if annual is not None:
        return "figure"
    if top_coded:
        return "top_coded"
    if hourly is not None:
        return "hourly_only"
    return "not_published"


def state_reading(
    annual: float | None,
    hourly: float | None,
    national: PayReading | None,
    lower_published: bool = False,
) -> PayReading:
    """A state cell's reading: its own figures, else what BLS's merged marker must have been.

    The median is top-coded when the same SOC's national median is, or when the row
    publishes a lower percentile (``lower_published``: BLS withholds every wage figure of a
    row it does not release, so an empty median above a published 10th or 25th percentile
    is one above the top code). Otherwise an empty median is not published, never
    "at least $239,200".
    """
    return reading(annual, hourly, national == "top_coded" or lower_published)


def annual_equivalent(hourly: float) -> int:
    """An hourly wage times 2,080 hours, to the dollar: what BLS calls the annual equivalent."""
    return round(hourly * HOURS_PER_YEAR)


#: How a UK figure names its source, in the sentence beside it.
UK_SOURCE = "ONS ASHE 2024 provisional"
#: The attribution ONS asks for, shown wherever a UK figure is (Open Government Licence).
UK_ATTRIBUTION = (
    "Source: Office for National Statistics (ONS), Annual Survey of Hours and Earnings 2024 "
    "(provisional), Table 14. Contains public sector information licensed under the Open "
    "Government Licence v3.0."
)
#: What every UK figure is, and is not.
UK_LIMITS = (
    "ASHE counts employees only (not the self-employed), and a UK occupation group is "
    "broader than one career."
)


def pounds(amount: float) -> str:
    """``£51,624``: whole pounds, as ONS publishes annual pay."""
    return f"£{amount:,.0f}"


def uk_figure_text(median: float, group: str, title: str) -> str:
    """A UK median with its source and group: ``£51,624: ONS ASHE 2024 provisional, UK
    full-time employees in Solicitors and lawyers (SOC 2020 2412)``."""
    return f"{pounds(median)}: {UK_SOURCE}, UK full-time employees in {title} (SOC 2020 {group})"


def no_uk_figure_text(why: str) -> str:
    """What a career without a confident UK figure says instead of one."""
    return f"No UK figure for this career: {why}."
