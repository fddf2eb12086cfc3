"""Technology and skill figures checked against the O*NET and BLS source files.

Every expected figure here is recomputed from ``../shared/data`` with code of its own (plain
csv reading, its own weighted median), never from the catalog's modules.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from functools import cache
from typing import Any

import pytest

from services.catalog.serve.figures import slugify, technology_slugs
from services.catalog.serve.store import CatalogStore, load_store
from services.catalog.serve.topics import skill_document, technology_document
from tests.support import REPO_ROOT, onet_dir, read_tsv

pytestmark = pytest.mark.shared_data

TECH_SAMPLE = ["PyTorch", "Microsoft Excel", "C++", "Epic Systems", "Structured query language SQL"]
SKILL_SAMPLE = {"2.B.3.e": "Programming", "2.A.1.a": "Reading Comprehension", "2.B.5.d": None}


@cache
def source() -> dict[str, Any]:
    """What the test needs from the source files, read independently of the build."""
    onet = onet_dir()
    codes = {r["O*NET-SOC Code"] for r in read_tsv(onet / "Interests.txt")}
    zones = {
        r["O*NET-SOC Code"]: int(r["Job Zone"])
        for r in read_tsv(onet / "Job Zones.txt")
        if r["O*NET-SOC Code"] in codes
    }
    tech: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv(onet / "Technology Skills.txt"):
        if r["O*NET-SOC Code"] in codes:
            tech[r["Example"]].add(r["O*NET-SOC Code"])
    skills: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in read_tsv(onet / "Skills.txt"):
        if r["O*NET-SOC Code"] in codes:
            skills[r["Element ID"]][r["O*NET-SOC Code"]][r["Scale ID"]] = float(r["Data Value"])
    with (onet / "oews" / "national_M2024_dl.csv").open(encoding="utf-8-sig") as handle:
        # a code may be both a broad group and its only detailed occupation: keep both rows
        oews = {
            (r["O_GROUP"], r["OCC_CODE"]): r
            for r in csv.DictReader(handle)
            if r["O_GROUP"] in {"detailed", "broad"}
        }
    return {"codes": codes, "zones": zones, "tech": tech, "skills": skills, "oews": oews}


def bls_row(code: str) -> dict[str, str] | None:
    """The OEWS row of an O*NET code: its detailed occupation, else its broad group."""
    oews = source()["oews"]
    soc = code[:7]
    row: dict[str, str] | None = oews.get(("detailed", soc)) or oews.get(("broad", soc[:6] + "0"))
    return row


def money(cell: str) -> float | None:
    text = cell.replace(",", "").strip()
    if text == "#":
        return float("inf")
    try:
        return float(text)
    except ValueError:
        return None


def expected_pay(codes: set[str]) -> dict[str, int | None]:
    """Employment-weighted median over distinct OEWS rows of their P25, median and P75."""
    rows = {}
    for code in codes:
        row = bls_row(code)
        if row is not None and row["TOT_EMP"].replace(",", "").isdigit():
            rows[row["OCC_CODE"]] = row
    result: dict[str, int | None] = {}
    for key, column in (("pct25", "A_PCT25"), ("median", "A_MEDIAN"), ("pct75", "A_PCT75")):
        pairs = sorted(
            (value, int(row["TOT_EMP"].replace(",", "")))
            for row in rows.values()
            if (value := money(row[column])) is not None
        )
        half = sum(w for _, w in pairs) / 2
        cumulative = 0
        chosen = None
        for value, weight in pairs:
            cumulative += weight
            if cumulative >= half:
                chosen = value
                break
        result[key] = None if chosen is None or chosen == float("inf") else round(chosen)
    return result


def median_wage(code: str) -> float | None:
    row = bls_row(code)
    value = None if row is None else money(row["A_MEDIAN"])
    return None if value == float("inf") else value


def expected_impact(members: set[str], pool: set[str]) -> int | None:
    """Per Job Zone: median pay of members minus non-members (>= 3 each side), weighted."""
    total = 0.0
    behind = 0
    for zone in range(1, 6):
        inside = [
            w
            for c in pool
            if source()["zones"].get(c) == zone and c in members and (w := median_wage(c))
        ]
        outside = [
            w
            for c in pool
            if source()["zones"].get(c) == zone and c not in members and (w := median_wage(c))
        ]
        if len(inside) >= 3 and len(outside) >= 3:
            total += len(inside) * (statistics.median(inside) - statistics.median(outside))
            behind += len(inside)
    return round(total / behind) if behind >= 10 else None


@pytest.fixture(scope="module")
def store() -> CatalogStore:
    return load_store(REPO_ROOT / "services" / "catalog" / "data")


@pytest.mark.parametrize("name", TECH_SAMPLE)
def test_technology_figures_match_the_source_files(store: CatalogStore, name: str) -> None:
    topics = store.topics
    t = topics.find_technology(name)
    assert t is not None
    doc = technology_document(topics, t, per_page=100)
    codes = source()["tech"][name]
    assert doc["careers"] == len(codes) == doc["career_list"]["total"]
    assert {c["code"] for c in doc["career_list"]["items"]} <= codes
    pay = expected_pay(codes)
    assert {k: doc["pay"][k]["value"] for k in pay} == pay
    assert doc["salary_impact"]["value"] == expected_impact(codes, source()["codes"])
    zones = defaultdict(int)
    for code in codes:
        if code in source()["zones"]:
            zones[source()["zones"][code]] += 1
    assert {z["job_zone"]: z["careers"] for z in doc["training"]["by_zone"]} == zones


def test_excel_has_a_salary_impact_and_pytorch_too_few_careers(store: CatalogStore) -> None:
    excel = store.topics.technology(store.topics.find_technology("Microsoft Excel"))
    assert excel["salary_impact"]["value"] is not None and excel["salary_impact"]["careers"] >= 10
    pytorch = store.topics.technology(store.topics.find_technology("PyTorch"))
    assert pytorch["salary_impact"]["value"] is None  # three careers mean nothing yet


@pytest.mark.parametrize("skill_id", sorted(SKILL_SAMPLE))
def test_skill_figures_match_the_source_files(store: CatalogStore, skill_id: str) -> None:
    topics = store.topics
    i = topics.find_skill(skill_id)
    assert i is not None
    doc = skill_document(topics, i, per_page=100)
    ratings = source()["skills"][skill_id]
    needing = {code for code, r in ratings.items() if r["IM"] >= 3.0}
    assert doc["count"] == len(needing) == doc["career_list"]["total"]
    levels = sorted(ratings[c]["LV"] for c in needing)
    if len(levels) > 1:
        q = statistics.quantiles(levels, n=4, method="inclusive")
        assert doc["level"]["pct25"] == round(q[0], 2)
        assert doc["level"]["median"] == round(statistics.median(levels), 2)
        assert doc["level"]["pct75"] == round(q[2], 2)
    pay = expected_pay(needing)
    assert {k: doc["pay"][k]["value"] for k in pay} == pay
    rated = set(ratings)
    assert doc["salary_impact"]["value"] == expected_impact(needing, rated)
    unrated = source()["codes"] - rated
    assert doc["unrated"]["count"] == len(unrated)
    assert {c["code"] for c in doc["unrated"]["careers"]} == unrated


def test_programming_names_the_careers_onet_has_not_rated(store: CatalogStore) -> None:
    doc = skill_document(store.topics, store.topics.find_skill("programming") or 0)
    unrated = {c["code"]: c["title"] for c in doc["unrated"]["careers"]}
    assert unrated["15-1252.00"] == "Software Developers"
    assert unrated["15-2051.00"] == "Data Scientists"
    assert doc["name"] == "Programming" and doc["count"] == 23


def test_technology_ids_are_unique_stable_and_tell_c_apart(store: CatalogStore) -> None:
    ids = store.topics.tech_ids
    assert len(set(ids)) == len(ids) == len(source()["tech"])
    names = {n: ids[store.topics.find_technology(n) or 0] for n in ["C", "C++", "C#", "R"]}
    assert names == {"C": "c", "C++": "c-plus-plus", "C#": "c-sharp", "R": "r"}
    # a slug depends on the names, not on their order
    sample = ["C++", "C", "C#", "c", "Node.js"]
    assert technology_slugs(sample) == [
        technology_slugs(list(reversed(sample)))[len(sample) - 1 - k] for k in range(len(sample))
    ]
    assert len(set(technology_slugs(sample))) == len(sample)
    assert slugify("Node.js") == "node-js"


def test_which_technologies_get_a_page(store: CatalogStore) -> None:
    topics = store.topics
    tech = source()["tech"]
    single = [n for n, c in tech.items() if len(c) == 1]
    assert len(tech) == 8775 and len(single) == 6140
    for t, record in enumerate(topics.tech_records):
        listed = len(tech[record["name"]])
        assert topics.tech_df[t] == listed
        if listed >= 2 or record["hot"]:
            assert topics.has_page(t)
    # every technology, thin or not, is found by its own name
    for name in ["Epic Systems", single[0], single[-1]]:
        found = topics.search(name, ("technology",))
        assert found and found[0].title.casefold() == name.casefold(), name


def test_technology_commodity_is_the_source_title(store: CatalogStore) -> None:
    titles: dict[str, set[str]] = defaultdict(set)
    for row in read_tsv(onet_dir() / "Technology Skills.txt"):
        titles[row["Example"]].add(row["Commodity Title"])
    for name in TECH_SAMPLE:
        summary = store.topics.tech_summary(store.topics.find_technology(name) or 0)
        assert summary["commodity"] in titles[name]
