"""UK pay over the whole catalog: every figure is its ASHE cell, only confident mappings
have one, and the reviewed careers map as written down.

The ASHE workbook and the coding index are read again here, simply (by header names, not
the build's column positions), and compared with the committed ``regional.json``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from services.catalog import layout
from services.catalog.build import uk
from tests.support import REPO_ROOT

REGIONAL = REPO_ROOT / "services" / "catalog" / "data" / "regional.json"
CATALOG = REPO_ROOT / "services" / "catalog" / "data" / "catalog.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REGIONAL.read_text(encoding="utf-8"))
    data["careers"] = {c["code"]: c for c in data["careers"]}
    return data


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict[str, Any]]:
    careers = json.loads(CATALOG.read_text(encoding="utf-8"))["careers"]
    return {c["code"]: c for c in careers}


@pytest.fixture(scope="module")
def review() -> dict[str, dict[str, str]]:
    with layout.UK_REVIEW_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def ashe(regional_dir: Path) -> dict[str, dict[str, Any]]:
    """Full-Time sheet rows of 4-digit codes, by the header's own names."""
    book = openpyxl.load_workbook(regional_dir / uk.ASHE_FILE, read_only=True)
    rows = list(book["Full-Time"].iter_rows(values_only=True))
    book.close()
    header = rows[4]
    assert header[0] == "Description" and header[3] == "Median"
    names = {"median": "Median", "pct10": 10, "pct25": 25, "pct75": 75, "pct90": 90}
    at = {key: header.index(name) for key, name in names.items()}
    return {
        str(r[1]).strip(): {"title": str(r[0]).strip(), **{k: r[i] for k, i in at.items()}}
        for r in rows[5:]
        if r[1] is not None and len(str(r[1]).strip()) == 4
    }


@pytest.fixture(scope="module")
def index_groups(regional_dir: Path) -> dict[str, set[str]]:
    """The coding index's unit groups by job title (natural word order, lower case)."""
    book = openpyxl.load_workbook(regional_dir / uk.INDEX_FILE, read_only=True)
    rows = book["SOC2020 coding index"].iter_rows(values_only=True)
    header = list(next(rows))
    soc, title = header.index("SOC_2020"), header.index("INDEXOCC_-_natural_word_order")
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(str(row[title]).lower(), set()).add(str(row[soc]))
    book.close()
    return groups


def cell(value: Any) -> int | None:
    """An ASHE cell as the product must show it: a marker or an empty cell is no figure."""
    return None if value in (None, "x", "..", ":") else round(value)


@pytest.mark.shared_data
def test_every_uk_figure_is_its_ashe_cell(
    document: dict[str, Any], ashe: dict[str, dict[str, Any]]
) -> None:
    columns = document["uk_columns"]
    assert columns == ["pct10", "pct25", "median", "pct75", "pct90"]
    shown = 0
    for code, career in document["careers"].items():
        group = career["uk"]["group"]
        if group is None:
            continue
        title, *figures = document["uk_groups"][group]
        row = ashe[group]
        assert title == row["title"], code
        assert figures == [cell(row[k]) for k in columns], code
        assert figures[columns.index("median")] is not None, code
        shown += 1
    assert shown == 534
    # A suppressed cell stays empty: Solicitors' 90th percentile is 'x' in the sheet.
    assert ashe["2412"]["pct90"] == "x"
    assert document["uk_groups"]["2412"] == [
        "Solicitors and lawyers",
        27274,
        38980,
        51624,
        70815,
        None,
    ]
    assert document["uk_groups"]["2134"][1:4] == [31628, 40023, 54669]


@pytest.mark.shared_data
def test_a_group_without_a_published_median_gives_no_figure(
    document: dict[str, Any], ashe: dict[str, dict[str, Any]]
) -> None:
    suppressed = [c for c in document["careers"].values() if c["uk"]["basis"] == "suppressed"]
    assert suppressed
    for career in suppressed:
        assert career["uk"]["group"] is None
        assert cell(ashe[career["uk"]["near"]]["median"]) is None
        assert career["uk"]["why"].startswith("ONS publishes no reliable full-time median")
    # Medical and Health Services Managers map to 1171, whose every cell is 'x'.
    managers = document["careers"]["11-9111.00"]["uk"]
    assert managers["group"] is None and managers["near"] == "1171"


