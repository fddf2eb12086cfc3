"""Build the catalog dataset from the O*NET 29.3 text files and the BLS OEWS May 2024 wages.

Two files come out, both deterministic (same input, byte-identical output):

- ``catalog.json``: facts and figures only (codes, titles, ratings, job zones, wages,
  technology names, related occupations, clusters). Committed with the project.
- ``descriptions.json``: O*NET's sentences (occupation descriptions, task statements,
  element descriptions, job zone texts). Git-ignored; the service shows them when present.

Run with ``python -m services.catalog build [--onet-dir DIR] [--out DIR]``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.catalog.build import regional
from services.catalog.build.descriptions import descriptions_document
from services.catalog.layout import (
    DATASET_FILE,
    DESCRIPTIONS_FILE,
    FORMAT,
    INTEREST_IDS,
    REGIONAL_FILE,
    WAGE_KEYS,
    WORK_VALUE_IDS,
    dataset_version,
)
from shared.attribution import ATTRIBUTION

ONET_VERSION = "29.3"
OEWS_VERSION = "2024.05"
OEWS_FILE = Path("oews") / "national_M2024_dl.csv"
CLUSTERS_FILE = Path("extras") / "All_Career_Clusters.csv"

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

#: IH / VH high-point values (1-6) to RIASEC letters; 0 means "no high point".
HIGH_POINT_IDS = ("1.B.1.g", "1.B.1.h", "1.B.1.i")
RIASEC_BY_NUMBER = {1: "R", 2: "I", 3: "A", 4: "S", 5: "E", 6: "C"}
#: How many knowledge areas each career keeps, the most important first.
TOP_KNOWLEDGE = 5
#: The BLS annual top-code: '#' means a wage of at least this many dollars a year.
TOP_CODED_ANNUAL = 239200
#: OEWS annual wage columns, in the order of ``WAGE_KEYS``.
WAGE_COLUMNS = {
    "mean": "A_MEAN",
    "pct10": "A_PCT10",
    "pct25": "A_PCT25",
    "median": "A_MEDIAN",
    "pct75": "A_PCT75",
    "pct90": "A_PCT90",
}

SOURCE = {
    "onet": "O*NET 29.3 Database (May 2025 release), USDOL/ETA, CC BY 4.0",
    "oews": "BLS OEWS May 2024 national cross-industry estimates, public domain",
    "career_clusters": "O*NET OnLine All Career Clusters export, CC BY 4.0",
}


def has_sources(onet_dir: Path) -> bool:
    """Whether ``onet_dir`` holds every file a full build reads (O*NET, OEWS, clusters)."""
    names = (*ONET_FILES, OEWS_FILE.as_posix(), CLUSTERS_FILE.as_posix())
    return all((onet_dir / name).is_file() for name in names)


class BuildError(RuntimeError):
    """The source files are missing or do not have the shape the build relies on."""


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote and what it found."""

    dataset_path: Path
    descriptions_path: Path
    version: str
    counts: dict[str, int]
    seconds: float
    dataset_bytes: int
    descriptions_bytes: int
    regional_path: Path | None = None
    regional_bytes: int = 0
    regional_counts: dict[str, int] | None = None


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ordered_elements(path: Path, prefix: str) -> list[dict[str, str]]:
    """Element ids and names in the order the file first lists them (O*NET's order)."""
    seen: dict[str, str] = {}
    for row in _rows(path):
        if row["Element ID"].startswith(prefix):
            seen.setdefault(row["Element ID"], row["Element Name"])
    return [{"id": key, "name": name} for key, name in seen.items()]


def _rated(path: Path, codes: set[str] | None) -> dict[str, dict[tuple[str, str], float]]:
    """``{code: {(element id, scale id): value}}`` for ``codes`` (all codes when ``None``)."""
    ratings: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for row in _rows(path):
        code = row["O*NET-SOC Code"]
        if codes is None or code in codes:
            ratings[code][(row["Element ID"], row["Scale ID"])] = number(row["Data Value"])
    return ratings


