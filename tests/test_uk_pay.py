"""UK pay over the whole catalog: every figure is its ASHE cell, only confident mappings
have one, and the reviewed careers map as written down.

The ASHE workbook and the coding index are read again here, simply (by header names, not
the build's column positions), and compared with the committed ``regional.json``.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

from services.catalog import layout
from services.catalog.build import uk
from services.matcher import regional
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.profile import build_profile
from services.matcher.ranking import TIER_UNCHECKED, TIER_WITHIN
from services.matcher.scoring import score_careers
from services.quiz.location import PAY_RULES, region_options
from tests.support import REPO_ROOT
from tests.synthetic import local_pay_catalog

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
    """The coding index's unit groups by job title (natural word order, ``plain``)."""
    book = openpyxl.load_workbook(regional_dir / uk.INDEX_FILE, read_only=True)
    rows = book["SOC2020 coding index"].iter_rows(values_only=True)
    header = list(next(rows))
    soc, title = header.index("SOC_2020"), header.index("INDEXOCC_-_natural_word_order")
    groups: dict[str, set[str]] = {}
    for row in rows:
        if str(row[soc]).isdigit():
            groups.setdefault(plain(str(row[title])), set()).add(str(row[soc]))
    book.close()
    return groups


def plain(title: str) -> str:
    """A title's words, lower case, each without a plural ending (-ies as -y, -s)."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    singular = [
        w[:-3] + "y" if w.endswith("ies") else w[:-1] if w[-1] == "s" and w[-2:] != "ss" else w
        for w in words
    ]
    return " ".join(singular)


@pytest.fixture(scope="module")
def chain_reference(regional_dir: Path) -> dict[str, dict[str, float]]:
    """The ISCO chain of every O*NET-SOC 6-digit code, recomputed slowly from the files:
    SOC 2018 -> SOC 2010 -> ISCO-08 -> SOC 2020, weighted by the coding index's titles."""
    import xlrd

    book = openpyxl.load_workbook(regional_dir / uk.SOC2018_FILE, read_only=True)
    soc2010: dict[str, set[str]] = {}
    for row in book.worksheets[0].iter_rows(values_only=True):
        if row[0] and row[2] and str(row[0])[:2].isdigit() and str(row[2])[:2].isdigit():
            soc2010.setdefault(str(row[2]).strip(), set()).add(str(row[0]).strip())
    book.close()
    sheet = xlrd.open_workbook(str(regional_dir / uk.ISCO_FILE)).sheet_by_index(1)
    assert sheet.name == "2010 SOC to ISCO-08"
    isco: dict[str, set[str]] = {}
    for i in range(sheet.nrows):
        soc, code = str(sheet.cell_value(i, 0)).strip(), str(sheet.cell_value(i, 3)).strip()
        if soc[:2].isdigit() and code.isdigit():
            isco.setdefault(soc, set()).add(code)
    book = openpyxl.load_workbook(regional_dir / uk.INDEX_FILE, read_only=True)
    rows = book["SOC2020 coding index"].iter_rows(values_only=True)
    header = list(next(rows))
    at_soc, at_isco = header.index("SOC_2020"), header.index("ISCO-08 code based on SOC2020")
    pairs: dict[str, dict[str, int]] = {}
    for row in rows:
        if str(row[at_soc]).isdigit() and row[at_isco] is not None:
            groups = pairs.setdefault(str(row[at_isco]).zfill(4), {})
            groups[str(row[at_soc])] = groups.get(str(row[at_soc]), 0) + 1
    book.close()
    chains: dict[str, dict[str, float]] = {}
    for soc18, olds in soc2010.items():
        codes = set().union(*(isco.get(old, set()) for old in olds))
        weights: dict[str, float] = {}
        for code in codes:
            total = sum(pairs.get(code, {}).values())
            for group, count in pairs.get(code, {}).items():
                weights[group] = weights.get(group, 0.0) + count / total / len(codes)
        chains[soc18] = weights
    return chains


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
    chain_reference: dict[str, dict[str, float]],
    regional_dir: Path,
) -> None:
    sources = uk.read_sources(regional_dir)
    by_rule = none = 0
    for code, career in document["careers"].items():
        entry = career["uk"]
        if code in review:
            continue
        titles = [catalog[code]["title"], *(a[0] for a in catalog[code]["alternate_titles"])]
        chain = chain_reference.get(code[:7], {})
        built = uk.chain_weights(code, sources)
        assert {g: round(w, 9) for g, w in built.items() if w} == {
            g: round(w, 9) for g, w in chain.items()
        }, code
        named = set().union(*(index_groups.get(plain(t), set()) for t in titles))
        own = index_groups.get(plain(titles[0]), set())
        if entry["group"] is None:
            if entry["basis"] == "suppressed":
                continue
            # the rule is not confident: neither test below holds for any group
            assert not (len(own) == 1 and chain.get(next(iter(own)), 0.0) > 0), code
            assert all(chain.get(g, 0.0) < uk.DOMINANT for g in named), code
            none += 1
            continue
        assert entry["basis"] == "rule"
        # the group is named by one of the career's titles in the coding index, and the
        # ISCO chain reaches it: as the career's own title's only group, or with at least
        # half of the chain's weight
        weight = chain.get(entry["group"], 0.0)
        if entry["why"].startswith("title:"):
            assert own == {entry["group"]} and weight > 0, code
        else:
            assert entry["group"] in named and weight >= uk.DOMINANT, code
        by_rule += 1
    reviewed_with_figure = sum(
        1 for c, r in review.items() if document["careers"][c]["uk"]["group"]
    )
    assert by_rule + reviewed_with_figure == 534 and by_rule == 450
    assert none == 364 - 16  # the reviewed careers without a UK group are counted apart


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


