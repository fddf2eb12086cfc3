"""Field pages checked over the whole catalog against a slow, independent reference.

The reference reads the O*NET and BLS source files in ``../shared/data`` with plain csv code
of its own and the field definitions with ``tomllib``; it never calls the catalog's modules.
Pay by place is recomputed from the built ``regional.json`` (its own build is tested in
``test_catalog_regional.py``). The built ``fields.json`` must equal a fresh build, and the
pages must print what it holds.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import requests

from services.catalog.build.field_figures import us_place_pay
from services.catalog.build.fields import build_fields, dumps_fields
from tests.support import REPO_ROOT, HttpService, onet_dir, read_tsv

pytestmark = pytest.mark.shared_data

DATA = REPO_ROOT / "services" / "catalog" / "data"
QUIZ_URL = "http://127.0.0.1:9/quiz"
ML_CORE = {"PyTorch", "TensorFlow", "Scikit-learn"}
LEVEL_COLUMNS = {
    "pct10": "A_PCT10",
    "pct25": "A_PCT25",
    "median": "A_MEDIAN",
    "pct75": "A_PCT75",
    "pct90": "A_PCT90",
}
INF = float("inf")


@cache
def source() -> dict[str, Any]:
    """What the reference needs, read straight from the source files."""
    onet = onet_dir()
    codes = sorted({r["O*NET-SOC Code"] for r in read_tsv(onet / "Interests.txt")})
    titles = {r["O*NET-SOC Code"]: r["Title"] for r in read_tsv(onet / "Occupation Data.txt")}
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in read_tsv(onet / "Job Zones.txt")}
    tech: dict[str, set[str]] = defaultdict(set)
    for r in read_tsv(onet / "Technology Skills.txt"):
        tech[r["O*NET-SOC Code"]].add(r["Example"])
    skills: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    for r in read_tsv(onet / "Skills.txt"):
        skills[r["O*NET-SOC Code"]][(r["Element Name"], r["Scale ID"])] = float(r["Data Value"])
    knowledge: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for r in read_tsv(onet / "Knowledge.txt"):
        knowledge[r["O*NET-SOC Code"]][r["Element Name"]][r["Scale ID"]] = float(r["Data Value"])
    top_five = {
        code: {
            name: ratings.get("LV")
            for name, ratings in sorted(
                areas.items(), key=lambda kv: (-kv[1]["IM"], -(kv[1].get("LV") or 0.0), kv[0])
            )[:5]
        }
        for code, areas in knowledge.items()
    }
    education: dict[str, dict[int, float]] = defaultdict(dict)
    for r in read_tsv(onet / "Education, Training, and Experience.txt"):
        if r["Scale ID"] == "RL":
            education[r["O*NET-SOC Code"]][int(r["Category"])] = float(r["Data Value"])
    with (onet / "oews" / "national_M2024_dl.csv").open(encoding="utf-8-sig") as handle:
        oews = {
            (r["O_GROUP"], r["OCC_CODE"]): r
            for r in csv.DictReader(handle)
            if r["O_GROUP"] in {"detailed", "broad"}
        }
    return {
        "codes": codes,
        "titles": titles,
        "zones": zones,
        "tech": tech,
        "skills": skills,
        "top_five": top_five,
        "education": education,
        "oews": oews,
    }


@cache
def definitions() -> list[dict[str, Any]]:
    with (REPO_ROOT / "services" / "catalog" / "fields.toml").open("rb") as handle:
        fields: list[dict[str, Any]] = tomllib.load(handle)["field"]
    return fields


@cache
def built() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "fields.json").read_bytes())
    return document


def built_field(slug: str) -> dict[str, Any]:
    return next(f for f in built()["fields"] if f["slug"] == slug)


# --- the reference ------------------------------------------------------------------------


def reference_careers(field: dict[str, Any]) -> list[tuple[str, float]]:
    """(code, centrality) of the field's careers, most central first, then by title."""
    src = source()
    found = []
    for code in src["codes"]:
        met, parts = [], []
        names = field.get("technologies", [])
        if names:
            listed = len(set(names) & src["tech"][code])
            met.append(listed >= field.get("min_technologies", 1))
            parts.append(listed / len(names))
        if field.get("skills"):
            levels = [src["skills"][code].get((name, "LV")) for name in field["skills"]]
            met.append(
                all(
                    lv is not None and lv >= m
                    for lv, m in zip(levels, field["skills"].values(), strict=True)
                )
            )
            parts.append(sum(lv or 0 for lv in levels) / 7 / len(levels))
        if field.get("knowledge"):
            five = src["top_five"].get(code, {})
            levels = [five.get(name) for name in field["knowledge"]]
            met.append(
                all(
                    lv is not None and lv >= m
                    for lv, m in zip(levels, field["knowledge"].values(), strict=True)
                )
            )
            parts.append(sum(lv or 0 for lv in levels) / 7 / len(levels))
        if all(met) if field.get("match") == "all" else any(met):
            found.append((code, round(sum(parts) / len(parts), 4)))
    return sorted(found, key=lambda c: (-c[1], src["titles"][c[0]]))