@pytest.mark.shared_data
def test_a_figure_only_where_the_rule_is_confident(
    document: dict[str, Any],
    catalog: dict[str, dict[str, Any]],
    review: dict[str, dict[str, str]],
    index_groups: dict[str, set[str]],
    regional_dir: Path,
) -> None:
    sources = uk.read_sources(regional_dir)
    by_rule = none = 0
    for code, career in document["careers"].items():
        entry = career["uk"]
        if code in review:
            continue
        titles = [catalog[code]["title"], *(a[0] for a in catalog[code]["alternate_titles"])]
        if entry["group"] is None:
            assert uk.rule_group(code, titles, sources)[0] in (None, entry.get("near")), code
            none += 1
            continue
        assert entry["basis"] == "rule"
        # the group is named by one of the career's titles in the coding index, singular
        # or plural, and the ISCO chain reaches it
        named = set().union(
            *(index_groups.get(t.lower(), set()) for t in titles),
            *(index_groups.get(t.lower().removesuffix("s"), set()) for t in titles),
        )
        assert entry["group"] in named or entry["why"].startswith("title"), code
        weight = uk.chain_weights(code, sources)[entry["group"]]
        assert weight >= uk.DOMINANT or (entry["why"].startswith("title") and weight > 0), code
        by_rule += 1
    assert by_rule == 534 - sum(
        1 for r in review.values() if r["soc2020"] and r["code"] != "11-9111.00"
    )
    assert none > 300


def test_the_reviewed_careers_map_as_written_down(
    document: dict[str, Any], catalog: dict[str, dict[str, Any]], review: dict[str, dict[str, str]]
) -> None:
    # the 100 careers with the most US employment are all reviewed
    def employment(code: str) -> int:
        wage = catalog[code]["wage"]
        return (wage or {}).get("employment") or 0

    top = sorted(catalog, key=lambda code: (-employment(code), code))[:100]
    assert set(top) <= set(review)
    for code, row in review.items():
        assert row["title"] == catalog[code]["title"] and row["reason"]
        entry = document["careers"][code]["uk"]
        if row["soc2020"] and entry["basis"] != "suppressed":
            assert entry == {"group": row["soc2020"], "basis": "reviewed", "why": row["reason"]}
            assert document["uk_groups"][row["soc2020"]][0] == row["uk_group"]
        elif not row["soc2020"]:
            assert entry["group"] is None and entry["why"] == row["reason"]
    assert review["23-1011.00"]["soc2020"] == "2412"  # Lawyers: Solicitors and lawyers
    assert document["careers"]["23-1011.00"]["uk"]["group"] == "2412"
    for code in ("15-1252.00", "15-1251.00"):  # Software Developers, Computer Programmers
        assert document["careers"][code]["uk"]["group"] == "2134"
    # the rule alone would have made these mistakes; the review corrects them
    assert document["careers"]["13-1111.00"]["uk"]["group"] == "2431"  # not Data analysts
    assert document["careers"]["25-2022.00"]["uk"]["group"] == "2313"  # middle = secondary
    assert document["careers"]["31-9092.00"]["uk"]["group"] is None


def test_rule_helpers() -> None:
    assert uk.normalize_title("Nurses, Registered") == "nurse registered"
    assert uk.normalize_title("Baristas") == uk.normalize_title("barista")
    assert uk.normalize_title("Secretaries") == "secretary"
    assert uk.normalize_title("Business") == "business"
    assert uk.ashe_cell("x") is None and uk.ashe_cell("..") is None and uk.ashe_cell(":") is None
    assert uk.ashe_cell(None) is None and uk.ashe_cell(51624.4) == 51624
    with pytest.raises(uk.UKBuildError):
        uk.ashe_cell("n/a")
