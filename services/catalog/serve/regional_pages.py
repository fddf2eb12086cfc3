"""Rows for the career page's pay by place: US states sorted by median, Canadian regions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.catalog.layout import (
    CANADA_NATIONAL,
    SOURCES,
    US_COLUMNS,
    US_NATIONAL,
    median_over_nocs,
)
from services.catalog.serve.figures import weighted_median
from services.catalog.serve.regional_pay import RegionalPay
from shared import pay
from shared.regions import BY_CODE, UK


def state_median_text(figures: Mapping[str, Any]) -> str:
    """A state median as a person reads it: the figure, an hourly-only figure with its
    annual equivalent, ``$239,200 or more``, or ``Not published`` (``shared.pay``)."""
    reading = figures.get("reading")
    if figures["median"] is not None:
        return f"${figures['median']:,}"
    if reading == "hourly_only":
        return (
            f"${figures['hourly_median']:,.2f} an hour (BLS publishes only hourly pay; "
            f"${figures['annual_equivalent']:,} a year at {pay.HOURS_PER_YEAR:,} hours)"
        )
    if reading == "top_coded":
        return f"${pay.TOP_CODE:,} or more"
    return "Not published"


def _state_rank_figure(figures: Mapping[str, Any]) -> float:
    """Highest first: top-coded, then figures and annual equivalents; unpublished last."""
    if figures.get("reading") == "top_coded":
        return float("inf")
    value = figures["median"] or figures.get("annual_equivalent")
    return -1.0 if value is None else float(value)


def pay_by_place(regional_pay: dict[str, Any] | None) -> dict[str, Any] | None:
    """States by median pay (highest first, unpublished last) and Canada's regions, or None."""
    if regional_pay is None:
        return None
    states = [
        {"code": code, "name": BY_CODE[code].name, **figures}
        for code, figures in regional_pay["us_states"]["states"].items()
        if code in BY_CODE
    ]
    for state in states:
        state["median_text"] = state_median_text(state)
    states.sort(key=lambda s: (-_state_rank_figure(s), s["name"]))
    canada = regional_pay["canada"]
    provinces = [
        {"code": code, "name": BY_CODE[code].name, **figures}
        for code, figures in canada["provinces"].items()
        if code in BY_CODE
    ]
    provinces.sort(key=lambda p: (-p["median"], p["name"]))
    return {
        "states": states,
        "us_source": regional_pay["us_states"]["source"],
        "us_soc": regional_pay["us_states"].get("soc"),
        "canada_national": canada["national"],
        "provinces": provinces,
        "canada_source": canada["source"],
        "hours_per_year": canada["hours_per_year"],
        "nocs": canada["nocs"],
    }


#: A state's pay levels as the OEWS state file publishes them, lowest first.
US_LEVELS = (
    ("pct10", "10th percentile (start)"),
    ("pct25", "25th percentile"),
    ("median", "Median"),
    ("pct75", "75th percentile"),
    ("pct90", "90th percentile (top)"),
)
#: Job Bank's three wages of a region (its own low and high, not named percentiles).
CANADA_LEVELS = (("low", "Low"), ("median", "Median"), ("high", "High"))


def level_text(figures: Mapping[str, Any], key: str) -> str:
    """One state percentile as a person reads it. An empty cell above a published lower
    percentile is one BLS withholds as at least the top code; other empty cells are not
    published. The median keeps its own reading (hourly-only, top-coded)."""
    if key == "median":
        return state_median_text(figures)
    if figures[key] is not None:
        return f"${figures[key]:,}"
    keys = [k for k, _ in US_LEVELS]
    if any(figures[k] is not None for k in keys[: keys.index(key)]):
        return f"${pay.TOP_CODE:,} or more"
    return "Not published"