def bls_row(code: str) -> dict[str, str] | None:
    oews = source()["oews"]
    row: dict[str, str] | None = oews.get(("detailed", code[:7])) or oews.get(
        ("broad", code[:6] + "0")
    )
    return row


def cell(text: str) -> float | None:
    text = text.replace(",", "").strip()
    if text == "#":
        return INF
    try:
        return float(text)
    except ValueError:
        return None


def weighted_median(pairs: list[tuple[float, int]]) -> float | None:
    """The first value, in order, at which the running weight reaches half the total."""
    pairs = sorted(pairs)
    half = sum(w for _, w in pairs) / 2
    running = 0
    for value, weight in pairs:
        running += weight
        if running >= half:
            return value
    return None


def reference_pay(codes: list[str]) -> dict[str, Any]:
    rows = {}
    for code in codes:
        row = bls_row(code)
        if row is not None and row["TOT_EMP"].replace(",", "").isdigit():
            rows[row["OCC_CODE"]] = row
    result = {}
    for key, column in LEVEL_COLUMNS.items():
        value = weighted_median(
            [
                (v, int(r["TOT_EMP"].replace(",", "")))
                for r in rows.values()
                if (v := cell(r[column])) is not None
            ]
        )
        result[key] = {
            "value": None if value is None or value == INF else round(value),
            "top_coded": value == INF,
        }
    return result


def median_wage(code: str) -> float | None:
    row = bls_row(code)
    value = None if row is None else cell(row["A_MEDIAN"])
    return None if value == INF else value


def reference_impact(members: set[str], pool: set[str]) -> tuple[int | None, int]:
    """Per Job Zone with 3+ careers each side: members' median pay minus the others'."""
    total, behind = 0.0, 0
    for zone in range(1, 6):
        sides: tuple[list[float], list[float]] = ([], [])
        for code in pool:
            wage = median_wage(code)
            if source()["zones"].get(code) == zone and wage is not None:
                sides[0 if code in members else 1].append(wage)
        if len(sides[0]) >= 3 and len(sides[1]) >= 3:
            inside = round(statistics.median(sides[0]))
            outside = round(statistics.median(sides[1]))
            total += len(sides[0]) * (inside - outside)
            behind += len(sides[0])
    return (round(total / behind) if behind >= 10 else None), behind


def judged_pool(field: dict[str, Any], members: set[str]) -> set[str]:
    """Careers O*NET holds the records for that the field's rule reads (and its members)."""
    src = source()
    pool = set()
    for code in src["codes"]:
        scales = [scale for (_, scale) in src["skills"].get(code, {})]
        has_skills = not field.get("skills") or (scales.count("LV") == scales.count("IM") == 35)
        has_knowledge = not field.get("knowledge") or code in src["top_five"]
        if (has_skills and has_knowledge) or code in members:
            pool.add(code)
    return pool


# --- tests --------------------------------------------------------------------------------


