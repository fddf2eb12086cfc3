"""Figures of a field's careers that come from outside ``catalog.json``: O*NET's required
education, and pay by level in each US state and Canadian region (``regional.json``)."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from services.catalog.build.sources import BuildError
from services.catalog.layout import (
    CANADA_COLUMNS,
    CANADA_NATIONAL,
    US_COLUMNS,
    US_NATIONAL,
    median_over_nocs,
)
from services.catalog.serve.figures import weighted_median

EDUCATION_FILE = "Education, Training, and Experience.txt"
#: O*NET's "Required Level of Education" element and its scale.
EDUCATION_ELEMENT, EDUCATION_SCALE = "2.D.1", "RL"
#: Our short names of O*NET's twelve required-education categories, in their order.
EDUCATION_LEVELS = (
    "Less than a high school diploma",
    "High school diploma or equivalent",
    "Post-secondary certificate",
    "Some college courses",
    "Associate's degree",
    "Bachelor's degree",
    "Post-baccalaureate certificate",
    "Master's degree",
    "Post-master's certificate",
    "First professional degree",
    "Doctoral degree",
    "Post-doctoral training",
)
#: Percentiles a field's pay is given at, nationally and in each US state.
LEVELS = ("pct10", "pct25", "median", "pct75", "pct90")


# --- education ----------------------------------------------------------------------------


def read_education(onet_dir: Path) -> dict[str, list[float]]:
    """Each career's O*NET required-education distribution: percent of respondents by level."""
    path = onet_dir / EDUCATION_FILE
    if not path.is_file():
        raise BuildError(f"missing source file: {path.name}")
    found: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(EDUCATION_LEVELS))
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if (row["Element ID"], row["Scale ID"]) == (EDUCATION_ELEMENT, EDUCATION_SCALE):
                found[row["O*NET-SOC Code"]][int(row["Category"]) - 1] = float(row["Data Value"])
    return dict(found)


def education_of(codes: Iterable[str], education: Mapping[str, Sequence[float]]) -> dict[str, Any]:
    """The mean of the careers' required-education distributions (each career counts once)."""
    rows = [education[code] for code in codes if code in education]
    return {
        "careers": len(rows),
        "levels": [
            {"level": name, "percent": round(sum(r[i] for r in rows) / len(rows), 1)}
            for i, name in enumerate(EDUCATION_LEVELS)
        ]
        if rows
        else [],
    }


# --- pay by place -------------------------------------------------------------------------


def us_place_pay(rows: Iterable[Mapping[str, Any]], region: str) -> dict[str, Any] | None:
    """Employment-weighted median of each percentile over the distinct BLS occupations with a
    row in US state ``region``. A blank cell may be a top-coded or an unpublished wage, so a
    figure is given only when it is the same whether the blanks rank lowest or highest (a
    figure that falls on a blank is ``None``: "not published")."""
    occupations: dict[str, dict[str, Any]] = {}
    for row in rows:
        figures = row["us"].get(region)
        if figures is not None:
            soc = row.get("us_soc") or row["code"][:7]
            occupations.setdefault(soc, dict(zip(US_COLUMNS, figures, strict=True)))
    weighted = [o for o in occupations.values() if o["employment"]]
    if not weighted:
        return None
    result: dict[str, Any] = {
        "occupations": len(weighted),
        "employment": sum(o["employment"] for o in weighted),
    }
    for key in LEVELS:
        low, high = (
            weighted_median(
                (blank if o[key] is None else float(o[key]), float(o["employment"]))
                for o in weighted
            )
            for blank in (-math.inf, math.inf)
        )
        known = low == high and low is not None
        result[key] = {
            "value": round(low) if known and low is not None and math.isfinite(low) else None,
            "top_coded": known and low == math.inf,
        }
    return result


def canada_place_pay(rows: Iterable[Mapping[str, Any]], region: str) -> dict[str, Any] | None:
    """Median of Job Bank's hourly low, median and high over the distinct NOC sets with a row."""
    sets: dict[tuple[str, ...], list[float]] = {}
    for row in rows:
        figures = row["canada"].get(region)
        if figures is not None:
            sets.setdefault(tuple(figures[3]), figures[:3])
    if not sets:
        return None
    result: dict[str, Any] = {"noc_sets": len(sets)}
    for i, key in enumerate(CANADA_COLUMNS[:3]):
        result[key] = median_over_nocs([f[i] for f in sets.values()])
    return result


def place_pay(regional: Mapping[str, Any], codes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The field's pay by level in every US state and Canadian region that has figures."""
    by_code = {c["code"]: c for c in regional["careers"]}
    rows = [by_code[code] for code in codes if code in by_code]
    places: dict[str, dict[str, Any]] = {}
    for region in regional["regions"]:
        code = region["code"]
        if region["country"] == US_NATIONAL:
            found = us_place_pay(rows, code)
        elif region["country"] == CANADA_NATIONAL:
            found = canada_place_pay(rows, code)
        else:  # pay of other countries is not published per field
            found = None
        if found is not None:
            places[code] = found
    national = canada_place_pay(rows, CANADA_NATIONAL)
    if national is not None:
        places[CANADA_NATIONAL] = national
    return places