# --- the build ----------------------------------------------------------------------------


def build_documents(onet_dir: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]]:
    """Read the sources in ``onet_dir``; return the dataset, the descriptions and counts."""
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
    work_values = [{"id": i, "name": elements[i]["Element Name"]} for i in WORK_VALUE_IDS]

    tech_hot: dict[str, bool] = {}
    career_tech: dict[str, dict[str, bool]] = defaultdict(dict)
    for row in _rows(onet_dir / "Technology Skills.txt"):
        name = row["Example"]
        tech_hot[name] = tech_hot.get(name, False) or row["Hot Technology"] == "Y"
        if row["O*NET-SOC Code"] in code_set:
            in_demand = row["In Demand"] == "Y"
            previous = career_tech[row["O*NET-SOC Code"]].get(name, False)
            career_tech[row["O*NET-SOC Code"]][name] = previous or in_demand
    used_tech = sorted({name for techs in career_tech.values() for name in techs})
    tech_index = {name: i for i, name in enumerate(used_tech)}

    alternates: dict[str, list[list[str | None]]] = defaultdict(list)
    for row in _rows(onet_dir / "Alternate Titles.txt"):
        if row["O*NET-SOC Code"] in code_set:
            alternates[row["O*NET-SOC Code"]].append(
                [row["Alternate Title"], _na(row["Short Title"])]
            )

    related: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in _rows(onet_dir / "Related Occupations.txt"):
        if row["O*NET-SOC Code"] in code_set:
            related[row["O*NET-SOC Code"]].append(
                (int(row["Index"]), row["Related O*NET-SOC Code"], row["Relatedness Tier"])
            )

    clusters: dict[str, list[list[str]]] = {}
    for row in _csv_rows(onet_dir / CLUSTERS_FILE):
        names = [n.strip() for n in row["Career Cluster"].split(";")]
        pathways = [p.strip() for p in row["Career Pathway"].split(";")]
        if len(names) != len(pathways):
            raise BuildError(f"cluster and pathway lists differ in length for {row['Code']}")
        pairs = sorted({(n, p) for n, p in zip(names, pathways, strict=True)})
        clusters[row["Code"]] = [list(pair) for pair in pairs]

    detailed: dict[str, dict[str, str]] = {}
    broad: dict[str, dict[str, str]] = {}
    for row in _csv_rows(onet_dir / OEWS_FILE):
        if row["O_GROUP"] == "detailed":
            detailed[row["OCC_CODE"]] = row
        elif row["O_GROUP"] == "broad":
            broad[row["OCC_CODE"]] = row

    counts = {
        "careers": len(codes),
        "with_job_zone": 0,
        "with_skills": 0,
        "with_work_values": 0,
        "with_clusters": 0,
        "wage_detailed": 0,
        "wage_broad": 0,
        "wage_none": 0,
        "median_numeric": 0,
        "median_numeric_detailed": 0,
        "median_top_coded": 0,
        "median_not_available": 0,
        "technologies": len(used_tech),
        "alternate_titles": 0,
    }
    careers: list[dict[str, Any]] = []
    for code in codes:
        ratings = interests[code]
        try:
            interest_levels = [ratings[(i, "OI")] for i in INTEREST_IDS]
            high_point = high_point_letters([ratings[(i, "IH")] for i in HIGH_POINT_IDS])
        except KeyError as exc:
            raise BuildError(f"{code}: incomplete interest profile ({exc})") from None

        values = value_ratings.get(code, {})
        value_list = [values.get((i, "EX")) for i in WORK_VALUE_IDS]
        work = None if any(v is None for v in value_list) else value_list

        rated = skill_ratings.get(code, {})
        importance = [rated.get((s["id"], "IM")) for s in skills]
        level = [rated.get((s["id"], "LV")) for s in skills]
        skill_block = (
            {"importance": importance, "level": level}
            if rated and None not in importance and None not in level
            else None
        )

        known = knowledge_ratings.get(code, {})
        top_knowledge = [
            [element, importance, level]
            for importance, level, element in sorted(
                (
                    (known[(k["id"], "IM")], known.get((k["id"], "LV")), k["id"])
                    for k in knowledge
                    if (k["id"], "IM") in known
                ),
                key=lambda item: (-item[0], -(item[1] or 0.0), item[2]),
            )[:TOP_KNOWLEDGE]
        ]

        soc = code[:7]
        if soc in detailed:
            wage: dict[str, Any] | None = wage_record(detailed[soc], from_broad=False)
            counts["wage_detailed"] += 1
        elif broad_code(soc) in broad:
            wage = wage_record(broad[broad_code(soc)], from_broad=True)
            counts["wage_broad"] += 1
        else:
            wage = None
            counts["wage_none"] += 1
        if wage is not None:
            if wage["annual"]["median"] is not None:
                counts["median_numeric"] += 1
                counts["median_numeric_detailed"] += not wage["from_broad"]
            elif "median" in wage["top_coded"]:
                counts["median_top_coded"] += 1
            else:
                counts["median_not_available"] += 1

        zone = job_zones.get(code)
        counts["with_job_zone"] += zone is not None
        counts["with_skills"] += skill_block is not None
        counts["with_work_values"] += work is not None
        counts["with_clusters"] += code in clusters
        counts["alternate_titles"] += len(alternates.get(code, []))
        careers.append(
            {
                "code": code,
                "title": occupations[code]["Title"],
                "job_zone": zone,
                "interests": interest_levels,
                "high_point": high_point,
                "values": work,
                "skills": skill_block,
                "knowledge": top_knowledge,
                "technologies": [
                    [tech_index[name], int(in_demand)]
                    for name, in_demand in sorted(
                        career_tech.get(code, {}).items(), key=lambda kv: tech_index[kv[0]]
                    )
                ],
                "alternate_titles": alternates.get(code, []),
                "related": _by_tier(related.get(code, [])),
                "clusters": clusters.get(code),
                "wage": wage,
            }
        )

    inputs = {name: _sha256(onet_dir / name) for name in ONET_FILES}
    inputs[OEWS_FILE.as_posix()] = _sha256(onet_dir / OEWS_FILE)
    inputs[CLUSTERS_FILE.as_posix()] = _sha256(onet_dir / CLUSTERS_FILE)

    dataset = {
        "format": FORMAT,
        "onet_version": ONET_VERSION,
        "oews_version": OEWS_VERSION,
        "source": SOURCE,
        "attribution": ATTRIBUTION,
        "inputs": inputs,
        "interest_areas": [
            {"id": i, "letter": r["Element Name"][0], "name": r["Element Name"]}
            for i, r in ((i, elements[i]) for i in INTEREST_IDS)
        ],
        "work_values": work_values,
        "skills": skills,
        "knowledge": knowledge,
        "job_zones": [
            {"zone": int(r["Job Zone"]), "name": r["Name"], "svp_range": r["SVP Range"]}
            for r in zone_rows
        ],
        "technologies": technology_entries(onet_dir, used_tech, tech_hot),
        "wage_top_code": TOP_CODED_ANNUAL,
        "careers": careers,
    }

    element_ids = (
        list(INTEREST_IDS)
        + list(WORK_VALUE_IDS)
        + [s["id"] for s in skills]
        + [k["id"] for k in knowledge]
    )
    descriptions = descriptions_document(onet_dir, codes, element_ids)
    _check(dataset, counts)
    return dataset, descriptions, counts


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