def uk_levels(uk: Mapping[str, Any] | None, name: str) -> dict[str, Any] | None:
    """A career's UK pay from start to top (its UK group's ASHE percentiles), or None."""
    if not uk or not uk.get("figures"):
        return None
    figures = uk["figures"]
    rows = [
        {
            "label": label,
            "text": "Not published" if figures[k] is None else f"{pay.pounds(figures[k])} a year",
        }
        for k, label in US_LEVELS
    ]
    return {
        "code": UK,
        "name": name,
        "country": UK,
        "rows": rows,
        "employment": None,
        "soc2020": uk["soc2020"],
        "group_title": uk["group_title"],
        "source": uk["source"],
    }


def pay_levels_at(regional_pay: dict[str, Any] | None, code: str) -> dict[str, Any] | None:
    """A career's pay from start to top in one place (a region code), or None if no figure."""
    region = BY_CODE.get(code)
    if regional_pay is None or region is None:
        return None
    if region.country == UK:
        return uk_levels(regional_pay.get("uk"), region.name)
    if region.country == US_NATIONAL:
        us = regional_pay["us_states"]
        figures = us["states"].get(code)
        if figures is None:
            return None
        rows = [{"label": label, "text": level_text(figures, k)} for k, label in US_LEVELS]
        return {
            "code": code,
            "name": region.name,
            "country": region.country,
            "rows": rows,
            "employment": figures["employment"],
            "soc": us.get("soc"),
            "source": us["source"],
        }
    canada = regional_pay["canada"]
    found = canada["provinces"].get(code)
    if found is None:
        return None
    hours = canada["hours_per_year"]
    rows = [
        {
            "label": label,
            "text": f"CA${found[k]:,.2f} an hour (about CA${round(found[k] * hours):,} a year)",
        }
        for k, label in CANADA_LEVELS
    ]
    return {
        "code": code,
        "name": region.name,
        "country": region.country,
        "rows": rows,
        "employment": None,
        "nocs": found["nocs"],
        "hours_per_year": hours,
        "source": canada["source"],
    }


#: How many places a technology or skill page lists, and careers a region page lists.
TOP_PLACES = 10
TOP_CAREERS = 20
GROUP_METHOD_US = (
    "For each state, each distinct BLS occupation (6-digit SOC) behind these careers counts "
    "once, weighted by its state employment (OEWS TOT_EMP); the figure is the "
    "employment-weighted median of their state median annual wages. Occupations without a "
    "published state median or employment are skipped, never counted as zero; a state is "
    "ranked only when at least half of the occupations that have any state figure have one "
    "there."
)
GROUP_METHOD_CANADA = (
    "For each province or territory, the median of the careers' Job Bank median hourly wages "
    "in CAD (not converted), each distinct set of NOC codes counted once; Job Bank publishes "
    "no employment, so the figure is not weighted. Careers without a figure there are skipped; "
    "a region is ranked only when at least half of the NOC sets have a figure there."
)


def group_places(regional: RegionalPay | None, codes: Sequence[str]) -> dict[str, Any] | None:
    """Where the careers ``codes`` pay most: top US states and Canadian regions, or None."""
    if regional is None:
        return None
    median_at = US_COLUMNS.index("median")
    employment_at = US_COLUMNS.index("employment")
    us: dict[str, dict[str, tuple[int, int]]] = {}
    canada: dict[str, dict[tuple[str, ...], float]] = {}
    for code in codes:
        career = regional.careers.get(code)
        if career is None:
            continue
        for iso, figures in career["us"].items():
            median, employment = figures[median_at], figures[employment_at]
            if median is not None and employment is not None:
                us.setdefault(iso, {})[career.get("us_soc") or code[:7]] = (median, employment)
        for iso, figures in career["canada"].items():
            canada.setdefault(iso, {})[tuple(figures[3])] = figures[1]
    us_total = len({soc for rows in us.values() for soc in rows})
    ca_total = len({nocs for rows in canada.values() for nocs in rows})
    states: list[dict[str, Any]] = []
    for iso, rows in us.items():
        value = weighted_median(rows.values())
        if value is not None and iso in BY_CODE and 2 * len(rows) >= us_total:
            employed = sum(e for _, e in rows.values())
            states.append(
                {
                    "code": iso,
                    "name": BY_CODE[iso].name,
                    "median": value,
                    "occupations": len(rows),
                    "employment": employed,
                }
            )
    states.sort(key=lambda s: (-s["median"], s["name"]))
    provinces: list[dict[str, Any]] = [
        {
            "code": iso,
            "name": BY_CODE[iso].name,
            "median": median_over_nocs(list(rows.values())),
            "careers": len(rows),
        }
        for iso, rows in canada.items()
        if iso != CANADA_NATIONAL and iso in BY_CODE and 2 * len(rows) >= ca_total
    ]
    provinces.sort(key=lambda p: (-p["median"], p["name"]))
    if not states and not provinces:
        return None
    return {
        "states": states[:TOP_PLACES],
        "state_count": len(states),
        "occupations": us_total,
        "provinces": provinces[:TOP_PLACES],
        "noc_sets": ca_total,
        "us_method": GROUP_METHOD_US,
        "canada_method": GROUP_METHOD_CANADA,
        "us_source": SOURCES[US_NATIONAL],
        "canada_source": SOURCES[CANADA_NATIONAL],
    }


