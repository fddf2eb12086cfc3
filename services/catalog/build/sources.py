"""The source files of a catalog build, read: O*NET 29.3 text files, BLS OEWS May 2024 wages
and O*NET OnLine's career clusters, each parsed into plain dicts by career code."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.catalog.layout import WAGE_KEYS

Ratings = dict[str, dict[tuple[str, str], float]]

#: The O*NET text files the build reads, relative to the O*NET folder.
ONET_FILES = (
    "Occupation Data.txt",
    "Interests.txt",
    "Job Zones.txt",
    "Job Zone Reference.txt",
    "Skills.txt",
    "Knowledge.txt",
    "Work Values.txt",
    "Alternate Titles.txt",
    "Technology Skills.txt",
    "Related Occupations.txt",
    "Task Statements.txt",
    "Content Model Reference.txt",
)


OEWS_FILE = Path("oews") / "national_M2024_dl.csv"
CLUSTERS_FILE = Path("extras") / "All_Career_Clusters.csv"
#: IH high-point values (1-6) to RIASEC letters; 0 means "no high point".
RIASEC_BY_NUMBER = {1: "R", 2: "I", 3: "A", 4: "S", 5: "E", 6: "C"}
#: OEWS annual wage columns, in the order of ``WAGE_KEYS``.
WAGE_COLUMNS = {
    "mean": "A_MEAN",
    "pct10": "A_PCT10",
    "pct25": "A_PCT25",
    "median": "A_MEDIAN",
    "pct75": "A_PCT75",
    "pct90": "A_PCT90",
}


def has_sources(onet_dir: Path) -> bool:
    """Whether ``onet_dir`` holds every file a full build reads (O*NET, OEWS, clusters)."""
    names = (*ONET_FILES, OEWS_FILE.as_posix(), CLUSTERS_FILE.as_posix())
    return all((onet_dir / name).is_file() for name in names)


class BuildError(RuntimeError):
    """The source files are missing or do not have the shape the build relies on."""


# --- parsing helpers (pure) ---------------------------------------------------------------


def parse_wage(raw: str) -> tuple[float | None, str]:
    """One OEWS wage cell as ``(dollars, status)``.

    ``status`` is ``"estimate"`` for a number, ``"top_coded"`` for BLS ``#`` (at least
    $239,200 a year or $115.00 an hour) and ``"not_available"`` for ``*``, ``**`` or an
    empty cell; only an estimate has a number.
    """
    text = raw.strip().replace(",", "")
    if text == "#":
        return None, "top_coded"
    if text in {"", "*", "**"}:
        return None, "not_available"
    try:
        value = float(text)
    except ValueError:
        raise BuildError(f"unexpected OEWS wage value {raw!r}") from None
    return value, "estimate"


def parse_employment(raw: str) -> int | None:
    """An OEWS ``TOT_EMP`` cell as a count, or ``None`` when BLS has no estimate (``**``)."""
    text = raw.strip().replace(",", "")
    return int(text) if text.isdigit() else None


def high_point_letters(values: list[float]) -> str:
    """IH first-to-third high-point values (1-6, 0 for none) as RIASEC letters, e.g. ``"EC"``."""
    return "".join(RIASEC_BY_NUMBER[int(v)] for v in values if int(v) in RIASEC_BY_NUMBER)


def wage_record(row: dict[str, str], *, from_broad: bool) -> dict[str, Any]:
    """The dataset's wage entry for one OEWS row; figures BLS does not give are null."""
    annual: dict[str, int | None] = {}
    top_coded: list[str] = []
    not_available: list[str] = []
    for key in WAGE_KEYS:
        value, status = parse_wage(row[WAGE_COLUMNS[key]])
        annual[key] = None if value is None else round(value)
        if status == "top_coded":
            top_coded.append(key)
        elif status == "not_available":
            not_available.append(key)
    hourly_median, _ = parse_wage(row["H_MEDIAN"])
    return {
        "soc": row["OCC_CODE"],
        "bls_title": row["OCC_TITLE"],
        "group": row["O_GROUP"],
        "from_broad": from_broad,
        "employment": parse_employment(row["TOT_EMP"]),
        "annual": annual,
        "top_coded": top_coded,
        "not_available": not_available,
        "hourly_only": row.get("HOURLY", "").strip().upper() == "TRUE",
        "hourly_median": hourly_median,
    }