def test_the_committed_fields_file_is_what_the_build_makes() -> None:
    dataset = json.loads((DATA / "catalog.json").read_bytes())
    regional = json.loads((DATA / "regional.json").read_bytes())
    fresh = dumps_fields(build_fields(dataset, regional, onet_dir()))
    assert fresh == (DATA / "fields.json").read_bytes()


def test_there_are_enough_fields_each_with_enough_careers() -> None:
    fields = built()["fields"]
    assert len(fields) >= 25
    assert len({f["slug"] for f in fields}) == len(fields)
    for field in fields:
        assert len(field["careers"]) >= built()["min_careers"] >= 8, field["slug"]
        assert field["synonyms"], field["slug"]


@pytest.mark.parametrize("field", definitions(), ids=lambda f: f["slug"])
def test_every_field_matches_the_reference(field: dict[str, Any]) -> None:
    got = built_field(field["slug"])
    expected = reference_careers(field)
    assert [(c["code"], c["centrality"]) for c in got["careers"]] == expected
    codes = [code for code, _ in expected]
    pay = reference_pay(codes)
    assert {key: got["pay"][key] for key in LEVEL_COLUMNS} == pay
    members = set(codes)
    value, behind = reference_impact(members, judged_pool(field, members))
    assert (got["salary_impact"]["value"], got["salary_impact"]["careers"]) == (value, behind)
    tools = {
        name: sum(1 for code in codes if name in source()["tech"][code])
        for name in field.get("technologies", [])
    }
    if tools:
        assert {t["name"]: t["careers"] for t in got["tools"]["items"]} == {
            name: n for name, n in tools.items() if n
        }
    rated = [source()["education"][code] for code in codes if code in source()["education"]]
    assert got["education"]["careers"] == len(rated)
    for i, level in enumerate(got["education"]["levels"], start=1):
        assert level["percent"] == round(sum(r.get(i, 0.0) for r in rated) / len(rated), 1)
    zones = statistics.multimode([source()["zones"][c] for c in codes if c in source()["zones"]])
    assert got["training"]["typical"]["job_zone"] == min(zones)


def test_pay_by_place_matches_the_regional_file() -> None:
    regional = json.loads((DATA / "regional.json").read_bytes())
    rows = {c["code"]: c for c in regional["careers"]}
    columns = regional["us_columns"]
    for slug in ("machine-learning", "nursing", "skilled-trades"):
        field = built_field(slug)
        codes = [c["code"] for c in field["careers"]]
        for state in ("US-CA", "US-TX", "US-NY"):
            occupations = {}
            for code in codes:
                figures = rows.get(code, {}).get("us", {}).get(state)
                if figures is not None:
                    occupations.setdefault(
                        rows[code].get("us_soc") or code[:7],
                        dict(zip(columns, figures, strict=True)),
                    )
            weighted = [o for o in occupations.values() if o["employment"]]
            got = field["place_pay"][state]
            assert got["occupations"] == len(weighted)
            for key in LEVEL_COLUMNS:
                low = weighted_median(
                    [(-INF if o[key] is None else o[key], o["employment"]) for o in weighted]
                )
                high = weighted_median(
                    [(INF if o[key] is None else o[key], o["employment"]) for o in weighted]
                )
                expected = low if low == high and low not in (INF, -INF) else None
                assert got[key]["value"] == expected, (slug, state, key)
        nocs = {}
        for code in codes:
            figures = rows.get(code, {}).get("canada", {}).get("CA-ON")
            if figures is not None:
                nocs.setdefault(tuple(figures[3]), figures)
        median = round(statistics.median(f[1] for f in nocs.values()), 2)
        assert field["place_pay"]["CA-ON"]["median"] == median


