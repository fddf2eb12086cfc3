"""Regional pay: US state wages (BLS OEWS May 2024) and Canadian wages (Job Bank 2024).

Reads ``../shared/data/regional`` and writes ``regional.json`` beside the catalog dataset
(facts and figures only, committed); ``serve/regional_pay.py`` serves those figures.

Rules the figures follow:

- **US states** (50 states, DC, Guam, Puerto Rico, the U.S. Virgin Islands): the state rows
  of the career's own 6-digit SOC code (the first 7 characters of the O*NET-SOC code) when
  the state file has it, else those of the SOC code its national wage came from (the
  group or broad group of ``pay_source``); ``us_soc`` names the code used. An empty cell
  is ``null``, never zero and never filled in. Each row ends with the hourly median and
  the median's reading (``shared.pay``): ``figure``; ``hourly_only`` (BLS gives only an
  hourly median); else, as the republished file merged BLS's ``*``, ``**`` and ``#``
  markers, what the marker must have been: ``top_coded`` when the same SOC's national
  median is top-coded or the row publishes a 10th or 25th percentile (BLS withholds all
  of a row's wages or none), ``not_published`` otherwise.
- **Canada** (Canada-wide and 13 provinces and territories; Prince Edward Island and the
  three territories are each one Job Bank economic region): the 2024 hourly low, median and
  high wage in CAD of the NOC 2021 codes the crosswalk maps to the career. When several NOC
  codes map to one career, each figure of a region is the **median of that figure over the
  mapped NOC codes that have a row for the region** (the mean of the middle two for an even
  count, rounded to the cent); the NOC codes used are listed with the figures. A region none
  of the mapped codes has a row for has no figure.
- **UK** (the whole country): ONS ASHE 2024 provisional full-time annual pay of the one UK
  SOC 2020 unit group the rule of ``build/uk.py`` maps the career to, or the reason it has
  none (``uk``); the groups' figures once each (``uk_groups``).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from collections.abc import Container, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from services.catalog.build import uk
from services.catalog.layout import (
    CANADA_COLUMNS,
    CANADA_NATIONAL,
    REGIONAL_FORMAT,
    SOURCES,
    UK_COLUMNS,
    UK_REVIEW_FILE,
    US_COLUMNS,
    US_NATIONAL,
    US_TOP_CODE,
    median_over_nocs,
)
from shared import pay, regions
from shared.regions import CANADA_HOURS_PER_YEAR

STATES_FILE = Path("us-states") / "oews_state_M2024_detailed.csv"
JOBBANK_FILE = Path("canada") / "jobbank_wages_2016_2020_2024_noc2021.csv"
CROSSWALK_FILE = Path("canada") / "noc2021_onet26.csv"
_US_SOURCE_COLUMNS = ("TOT_EMP", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90")

#: Job Bank area codes of Canada and of the 13 provinces and territories (ISO 3166-2).
CANADA_AREAS = {
    "ER00": "CA",
    "ER10": "CA-NL",
    "ER1110": "CA-PE",
    "ER12": "CA-NS",
    "ER13": "CA-NB",
    "ER24": "CA-QC",
    "ER35": "CA-ON",
    "ER46": "CA-MB",
    "ER47": "CA-SK",
    "ER48": "CA-AB",
    "ER59": "CA-BC",
    "ER6010": "CA-YT",
    "ER6110": "CA-NT",
    "ER6210": "CA-NU",
}


class RegionalBuildError(RuntimeError):
    """The regional source files are missing or not shaped as the build relies on."""


# --- parsing helpers (pure) ---------------------------------------------------------------


def parse_count(raw: str) -> int | None:
    """A state file cell as whole dollars or a head count; ``None`` for an empty cell.

    Empty means BLS published no number (or, for a wage, one of at least $239,200).
    """
    text = raw.strip().replace(",", "")
    if text == "":
        return None
    try:
        return round(float(text))
    except ValueError:
        raise RegionalBuildError(f"unexpected OEWS state value {raw!r}") from None


def parse_hourly(raw: str) -> float | None:
    """A state file hourly wage in US$ (cents); ``None`` for an empty cell."""
    text = raw.strip().replace(",", "")
    if text == "":
        return None
    try:
        return round(float(text), 2)
    except ValueError:
        raise RegionalBuildError(f"unexpected OEWS state hourly value {raw!r}") from None


def state_row(row: Mapping[str, str], national: pay.PayReading | None) -> list[Any]:
    """One state's ``US_COLUMNS`` from its state file row and the SOC's national reading."""
    figures: list[Any] = [parse_count(row[column]) for column in _US_SOURCE_COLUMNS]
    hourly = parse_hourly(row["H_MEDIAN"])
    median = figures[US_COLUMNS.index("median")]
    lower = any(figures[US_COLUMNS.index(k)] is not None for k in ("pct10", "pct25"))
    return [*figures, hourly, pay.state_reading(median, hourly, national, lower)]


def national_reading(wage: Mapping[str, Any] | None) -> pay.PayReading | None:
    """The reading of a dataset wage entry's median (``None`` without a wage)."""
    if wage is None:
        return None
    return pay.reading(
        wage["annual"]["median"], wage.get("hourly_median"), "median" in wage["top_coded"]
    )


