"""Regional pay as served: one loaded ``regional.json`` (built by ``build/regional.py``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from services.catalog.layout import (
    CANADA_NATIONAL,
    REGIONAL_FILE,
    REGIONAL_FORMAT,
    SOURCES,
    UK_COLUMNS,
    US_COLUMNS,
    US_NATIONAL,
    US_TOP_CODE,
)
from shared import pay
from shared.contract.snapshot import SnapshotRegional
from shared.regions import UK, UNITED_KINGDOM, Region

#: What a state's figures mean, said with every one of them.
US_NOTE = (
    "Annual US dollars. reading says what the median is: figure; hourly_only (BLS publishes "
    "only an hourly median: annual_equivalent is it times 2,080 hours); top_coded (at least "
    f"${US_TOP_CODE:,} a year); not_published (no figure). A null is never zero."
)


class RegionalPay:
    """Read access to one loaded ``regional.json``; methods return JSON-ready dicts."""

    def __init__(self, document: Mapping[str, Any], version: str = "") -> None:
        if document.get("format") != REGIONAL_FORMAT:
            raise ValueError(f"{REGIONAL_FILE} has format {document.get('format')!r}; rebuild")
        self.document = document
        #: 12 hex digits of the file's SHA-256: results scored with other figures differ.
        self.version = version
        self.regions = {r["code"]: Region(**r) for r in document["regions"]}
        self.careers: Mapping[str, Mapping[str, Any]] = {c["code"]: c for c in document["careers"]}
        self.hours_per_year: int = document["canada_hours_per_year"]
        self.uk_groups: Mapping[str, Sequence[Any]] = document["uk_groups"]

    def region_list(self) -> list[dict[str, Any]]:
        """Every region with its country, kind, currency, unit and source."""
        return [
            {
                "code": r.code,
                "name": r.name,
                "country": r.country,
                "kind": r.kind,
                "currency": r.currency,
                "unit": r.unit,
                "source": SOURCES[r.country],
            }
            for r in [*self.regions.values(), UNITED_KINGDOM]
        ]

    def _us(self, figures: Sequence[Any] | None) -> dict[str, Any] | None:
        """A state row by column name, with the annual equivalent of an hourly-only median."""
        if figures is None:
            return None
        row = dict(zip(US_COLUMNS, figures, strict=True))
        hourly = row["hourly_median"]
        row["annual_equivalent"] = (
            pay.annual_equivalent(hourly) if row["reading"] == "hourly_only" else None
        )
        row["hours_per_year"] = pay.HOURS_PER_YEAR
        return row

    def _canada(self, figures: Sequence[Any] | None) -> dict[str, Any] | None:
        if figures is None:
            return None
        low, median, high, nocs = figures
        return {
            "low": low,
            "median": median,
            "high": high,
            "nocs": nocs,
            "annual_median_estimate": round(median * self.hours_per_year),
            "hours_per_year": self.hours_per_year,
        }

    def uk(self, code: str) -> dict[str, Any]:
        """A career's UK pay: its SOC 2020 group's ASHE figures, or why it has none."""
        entry = (self.careers.get(code) or {}).get("uk") or {
            "group": None,
            "basis": "none",
            "why": "the career is not in the regional file",
        }
        group = entry["group"]
        block: dict[str, Any] = {
            "source": SOURCES[UK],
            "attribution": pay.UK_ATTRIBUTION,
            "currency": "GBP",
            "unit": "year",
            "note": pay.UK_LIMITS,
            "soc2020": group,
            "group_title": None,
            "basis": entry["basis"],
            "why": entry["why"],
            "figures": None,
        }
        if group is None:
            return block | {"text": pay.no_uk_figure_text(entry["why"])}
        title, *figures = self.uk_groups[group]
        row = dict(zip(UK_COLUMNS, figures, strict=True))
        return block | {
            "group_title": title,
            "figures": row,
            "text": pay.uk_figure_text(row["median"], group, title),
        }

    def local(self, code: str, region: str) -> dict[str, Any]:
        """One career's pay in ``region`` (a known place code); figures ``None`` if none."""
        if region == UK:
            uk = self.uk(code)
            return {
                "region": UK,
                "name": UNITED_KINGDOM.name,
                "country": UK,
                "currency": "GBP",
                "unit": "year",
                "figures": None
                if uk["figures"] is None
                else {**uk["figures"], "soc2020": uk["soc2020"], "group_title": uk["group_title"]},
                "source": SOURCES[UK],
                "note": f"{uk['text'].rstrip('.')}. {pay.UK_LIMITS}",
            }
        place = self.regions[region]
        career = self.careers.get(code) or {"us": {}, "canada": {}, "nocs": []}
        if place.country == US_NATIONAL:
            figures = self._us(career["us"].get(region))
            note = US_NOTE
        else:
            figures = self._canada(career["canada"].get(region))
            note = (
                f"Hourly wages in Canadian dollars; the yearly estimate assumes "
                f"{self.hours_per_year:,} hours a year."
            )
        return {
            "region": region,
            "name": place.name,
            "country": place.country,
            "currency": place.currency,
            "unit": place.unit,
            "figures": figures,
            "source": SOURCES[place.country],
            "note": note,
        }

    def career(self, code: str) -> dict[str, Any]:
        """All regional figures of one career: US states, and Canada with its NOC codes."""
        career = self.careers.get(code) or {"us": {}, "canada": {}, "nocs": []}
        canada = career["canada"]
        return {
            "us_states": {
                "source": SOURCES[US_NATIONAL],
                "currency": "USD",
                "unit": "year",
                "top_code": US_TOP_CODE,
                "hours_per_year": pay.HOURS_PER_YEAR,
                "note": US_NOTE,
                "soc": career.get("us_soc"),
                "states": {iso: self._us(f) for iso, f in career["us"].items()},
            },
            "canada": {
                "source": SOURCES[CANADA_NATIONAL],
                "currency": "CAD",
                "unit": "hour",
                "hours_per_year": self.hours_per_year,
                "nocs": career["nocs"],
                "rule": "several NOC codes: each figure is the median over the mapped codes "
                "that have a row for the region",
                "national": self._canada(canada.get(CANADA_NATIONAL)),
                "provinces": {
                    iso: self._canada(f) for iso, f in canada.items() if iso != CANADA_NATIONAL
                },
            },
            "uk": self.uk(code),
        }

    def snapshot(self, codes: Sequence[str]) -> SnapshotRegional:
        """What the matcher needs: the per-region median of each career, in ``codes`` order.

        ``{"version": ..., "hours_per_year": 1950, "median": {"US-CA": [annual USD | null, ...],
        "CA": [hourly CAD | null, ...], "CA-ON": [...], ...}, "hourly_only": {"US-TX":
        [[row, hourly USD], ...]}, "top_coded": {"US-CA": [row, ...]}}``; ``CA`` is
        Canada-wide; ``GB`` the UK's annual pounds (ONS ASHE), with ``uk_group`` naming each
        career's SOC 2020 group ``[code, title]`` (null: no confident UK figure); hourly_only
        and top_coded list only the rows of careers with such a state median.
        """
        median_us = US_COLUMNS.index("median")
        hourly_at, reading_at = US_COLUMNS.index("hourly_median"), US_COLUMNS.index("reading")
        columns: dict[str, list[float | None]] = {}
        hourly_only: dict[str, list[tuple[int, float]]] = {}
        top_coded: dict[str, list[int]] = {}
        for region in [CANADA_NATIONAL, *self.regions]:
            us = region != CANADA_NATIONAL and self.regions[region].country == US_NATIONAL
            column: list[float | None] = []
            for row, code in enumerate(codes):
                career = self.careers.get(code)
                figures = None if career is None else career["us" if us else "canada"].get(region)
                column.append(None if figures is None else figures[median_us if us else 1])
                if us and figures is not None and figures[reading_at] == "hourly_only":
                    hourly_only.setdefault(region, []).append((row, figures[hourly_at]))
                if us and figures is not None and figures[reading_at] == "top_coded":
                    top_coded.setdefault(region, []).append(row)
            columns[region] = column
        median_uk = 1 + UK_COLUMNS.index("median")
        uk_groups: list[tuple[str, str] | None] = []
        uk_column: list[float | None] = []
        for code in codes:
            group = ((self.careers.get(code) or {}).get("uk") or {}).get("group")
            uk_groups.append(None if group is None else (group, self.uk_groups[group][0]))
            uk_column.append(None if group is None else self.uk_groups[group][median_uk])
        columns[UK] = uk_column
        return {
            "version": self.version,
            "hours_per_year": self.hours_per_year,
            "median": columns,
            "hourly_only": hourly_only,
            "top_coded": top_coded,
            "uk_group": uk_groups,
        }


def load_regional(path: Path) -> RegionalPay | None:
    """The regional figures in ``path``, or ``None`` when the file was not built."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    return RegionalPay(json.loads(data), hashlib.sha256(data).hexdigest()[:12])