def test_machine_learning_holds_every_career_using_pytorch_tensorflow_or_scikit_learn() -> None:
    codes = {c["code"] for c in built_field("machine-learning")["careers"]}
    users = {code for code in source()["codes"] if ML_CORE & source()["tech"][code]}
    assert users and users <= codes
    assert "15-2051.00" in codes  # Data Scientists


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(artifacts_dir: Path) -> Iterator[str]:
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "QUIZ_PUBLIC_URL": QUIZ_URL},
        artifacts_dir / "logs" / "catalog-fields.log",
    )
    service.start()
    yield service.url
    service.stop()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def test_field_page_prints_the_built_figures(pages: str) -> None:
    field = built_field("machine-learning")
    response = requests.get(pages + "/fields/machine-learning?place=US-CA", timeout=10)
    assert response.status_code == 200
    text = text_of(response.text)
    median = field["pay"]["median"]["value"]
    assert f"${median:,}" in text
    assert f"too few careers: {field['salary_impact']['careers']}" in text
    titles = re.findall(r'<tr><th scope="row"><a href="/careers/([^"]+)"', response.text)
    assert titles == [c["code"] for c in field["careers"]]
    ca = field["place_pay"]["US-CA"]["median"]["value"]
    assert "Pay in California" in text and f"${ca:,}" in text
    assert f'href="{QUIZ_URL}/start"' in response.text
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert data is not None
    jsonld = json.loads(data.group(1))
    assert jsonld["@type"] == "CollectionPage" and jsonld["about"]["name"] == field["name"]
    assert jsonld["mainEntity"]["numberOfItems"] == len(field["careers"])


def test_field_page_with_impact_says_its_n(pages: str) -> None:
    field = built_field("data-science")
    impact = field["salary_impact"]
    text = text_of(requests.get(pages + "/fields/data-science", timeout=10).text)
    sign = "+" if impact["value"] >= 0 else "−"
    assert f"{sign}${abs(impact['value']):,} a year" in text
    assert f"n = {impact['careers']} careers" in text


def test_a_bad_place_is_a_400_naming_it(pages: str) -> None:
    response = requests.get(pages + "/fields/machine-learning?place=XX-1", timeout=10)
    assert response.status_code == 400 and "place" in response.text
    assert requests.get(pages + "/fields/no-such-field", timeout=10).status_code == 404


def test_redirects_links_and_sitemap(pages: str) -> None:
    for path in ("/skills/machine-learning", "/technologies/machine-learning"):
        response = requests.get(pages + path, timeout=10, allow_redirects=False)
        assert response.status_code == 301
        assert response.headers["Location"].endswith("/fields/machine-learning")
    for path in ("/careers/15-2051.00", "/technologies/pytorch"):
        html = requests.get(pages + path, timeout=10).text
        assert 'class="field-line">Fields: <a href="/fields/machine-learning">' in html, path
    skill = requests.get(pages + "/skills/repairing", timeout=10).text
    assert '<a href="/fields/skilled-trades">Skilled Trades</a>' in skill
    sitemap = requests.get(pages + "/sitemap.xml", timeout=10).text
    for field in built()["fields"]:
        assert f"/fields/{field['slug']}</loc>" in sitemap
    index = requests.get(pages + "/fields/", timeout=10).text
    assert all(f'href="/fields/{f["slug"]}"' in index for f in built()["fields"])


def _state_row(code: str, employment: int, median: int | None) -> dict[str, Any]:
    figures = [employment, None, None, median, None, None, None, "figure"]
    return {"code": code, "us": {"US-XX": figures}, "canada": {}}


def test_a_state_figure_a_blank_cell_could_change_is_not_published() -> None:
    # 60% of the employment has a median of 50,000: blanks cannot move the weighted median
    settled = [_state_row("11-1111.00", 60, 50_000), _state_row("11-2222.00", 40, None)]
    assert us_place_pay(settled, "US-XX")["median"] == {"value": 50_000, "top_coded": False}
    # the blank holds 60%: the median is wherever the blank wage is
    unsettled = [_state_row("11-1111.00", 40, 50_000), _state_row("11-2222.00", 60, None)]
    assert us_place_pay(unsettled, "US-XX")["median"] == {"value": None, "top_coded": False}
    # a career of no state row gives no figures at all
    assert us_place_pay([{"code": "11-3333.00", "us": {}, "canada": {}}], "US-XX") is None
