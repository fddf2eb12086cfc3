"""Build the catalog dataset from the O*NET 29.3 text files and the BLS OEWS May 2024 wages.

Two files come out, both deterministic (same input, byte-identical output):

- ``catalog.json``: facts and figures only (codes, titles, ratings, job zones, wages,
  technology names, related occupations, clusters). Committed with the project.
- ``descriptions.json``: O*NET's sentences (occupation descriptions, task statements,
  element descriptions, job zone texts). Git-ignored; the service shows them when present.

Run with ``python -m services.catalog build [--onet-dir DIR] [--out DIR]``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.catalog.build import regional
from services.catalog.build.descriptions import descriptions_document
from services.catalog.build.fields import build_fields, dumps_fields
from services.catalog.build.sources import (
    CLUSTERS_FILE,
    OEWS_FILE,
    ONET_FILES,
    BuildError,
    Sources,
    broad_code,
    high_point_letters,
    read_sources,
    sha256_of,
    technology_entries,
    wage_record,
)
from services.catalog.layout import (
    DATASET_FILE,
    DESCRIPTIONS_FILE,
    FIELDS_FILE,
    FORMAT,
    INTEREST_IDS,
    REGIONAL_FILE,
    WORK_VALUE_IDS,
    dataset_version,
)
from shared.attribution import ATTRIBUTION

ONET_VERSION = "29.3"
OEWS_VERSION = "2024.05"

#: The IH elements of a career's first to third high points.
HIGH_POINT_IDS = ("1.B.1.g", "1.B.1.h", "1.B.1.i")
#: How many knowledge areas each career keeps, the most important first.
TOP_KNOWLEDGE = 5
#: The BLS annual top-code: '#' means a wage of at least this many dollars a year.
TOP_CODED_ANNUAL = 239200
#: What a build counts, in the order ``report`` shows them.
COUNTS = (
    "careers",
    "with_job_zone",
    "with_skills",
    "with_work_values",
    "with_clusters",
    "wage_detailed",
    "wage_broad",
    "wage_none",
    "median_numeric",
    "median_numeric_detailed",
    "median_top_coded",
    "median_not_available",
    "technologies",
    "alternate_titles",
)
SOURCE = {
    "onet": "O*NET 29.3 Database (May 2025 release), USDOL/ETA, CC BY 4.0",
    "oews": "BLS OEWS May 2024 national cross-industry estimates, public domain",
    "career_clusters": "O*NET OnLine All Career Clusters export, CC BY 4.0",
}


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


# --- the build ----------------------------------------------------------------------------


def build_documents(onet_dir: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, int]]:
    """Read the sources in ``onet_dir``; return the dataset, the descriptions and counts."""
    src = read_sources(onet_dir)
    counts = dict.fromkeys(COUNTS, 0) | {
        "careers": len(src.codes),
        "technologies": len(src.used_tech),
    }
    tech_index = {name: i for i, name in enumerate(src.used_tech)}
    careers = [_career(src, code, tech_index, counts) for code in src.codes]
    dataset = {
        "format": FORMAT,
        "onet_version": ONET_VERSION,
        "oews_version": OEWS_VERSION,
        "source": SOURCE,
        "attribution": ATTRIBUTION,
        "inputs": _inputs(onet_dir),
        "interest_areas": [
            {"id": i, "letter": r["Element Name"][0], "name": r["Element Name"]}
            for i, r in ((i, src.elements[i]) for i in INTEREST_IDS)
        ],
        "work_values": [{"id": i, "name": src.elements[i]["Element Name"]} for i in WORK_VALUE_IDS],
        "skills": src.skills,
        "knowledge": src.knowledge,
        "job_zones": [
            {"zone": int(r["Job Zone"]), "name": r["Name"], "svp_range": r["SVP Range"]}
            for r in src.zone_rows
        ],
        "technologies": technology_entries(onet_dir, src.used_tech, src.tech_hot),
        "wage_top_code": TOP_CODED_ANNUAL,
        "careers": careers,
    }
    element_ids = (
        list(INTEREST_IDS)
        + list(WORK_VALUE_IDS)
        + [s["id"] for s in src.skills]
        + [k["id"] for k in src.knowledge]
    )
    descriptions = descriptions_document(onet_dir, src.codes, element_ids)
    _check(dataset, counts)
    return dataset, descriptions, counts


def _inputs(onet_dir: Path) -> dict[str, str]:
    """The SHA-256 of every source file, by its path in the O*NET folder."""
    inputs = {name: sha256_of(onet_dir / name) for name in ONET_FILES}
    inputs[OEWS_FILE.as_posix()] = sha256_of(onet_dir / OEWS_FILE)
    inputs[CLUSTERS_FILE.as_posix()] = sha256_of(onet_dir / CLUSTERS_FILE)
    return inputs


def _career(
    src: Sources, code: str, tech_index: dict[str, int], counts: dict[str, int]
) -> dict[str, Any]:
    """One career of the dataset; ``counts`` adds up what it has."""
    interest_levels, high_point = _interest_profile(code, src.interests[code])
    values = src.value_ratings.get(code, {})
    value_list = [values.get((i, "EX")) for i in WORK_VALUE_IDS]
    work = None if any(v is None for v in value_list) else value_list
    skill_block = _skill_block(src.skill_ratings.get(code, {}), src.skills)
    wage = _wage(src, code, counts)
    zone = src.job_zones.get(code)
    counts["with_job_zone"] += zone is not None
    counts["with_skills"] += skill_block is not None
    counts["with_work_values"] += work is not None
    counts["with_clusters"] += code in src.clusters
    counts["alternate_titles"] += len(src.alternates.get(code, []))
    return {
        "code": code,
        "title": src.occupations[code]["Title"],
        "job_zone": zone,
        "interests": interest_levels,
        "high_point": high_point,
        "values": work,
        "skills": skill_block,
        "knowledge": _top_knowledge(src.knowledge_ratings.get(code, {}), src.knowledge),
        "technologies": [
            [tech_index[name], int(in_demand)]
            for name, in_demand in sorted(
                src.career_tech.get(code, {}).items(), key=lambda kv: tech_index[kv[0]]
            )
        ],
        "alternate_titles": src.alternates.get(code, []),
        "related": _by_tier(src.related.get(code, [])),
        "clusters": src.clusters.get(code),
        "wage": wage,
    }


def _interest_profile(code: str, ratings: dict[tuple[str, str], float]) -> tuple[list[float], str]:
    """The six OI levels and the high-point letters of one career."""
    try:
        interest_levels = [ratings[(i, "OI")] for i in INTEREST_IDS]
        high_point = high_point_letters([ratings[(i, "IH")] for i in HIGH_POINT_IDS])
    except KeyError as exc:
        raise BuildError(f"{code}: incomplete interest profile ({exc})") from None
    return interest_levels, high_point


def _skill_block(
    rated: dict[tuple[str, str], float], skills: list[dict[str, str]]
) -> dict[str, list[float | None]] | None:
    """Importance and level of every skill, in O*NET order; ``None`` unless all are rated."""
    importance = [rated.get((s["id"], "IM")) for s in skills]
    level = [rated.get((s["id"], "LV")) for s in skills]
    if rated and None not in importance and None not in level:
        return {"importance": importance, "level": level}
    return None


def _top_knowledge(
    known: dict[tuple[str, str], float], knowledge: list[dict[str, str]]
) -> list[list[Any]]:
    """``[element, importance, level]`` of the most important knowledge areas."""
    return [
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


def _wage(src: Sources, code: str, counts: dict[str, int]) -> dict[str, Any] | None:
    """The career's OEWS wage: its detailed SOC row, else its broad group's, else none."""
    soc = code[:7]
    if soc in src.detailed:
        wage: dict[str, Any] | None = wage_record(src.detailed[soc], from_broad=False)
        counts["wage_detailed"] += 1
    elif broad_code(soc) in src.broad:
        wage = wage_record(src.broad[broad_code(soc)], from_broad=True)
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
    return wage


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
    """Build ``catalog.json``, ``descriptions.json``, ``regional.json`` and ``fields.json``
    (``build/fields.py``) into ``out_dir``.

    The regional pay files are read from ``regional_dir`` (by default ``regional`` beside
    ``onet_dir``, as in the team's data folder).
    """
    started = time.perf_counter()
    dataset, descriptions, counts = build_documents(onet_dir)
    data = dumps_dataset(dataset)
    described = (_compact(descriptions) + "\n").encode("utf-8")
    try:
        local = regional.build_regional(
            regional_dir or onet_dir.parent / "regional",
            {c["code"]: c["wage"] for c in dataset["careers"]},
            {
                c["code"]: [c["title"], *(a[0] for a in c["alternate_titles"])]
                for c in dataset["careers"]
            },
        )
    except regional.RegionalBuildError as exc:
        raise BuildError(str(exc)) from None
    local_data = dumps_dataset(local)
    field_data = dumps_fields(build_fields(dataset, local, onet_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    dataset_path = out_dir / DATASET_FILE
    descriptions_path = out_dir / DESCRIPTIONS_FILE
    regional_path = out_dir / REGIONAL_FILE
    _write_atomic(dataset_path, data)
    _write_atomic(descriptions_path, described)
    _write_atomic(regional_path, local_data)
    _write_atomic(out_dir / FIELDS_FILE, field_data)
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
