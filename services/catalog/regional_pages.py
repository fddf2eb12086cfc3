"""Rows for the career page's pay by place: US states sorted by median, Canadian regions."""

from __future__ import annotations

from typing import Any

from shared.regions import BY_CODE


def pay_by_place(regional_pay: dict[str, Any] | None) -> dict[str, Any] | None:
    """States by median pay (highest first, unpublished last) and Canada's regions, or None."""
    if regional_pay is None:
        return None
    states = [
        {"code": code, "name": BY_CODE[code].name, **figures}
        for code, figures in regional_pay["us_states"]["states"].items()
        if code in BY_CODE
    ]
    states.sort(key=lambda s: (s["median"] is None, -(s["median"] or 0), s["name"]))
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
        "canada_national": canada["national"],
        "provinces": provinces,
        "canada_source": canada["source"],
        "hours_per_year": canada["hours_per_year"],
        "nocs": canada["nocs"],
    }
