"""The careers' pay as the store serves it: medians, top codes, and whose wage a figure is."""

from __future__ import annotations

from collections import Counter
from typing import Any


def median_of_wages(wages: list[tuple[int | None, bool]]) -> tuple[int | None, bool]:
    """The median of ``(median wage, top coded)`` pairs, as ``(dollars, top coded)``.

    Careers without a wage are left out. A top-coded wage (BLS ``#``) is only known to be
    at least the top code, which still ranks it above every number, so the median stays
    exact unless it falls on a top-coded wage: then it is ``(None, True)``.
    """
    ranked = sorted(
        float("inf") if value is None else float(value)
        for value, top in wages
        if top or value is not None
    )
    if not ranked:
        return None, False
    middle = len(ranked) // 2
    pair = ranked[middle : middle + 1] if len(ranked) % 2 else ranked[middle - 1 : middle + 1]
    if any(v == float("inf") for v in pair):
        return None, True
    return round(sum(pair) / len(pair)), False


def pay_scope(from_broad: bool, sharing: int) -> str:
    """Whose wage a career's is (``shared.contract.PAY_SCOPES``).

    ``own``: BLS publishes it for the career's SOC occupation and no other O*NET career
    in the catalog uses that figure; ``group``: several O*NET careers share one SOC
    occupation's figure; ``broad``: BLS publishes only the broad group's figure.
    """
    if from_broad:
        return "broad"
    return "group" if sharing > 1 else "own"


def mark_pay_scopes(careers: list[dict[str, Any]]) -> None:
    """Add ``scope`` and ``careers_sharing`` (careers using the same figure) to every wage."""
    sharing = Counter(c["wage"]["soc"] for c in careers if c["wage"] is not None)
    for c in careers:
        wage = c["wage"]
        if wage is not None:
            wage["careers_sharing"] = sharing[wage["soc"]]
            wage["scope"] = pay_scope(bool(wage.get("from_broad")), sharing[wage["soc"]])


def career_median(career: dict[str, Any]) -> tuple[int | None, bool]:
    """A career's median annual wage and whether it is top coded (``(None, False)``: none)."""
    wage = career["wage"]
    if wage is None:
        return None, False
    return wage["annual"]["median"], "median" in wage["top_coded"]


def hourly_only_median(career: dict[str, Any]) -> float | None:
    """The hourly US$ median of a career BLS publishes only per hour (``shared.pay``):
    set when the annual median is neither a figure nor top-coded; else ``None``."""
    wage = career["wage"]
    if wage is None or wage["annual"]["median"] is not None or "median" in wage["top_coded"]:
        return None
    hourly = wage.get("hourly_median")
    return None if hourly is None else float(hourly)