# --- the UK in the matcher and the quiz (pure functions) ----------------------------------


def uk_catalog() -> CatalogArrays:
    """Two careers: one with a UK figure (a group's median), one without."""
    careers = {
        "code": ["23-1011.00", "15-2051.00"],
        "title": ["Lawyers", "Data Scientists"],
        "job_zone": [5, 5],
        "median_wage": [151160, 112590],
    }
    regional_figures = {
        "version": "test",
        "hours_per_year": 1950,
        "median": {"GB": [51624, None]},
        "uk_group": [["2412", "Solicitors and lawyers"], None],
    }
    return local_pay_catalog(careers, regional_figures)


def test_a_pound_minimum_is_checked_against_the_uk_figure_only() -> None:
    catalog = uk_catalog()
    place = regional.place_from_answers({"location": "GB", "min_wage_gbp": 50000.0})
    assert place is not None and place.currency == "GBP" and place.minimum == 50000
    pay = regional.pay_limit(place, catalog)
    assert pay is not None
    assert pay.wage[0] == 51624 and math.isnan(pay.wage[1])
    lawyers = pay.details(0)
    assert lawyers["currency"] == "GBP" and lawyers["uk_group"] == "2412"
    assert lawyers["sentence"] == (
        "£51,624 a year: ONS ASHE 2024 provisional, UK full-time employees in Solicitors and "
        "lawyers (SOC 2020 2412); it meets your minimum of £50,000 a year."
    )
    scientists = pay.details(1)
    assert scientists["median"] is None and scientists["checked"] is None
    assert scientists["sentence"].startswith("No UK figure for this career: ")
    assert "not converted" in scientists["sentence"]  # its US dollars are never compared
    # unknown pay never passes the minimum: unchecked, ranked after the careers that meet it
    profile = build_profile({}, [], skill_ids=catalog.skill_ids)
    scores = score_careers(profile, catalog, {"interests": 1.0}, pay)
    assert scores.tier.tolist() == [TIER_WITHIN, TIER_UNCHECKED]
    assert (pay.check(1) or "").startswith("Your minimum of £50,000 a year could not be checked")
    assert (pay.check(0) or "").startswith("Meets your minimum of £50,000 a year")
    below = regional.place_from_answers({"location": "GB", "min_wage_gbp": 60000.0})
    assert below is not None
    limit = regional.pay_limit(below, catalog)
    assert limit is not None and "is below your minimum of £60,000" in limit.sentence(0)


def test_a_us_dollar_minimum_is_never_read_in_the_uk() -> None:
    place = regional.place_from_answers({"location": "GB", "min_annual_wage": 50000.0})
    assert place is not None and place.minimum is None
    document = regional.place_document(place)
    assert document["currency"] == "GBP" and "ONS" in str(document["source"])


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"location": "GB", "min_annual_wage": 40000.0}, "min_annual_wage"),
        ({"location": "GB", "min_wage_cad": 40000.0, "min_wage_cad_per": "year"}, "min_wage_cad"),
        ({"location": "US-CA", "min_wage_gbp": 40000.0}, "min_wage_gbp"),
        ({"location": "CA-ON", "min_wage_gbp": 40000.0}, "min_wage_gbp"),
        ({"min_wage_gbp": 40000.0}, "min_wage_gbp"),
    ],
)
def test_pound_answers_must_fit_the_uk(answers: dict[str, Any], field: str) -> None:
    errors: dict[str, list[str]] = {}
    for rule in PAY_RULES:
        errors |= rule.errors(answers)
    assert field in errors
    # and the published JSON Schema says the same
    schema = {"type": "object", "allOf": [rule.json_schema() for rule in PAY_RULES]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(answers)


def test_the_uk_is_a_place_to_choose() -> None:
    options = {o["value"]: o for o in region_options()}
    assert options["GB"] == {"value": "GB", "label": "United Kingdom", "group": "United Kingdom"}
    fits = {"location": "GB", "min_wage_gbp": 40000.0}
    assert all(rule.errors(fits) == {} for rule in PAY_RULES)
    schema = {"type": "object", "allOf": [rule.json_schema() for rule in PAY_RULES]}
    assert jsonschema.Draft202012Validator(schema).is_valid(fits)