def parse_cad(raw: str) -> float:
    """A Job Bank hourly wage in CAD (the 2024 columns are always filled)."""
    try:
        return round(float(raw), 2)
    except ValueError:
        raise RegionalBuildError(f"unexpected Job Bank wage {raw!r}") from None


def combine_nocs(rows: Mapping[str, tuple[float, float, float]]) -> list[Any]:
    """``[low, median, high, [nocs]]`` of one region from ``{noc: (low, median, high)}``."""
    nocs = sorted(rows)
    return [
        median_over_nocs([rows[n][0] for n in nocs]),
        median_over_nocs([rows[n][1] for n in nocs]),
        median_over_nocs([rows[n][2] for n in nocs]),
        nocs,
    ]


# --- the build ----------------------------------------------------------------------------


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise RegionalBuildError(f"missing regional source file: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _region_document() -> list[dict[str, str]]:
    return [
        {"code": r.code, "name": r.name, "country": r.country, "kind": r.kind}
        for r in regions.REGIONS
    ]


def _jobbank(regional_dir: Path) -> dict[str, dict[str, tuple[float, float, float]]]:
    """``{noc: {region: (low, median, high)}}`` of the Job Bank 2024 hourly wages."""
    jobbank: dict[str, dict[str, tuple[float, float, float]]] = defaultdict(dict)
    for row in _csv_rows(regional_dir / JOBBANK_FILE):
        iso = CANADA_AREAS.get(row["ER_Code"])
        if iso is None:
            continue
        figures = (
            parse_cad(row["Low_Wage_2024"]),
            parse_cad(row["Median_Wage_2024"]),
            parse_cad(row["High_Wage_2024"]),
        )
        previous = jobbank[row["NOC_2021"]].setdefault(iso, figures)
        if previous != figures:
            raise RegionalBuildError(
                f"Job Bank rows for NOC {row['NOC_2021']} in {row['ER_Code']} disagree"
            )
    return jobbank


def state_soc(code: str, wage: Mapping[str, Any] | None, socs: Container[str]) -> str | None:
    """The SOC code whose state rows a career shows: its own, else its national wage's."""
    if code[:7] in socs:
        return code[:7]
    if wage is not None and wage["soc"] in socs:
        return str(wage["soc"])
    return None


def build_regional(
    regional_dir: Path,
    wages: Mapping[str, Mapping[str, Any] | None],
    titles: Mapping[str, Sequence[str]],
    review_path: Path = UK_REVIEW_FILE,
) -> dict[str, Any]:
    """The regional document for the careers of ``wages`` (code -> its dataset wage entry,
    ``None`` without one; ``titles``: code -> its title, then its alternate titles) from the
    files in ``regional_dir`` and the reviewed UK mappings in ``review_path``."""
    state_rows = list(_csv_rows(regional_dir / STATES_FILE))
    us_areas = {f"US-{row['PRIM_STATE']}" for row in state_rows}
    expected = {r.code for r in regions.REGIONS if r.country == US_NATIONAL}
    if us_areas != expected:
        raise RegionalBuildError(
            f"the state file's areas differ from shared.regions: {sorted(us_areas ^ expected)}"
        )
    national = {str(w["soc"]): national_reading(w) for w in wages.values() if w is not None}
    by_soc: dict[str, dict[str, list[Any]]] = defaultdict(dict)
    for row in state_rows:
        by_soc[row["OCC_CODE"]][f"US-{row['PRIM_STATE']}"] = state_row(
            row, national.get(row["OCC_CODE"])
        )

    jobbank = _jobbank(regional_dir)
    crosswalk: dict[str, set[str]] = defaultdict(set)
    for row in _csv_rows(regional_dir / CROSSWALK_FILE):
        crosswalk[row["onet"]].add(row["noc"].strip().zfill(5))

    try:
        uk_entries, uk_groups = uk.build_uk(regional_dir, titles, review_path)
    except uk.UKBuildError as exc:
        raise RegionalBuildError(str(exc)) from None
    careers: list[dict[str, Any]] = []
    for code, wage in wages.items():
        soc = state_soc(code, wage, by_soc)
        states = by_soc.get(soc, {}) if soc else {}
        nocs = sorted(crosswalk.get(code, set()))
        canada: dict[str, list[Any]] = {}
        for iso in CANADA_AREAS.values():
            rows = {n: jobbank[n][iso] for n in nocs if iso in jobbank.get(n, {})}
            if rows:
                canada[iso] = combine_nocs(rows)
        careers.append(
            {
                "code": code,
                "us_soc": soc,
                "us": dict(sorted(states.items())),
                "nocs": nocs,
                "canada": canada,
                "uk": uk_entries[code],
            }
        )

    return {
        "format": REGIONAL_FORMAT,
        "source": SOURCES,
        "inputs": {
            name.as_posix(): hashlib.sha256((regional_dir / name).read_bytes()).hexdigest()
            for name in (STATES_FILE, JOBBANK_FILE, CROSSWALK_FILE, *uk.UK_FILES)
        }
        | {"uk_review.csv": hashlib.sha256(review_path.read_bytes()).hexdigest()},
        "us_columns": list(US_COLUMNS),
        "canada_columns": list(CANADA_COLUMNS),
        "us_top_code": US_TOP_CODE,
        "us_hours_per_year": pay.HOURS_PER_YEAR,
        "us_readings": list(pay.PAY_READINGS),
        "canada_hours_per_year": CANADA_HOURS_PER_YEAR,
        "uk_columns": list(UK_COLUMNS),
        "uk_groups": uk_groups,
        "regions": _region_document(),
        "careers": careers,
    }


def coverage(document: Mapping[str, Any]) -> dict[str, int]:
    """Counts the build prints: careers with state pay, with Canadian pay, and so on."""
    careers = document["careers"]
    median = US_COLUMNS.index("median")
    read = US_COLUMNS.index("reading")
    readings = Counter(f[read] for c in careers for f in c["us"].values())
    return {
        "careers": len(careers),
        "with_state_rows": sum(1 for c in careers if c["us"]),
        "with_group_state_rows": sum(
            1 for c in careers if c["us"] and c["us_soc"] != c["code"][:7]
        ),
        "with_state_median": sum(
            1 for c in careers if any(f[median] is not None for f in c["us"].values())
        ),
        "state_rows": sum(len(c["us"]) for c in careers),
        **{f"state_{name}": readings[name] for name in pay.PAY_READINGS},
        "with_noc": sum(1 for c in careers if c["nocs"]),
        "with_several_nocs": sum(1 for c in careers if len(c["nocs"]) > 1),
        "with_canada_pay": sum(1 for c in careers if c["canada"]),
        "with_canada_wide": sum(1 for c in careers if CANADA_NATIONAL in c["canada"]),
        "province_figures": sum(
            1 for c in careers for iso in c["canada"] if iso != CANADA_NATIONAL
        ),
        "with_uk_pay": sum(1 for c in careers if c["uk"]["group"]),
        "uk_reviewed": sum(1 for c in careers if c["uk"]["basis"] == "reviewed"),
        "uk_reviewed_pay": sum(
            1 for c in careers if c["uk"]["basis"] == "reviewed" and c["uk"]["group"]
        ),
        "uk_suppressed": sum(1 for c in careers if c["uk"]["basis"] == "suppressed"),
        "uk_groups": len({c["uk"]["group"] for c in careers if c["uk"]["group"]}),
    }


def report_lines(counts: Mapping[str, int], path: Path, size: int) -> list[str]:
    """What the regional build wrote, for the build's report."""
    c = counts
    return [
        f"  regional pay ({path.name}, {size:,} bytes):",
        f"    US states: {c['with_state_rows']} of {c['careers']} careers have state rows "
        f"({c['with_group_state_rows']} their pay group's), {c['with_state_median']} with at "
        f"least one state median; of {c['state_rows']:,} career-state rows, "
        f"{c['state_figure']:,} have a median, {c['state_hourly_only']:,} an hourly median "
        f"only, {c['state_top_coded']:,} are top-coded, {c['state_not_published']:,} not "
        f"published",
        f"    Canada: {c['with_noc']} careers map to a NOC 2021 code "
        f"({c['with_several_nocs']} to several), {c['with_canada_pay']} have Canadian pay, "
        f"{c['with_canada_wide']} a Canada-wide figure; {c['province_figures']} "
        f"province/territory figures",
        f"    UK: {c['with_uk_pay']} careers have a UK figure from {c['uk_groups']} SOC 2020 "
        f"groups ({c['uk_reviewed_pay']} of the {c['uk_reviewed']} reviewed careers); "
        f"{c['uk_suppressed']} map to a group whose median ONS does not publish",
    ]