def broad_code(soc: str) -> str:
    """The OEWS broad occupation of a detailed SOC code: ``13-1021`` -> ``13-1020``."""
    return soc[:6] + "0"


def number(text: str) -> float:
    """An O*NET ``Data Value`` (two decimals in the source) as a float."""
    return round(float(text), 2)


# --- reading ------------------------------------------------------------------------------


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise BuildError(f"missing source file: {path.name}")
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise BuildError(f"missing source file: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _na(value: str) -> str | None:
    return None if value in {"", "n/a"} else value


def sha256_of(path: Path) -> str:
    """The SHA-256 of a source file, recorded in the dataset's ``inputs``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ordered_elements(path: Path, prefix: str) -> list[dict[str, str]]:
    """Element ids and names in the order the file first lists them (O*NET's order)."""
    seen: dict[str, str] = {}
    for row in _rows(path):
        if row["Element ID"].startswith(prefix):
            seen.setdefault(row["Element ID"], row["Element Name"])
    return [{"id": key, "name": name} for key, name in seen.items()]


def _rated(path: Path, codes: set[str] | None) -> Ratings:
    """``{code: {(element id, scale id): value}}`` for ``codes`` (all codes when ``None``)."""
    ratings: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for row in _rows(path):
        code = row["O*NET-SOC Code"]
        if codes is None or code in codes:
            ratings[code][(row["Element ID"], row["Scale ID"])] = number(row["Data Value"])
    return ratings


@dataclass(frozen=True)
class Sources:
    """Everything a build reads; per-career tables are keyed by O*NET-SOC code."""

    #: The data-level occupations (those with interest ratings), sorted.
    codes: list[str]
    interests: Ratings
    occupations: dict[str, dict[str, str]]
    job_zones: dict[str, int]
    zone_rows: list[dict[str, str]]
    skills: list[dict[str, str]]
    knowledge: list[dict[str, str]]
    skill_ratings: Ratings
    knowledge_ratings: Ratings
    value_ratings: Ratings
    elements: dict[str, dict[str, str]]
    #: Whether any row marks a technology hot, and each career's technologies (in demand?).
    tech_hot: dict[str, bool]
    career_tech: dict[str, dict[str, bool]]
    #: The technologies some career uses, sorted by name.
    used_tech: list[str]
    alternates: dict[str, list[list[str | None]]]
    related: dict[str, list[tuple[int, str, str]]]
    clusters: dict[str, list[list[str]]]
    #: OEWS national rows by SOC code: detailed occupations and broad groups.
    detailed: dict[str, dict[str, str]]
    broad: dict[str, dict[str, str]]


def read_sources(onet_dir: Path) -> Sources:
    """Read every source file in ``onet_dir``; ``BuildError`` when one is missing or off."""
    interests = _rated(onet_dir / "Interests.txt", None)
    codes = sorted(interests)
    code_set = set(codes)
    occupations = {r["O*NET-SOC Code"]: r for r in _rows(onet_dir / "Occupation Data.txt")}
    missing = code_set - set(occupations)
    if missing:
        raise BuildError(f"codes in Interests.txt without an occupation: {sorted(missing)[:5]}")
    job_zones = {
        r["O*NET-SOC Code"]: int(r["Job Zone"])
        for r in _rows(onet_dir / "Job Zones.txt")
        if r["O*NET-SOC Code"] in code_set
    }
    zone_rows = list(_rows(onet_dir / "Job Zone Reference.txt"))
    skills = _ordered_elements(onet_dir / "Skills.txt", "2.")
    knowledge = _ordered_elements(onet_dir / "Knowledge.txt", "2.C")
    skill_ratings = _rated(onet_dir / "Skills.txt", code_set)
    knowledge_ratings = _rated(onet_dir / "Knowledge.txt", code_set)
    value_ratings = _rated(onet_dir / "Work Values.txt", code_set)
    elements = {r["Element ID"]: r for r in _rows(onet_dir / "Content Model Reference.txt")}
    tech_hot, career_tech = _technologies(onet_dir, code_set)
    alternates = _alternate_titles(onet_dir, code_set)
    related = _related(onet_dir, code_set)
    clusters = _clusters(onet_dir)
    detailed, broad = _oews(onet_dir)
    return Sources(
        codes=codes,
        interests=interests,
        occupations=occupations,
        job_zones=job_zones,
        zone_rows=zone_rows,
        skills=skills,
        knowledge=knowledge,
        skill_ratings=skill_ratings,
        knowledge_ratings=knowledge_ratings,
        value_ratings=value_ratings,
        elements=elements,
        tech_hot=tech_hot,
        career_tech=career_tech,
        used_tech=sorted({name for techs in career_tech.values() for name in techs}),
        alternates=alternates,
        related=related,
        clusters=clusters,
        detailed=detailed,
        broad=broad,
    )


def _technologies(
    onet_dir: Path, code_set: set[str]
) -> tuple[dict[str, bool], dict[str, dict[str, bool]]]:
    tech_hot: dict[str, bool] = {}
    career_tech: dict[str, dict[str, bool]] = defaultdict(dict)
    for row in _rows(onet_dir / "Technology Skills.txt"):
        name = row["Example"]
        tech_hot[name] = tech_hot.get(name, False) or row["Hot Technology"] == "Y"
        if row["O*NET-SOC Code"] in code_set:
            in_demand = row["In Demand"] == "Y"
            previous = career_tech[row["O*NET-SOC Code"]].get(name, False)
            career_tech[row["O*NET-SOC Code"]][name] = previous or in_demand
    return tech_hot, career_tech


def _alternate_titles(onet_dir: Path, code_set: set[str]) -> dict[str, list[list[str | None]]]:
    alternates: dict[str, list[list[str | None]]] = defaultdict(list)
    for row in _rows(onet_dir / "Alternate Titles.txt"):
        if row["O*NET-SOC Code"] in code_set:
            alternates[row["O*NET-SOC Code"]].append(
                [row["Alternate Title"], _na(row["Short Title"])]
            )
    return alternates


def _related(onet_dir: Path, code_set: set[str]) -> dict[str, list[tuple[int, str, str]]]:
    related: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in _rows(onet_dir / "Related Occupations.txt"):
        if row["O*NET-SOC Code"] in code_set:
            related[row["O*NET-SOC Code"]].append(
                (int(row["Index"]), row["Related O*NET-SOC Code"], row["Relatedness Tier"])
            )
    return related


def _clusters(onet_dir: Path) -> dict[str, list[list[str]]]:
    clusters: dict[str, list[list[str]]] = {}
    for row in _csv_rows(onet_dir / CLUSTERS_FILE):
        names = [n.strip() for n in row["Career Cluster"].split(";")]
        pathways = [p.strip() for p in row["Career Pathway"].split(";")]
        if len(names) != len(pathways):
            raise BuildError(f"cluster and pathway lists differ in length for {row['Code']}")
        pairs = sorted({(n, p) for n, p in zip(names, pathways, strict=True)})
        clusters[row["Code"]] = [list(pair) for pair in pairs]
    return clusters


def _oews(onet_dir: Path) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    detailed: dict[str, dict[str, str]] = {}
    broad: dict[str, dict[str, str]] = {}
    for row in _csv_rows(onet_dir / OEWS_FILE):
        if row["O_GROUP"] == "detailed":
            detailed[row["OCC_CODE"]] = row
        elif row["O_GROUP"] == "broad":
            broad[row["OCC_CODE"]] = row
    return detailed, broad


def technology_entries(
    onet_dir: Path, names: list[str], hot: dict[str, bool]
) -> list[dict[str, Any]]:
    """Each technology's name, hot flag and UNSPSC commodity title (what kind of tool it is:
    the title most of its rows give, ties by name), in the order of ``names``."""
    titles: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _rows(onet_dir / "Technology Skills.txt"):
        titles[row["Example"]][row["Commodity Title"]] += 1
    return [
        {
            "name": name,
            "hot": hot[name],
            "commodity": min(titles[name].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if titles[name]
            else None,
        }
        for name in names
    ]