def _figure_key(regional: RegionalPay, code: str, region: str, us: bool) -> Any:
    """What a career's figures in ``region`` come from: its BLS occupation, or the NOC codes
    Job Bank has there (careers with the same key show the same figures)."""
    career = regional.careers.get(code)
    if career is None:
        return None
    if us:
        return career.get("us_soc") or code[:7]
    figures = career["canada"].get(region)
    return None if figures is None else tuple(figures[3])


def region_careers(
    regional: RegionalPay,
    region: str,
    titles: Mapping[str, str],
    bls_titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A region's best-paid and (US) most-employed careers, with the source.

    Careers whose figures come from one BLS occupation (or one set of NOC codes) are one
    row, named as the group that figure belongs to, with every career it includes: its
    employment is the group's, never each career's own.
    """
    place = regional.regions[region]
    us = place.country == US_NATIONAL
    sharers: dict[Any, list[str]] = {}
    for code in titles:
        key = _figure_key(regional, code, region, us)
        if key is not None:
            sharers.setdefault(key, []).append(code)
    rows: dict[Any, dict[str, Any]] = {}
    counted = 0
    for code, title in titles.items():
        # Ranked by their own occupation's figures: a wider group's are not one career's.
        if regional.careers.get(code, {}).get("us_soc") not in (None, code[:7]):
            continue
        local = regional.local(code, region)["figures"]
        if local is None or local["median"] is None:
            continue
        counted += 1
        key = _figure_key(regional, code, region, us)
        if key in rows:
            continue
        members = [{"code": m, "title": titles[m]} for m in sharers.get(key, [code])]
        members.sort(key=lambda m: m["title"])
        group = None
        if len(members) > 1:
            group = (bls_titles or {}).get(key, key) if us else "NOC " + ", ".join(key)
        rows[key] = {
            "code": members[0]["code"] if group else code,
            "title": group or title,
            "group": group,
            "group_code": key if us and group else None,
            "members": members,
            **local,
        }
    listed = list(rows.values())
    best_paid = sorted(listed, key=lambda r: (-r["median"], r["title"]))[:TOP_CAREERS]
    most_employed: list[dict[str, Any]] = []
    if us:
        employed = [r for r in listed if r["employment"] is not None]
        most_employed = sorted(employed, key=lambda r: (-r["employment"], r["title"]))
        most_employed = most_employed[:TOP_CAREERS]
    return {
        "code": region,
        "name": place.name,
        "country": place.country,
        "careers": counted,
        "best_paid": best_paid,
        "most_employed": most_employed,
        "source": SOURCES[place.country],
        "hours_per_year": regional.hours_per_year,
    }


def region_index(regional: RegionalPay) -> dict[str, list[dict[str, str]]]:
    """The regions with a page, US states and territories, then Canada's."""
    places = list(regional.regions.values())
    return {
        "us": [{"code": r.code, "name": r.name} for r in places if r.country == US_NATIONAL],
        "canada": [{"code": r.code, "name": r.name} for r in places if r.country != US_NATIONAL],
    }