def _by_tier(related: list[tuple[int, str, str]]) -> dict[str, list[str]]:
    """Related codes grouped by relatedness tier, each list in O*NET's index order."""
    tiers: dict[str, list[str]] = {}
    for _, other, tier in sorted(related):
        tiers.setdefault(tier, []).append(other)
    return tiers


def _check(dataset: dict[str, Any], counts: dict[str, int]) -> None:
    if len(dataset["skills"]) != 35:
        raise BuildError(f"expected 35 skills, found {len(dataset['skills'])}")
    if len(dataset["job_zones"]) != 5:
        raise BuildError(f"expected 5 job zones, found {len(dataset['job_zones'])}")
    if counts["careers"] == 0:
        raise BuildError("no data-level occupations found in Interests.txt")


def dumps_dataset(document: dict[str, Any]) -> bytes:
    """Stable JSON: sorted keys, one career per line so that a rebuild diffs by career."""
    parts = []
    for key in sorted(document):
        value = document[key]
        if key == "careers":
            body = ",\n".join(_compact(career) for career in value)
            parts.append(f'"careers": [\n{body}\n]')
        else:
            parts.append(f"{json.dumps(key)}: {_compact(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def build(onet_dir: Path, out_dir: Path, regional_dir: Path | None = None) -> BuildResult:
    """Build ``catalog.json``, ``descriptions.json`` and ``regional.json`` into ``out_dir``.

    The regional pay files are read from ``regional_dir`` (by default ``regional`` beside
    ``onet_dir``, as in the team's data folder).
    """
    started = time.perf_counter()
    dataset, descriptions, counts = build_documents(onet_dir)
    data = dumps_dataset(dataset)
    described = (_compact(descriptions) + "\n").encode("utf-8")
    try:
        local = regional.build_regional(
            regional_dir or onet_dir.parent / "regional", [c["code"] for c in dataset["careers"]]
        )
    except regional.RegionalBuildError as exc:
        raise BuildError(str(exc)) from None
    local_data = dumps_dataset(local)
    out_dir.mkdir(parents=True, exist_ok=True)
    dataset_path = out_dir / DATASET_FILE
    descriptions_path = out_dir / DESCRIPTIONS_FILE
    regional_path = out_dir / REGIONAL_FILE
    _write_atomic(dataset_path, data)
    _write_atomic(descriptions_path, described)
    _write_atomic(regional_path, local_data)
    return BuildResult(
        dataset_path=dataset_path,
        descriptions_path=descriptions_path,
        version=dataset_version(dataset, data),
        counts=counts,
        seconds=time.perf_counter() - started,
        dataset_bytes=len(data),
        descriptions_bytes=len(described),
        regional_path=regional_path,
        regional_bytes=len(local_data),
        regional_counts=regional.coverage(local),
    )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def report(result: BuildResult) -> str:
    """A short human-readable account of a build."""
    c = result.counts
    return "\n".join(
        [
            f"catalog {result.version} built in {result.seconds:.2f} s",
            f"  careers: {c['careers']} (job zone {c['with_job_zone']}, skills {c['with_skills']}, "
            f"work values {c['with_work_values']}, clusters {c['with_clusters']})",
            f"  wages: {c['wage_detailed']} detailed + {c['wage_broad']} broad fallback, "
            f"{c['wage_none']} none; medians: {c['median_numeric']} numeric "
            f"({c['median_numeric_detailed']} from detailed rows), "
            f"{c['median_top_coded']} top-coded, {c['median_not_available']} not available",
            f"  technologies: {c['technologies']}; alternate titles: {c['alternate_titles']}",
            f"  {result.dataset_path.name}: {result.dataset_bytes:,} bytes; "
            f"{result.descriptions_path.name}: {result.descriptions_bytes:,} bytes "
            f"(git-ignored: O*NET's sentences)",
        ]
        + (
            regional.report_lines(
                result.regional_counts, result.regional_path, result.regional_bytes
            )
            if result.regional_counts is not None and result.regional_path is not None
            else []
        )
    )
