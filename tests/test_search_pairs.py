"""What people type -> what they mean: the first search result and an honest result count.

The pairs run over the built catalog (``services/catalog/data/catalog.json``) through the
search's pure entry point, ``Topics.search``; the HTTP views only page through its list.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from services.catalog.serve.topics import NamedEntry, SearchResult, Topics

DATA = Path(__file__).resolve().parents[1] / "services" / "catalog" / "data"
#: Where the field pages' names and synonyms live once fields exist (kept as data in the repo).
FIELD_FILES = (DATA / "fields.json", DATA.parent / "fields.json")
ML_ENGINEERS = ("15-2051.00", "15-1221.00", "15-1299.08")  # O*NET: "Machine Learning Engineer"

#: query -> (kind, acceptable first keys); several keys where O*NET gives the same title to
#: several careers and none is more what was meant.
PAIRS: list[tuple[str, str, tuple[str, ...]]] = [
    # careers by name or alternate title
    ("software developer", "career", ("15-1252.00",)),
    ("software engineer", "career", ("15-1252.00",)),
    ("registered nurse", "career", ("29-1141.00",)),
    ("nurse practitioner", "career", ("29-1171.00",)),
    ("data scientist", "career", ("15-2051.00",)),
    ("web developer", "career", ("15-1254.00",)),
    ("electrician", "career", ("47-2111.00",)),
    ("plumber", "career", ("47-2152.00",)),
    ("lawyer", "career", ("23-1011.00",)),
    ("barista", "career", ("35-3023.01",)),
    ("welder", "career", ("51-4121.00",)),
    ("cashier", "career", ("41-2011.00",)),
    ("firefighter", "career", ("33-2011.00",)),
    ("police officer", "career", ("33-3051.00",)),
    ("physical therapist", "career", ("29-1123.00",)),
    ("dentist", "career", ("29-1021.00",)),
    ("dental hygienist", "career", ("29-1292.00",)),
    ("graphic designer", "career", ("27-1024.00",)),
    ("ux designer", "career", ("15-1255.00",)),
    ("cyber security", "career", ("15-1212.00",)),
    ("machine learning engineer", "career", ML_ENGINEERS),
    # abbreviations
    ("ML engineer", "career", ML_ENGINEERS),
    ("RN", "career", ("29-1141.00",)),
    ("CPA", "career", ("13-2011.00",)),
    ("LPN", "career", ("29-2061.00",)),
    ("EMT", "career", ("29-2042.00",)),
    ("HR manager", "career", ("11-3121.00",)),
    ("HVAC", "career", ("49-9021.00",)),
    ("dev ops", "career", ("15-1252.00",)),
    ("devops", "career", ("15-1252.00",)),
    # typos
    ("softwre", "career", ("15-1252.00",)),
    ("softwre developer", "career", ("15-1252.00",)),
    ("nurce", "career", ("29-1141.00",)),
    ("registerd nurse", "career", ("29-1141.00",)),
    ("acountant", "career", ("13-2011.00",)),
    ("elektrician", "career", ("47-2111.00",)),
    ("farmacist", "career", ("29-1051.00",)),
    ("tensorflwo", "technology", ("tensorflow",)),
    # technologies
    ("python", "technology", ("python",)),
    ("excel", "technology", ("microsoft-excel",)),
    ("javascript", "technology", ("javascript",)),
    ("kubernetes", "technology", ("kubernetes",)),
    ("pytorch", "technology", ("pytorch",)),
    # skills
    ("programming", "skill", ("2.B.3.e",)),
    ("critical thinking", "skill", ("2.A.2.a",)),
]


@cache
def dataset() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "catalog.json").read_text(encoding="utf-8"))
    return loaded


@cache
def topics() -> Topics:
    return Topics(dataset())


def field_file() -> Path | None:
    return next((path for path in FIELD_FILES if path.exists()), None)


def first(found: list[SearchResult]) -> tuple[str, str]:
    assert found, "no result"
    return found[0].kind, found[0].key


@pytest.mark.parametrize(("q", "kind", "keys"), PAIRS, ids=[q for q, _, _ in PAIRS])
def test_the_first_result_is_what_was_meant(q: str, kind: str, keys: tuple[str, ...]) -> None:
    found_kind, found_key = first(topics().search(q))
    assert (found_kind, found_key in keys) == (kind, True), (found_kind, found_key)


def test_there_are_at_least_thirty_pairs() -> None:
    assert len(PAIRS) >= 30


def test_a_typo_of_a_common_word_reports_what_it_means_not_every_name_with_it() -> None:
    found = topics().search("softwre")
    assert first(found) == ("career", "15-1252.00")
    assert len(found) < 300, len(found)  # main reported 3,155: every "... software" product
    assert all("softwar" in r.matched.casefold() for r in found)


def test_ml_engineer_finds_machine_learning_engineers_not_every_engineer() -> None:
    found = topics().search("ML engineer")
    assert {r.key for r in found[:3]} == set(ML_ENGINEERS)
    assert "17-2051.00" not in {r.key for r in found}  # Civil Engineers
    assert all("machine learning" in r.matched.casefold() for r in found), [
        r.matched for r in found
    ]


def test_machine_learning_leaves_out_business_machines() -> None:
    found = topics().search("machine learning")
    assert found and all("learning" in r.matched.casefold() for r in found)


def test_the_result_count_is_the_results_above_the_floor() -> None:
    # the same word typed right and with a typo finds the same things
    assert [r.key for r in topics().search("software")][:20] == [
        r.key for r in topics().search("softwre")
    ][:20]
    assert len(topics().search("nurse")) == len(topics().search("nurce"))


def test_extra_named_entries_rank_first_when_their_name_or_synonym_is_the_query() -> None:
    extra = [NamedEntry("field", "machine-learning", "Machine Learning & AI", ("ML", "AI"))]
    plugged = Topics(dataset(), extra)
    assert first(plugged.search("machine learning")) == ("field", "machine-learning")
    assert first(plugged.search("machine learning & ai")) == ("field", "machine-learning")
    # careers titled so come first, then the field named by part of the query
    found = [(r.kind, r.key) for r in plugged.search("ML engineer")]
    assert {key for _, key in found[:3]} == set(ML_ENGINEERS)
    assert found[3] == ("field", "machine-learning")
    assert ("field", "machine-learning") not in [
        (r.kind, r.key) for r in plugged.search("civil engineer")
    ]


# --- field pages (another change adds them as data; these run once the data is there) ------

FIELD_PAIRS = [
    ("machine learning", "machine-learning"),
    ("data science", "data-science"),
    ("cybersecurity", "cybersecurity"),
    ("web development", "web-development"),
]


def field_entries(path: Path) -> list[NamedEntry]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    items = raw["fields"] if isinstance(raw, dict) else raw
    return [
        NamedEntry("field", item["slug"], item["name"], tuple(item.get("synonyms", ())))
        for item in items
    ]


@pytest.mark.parametrize(("q", "slug"), FIELD_PAIRS)
def test_a_field_named_by_the_query_comes_first(q: str, slug: str) -> None:
    path = field_file()
    if path is None:
        pytest.skip("no field data in the repository yet")
    entries = field_entries(path)
    plugged = Topics(dataset(), entries)
    kind, key = first(plugged.search(q))
    assert kind == "field" and key.startswith(slug.split("-")[0]), (kind, key)


def test_ml_engineer_finds_the_careers_then_the_field_not_engineering() -> None:
    path = field_file()
    if path is None:
        pytest.skip("no field data in the repository yet")
    found = Topics(dataset(), field_entries(path)).search("ML engineer")
    keys = [(r.kind, r.key) for r in found]
    assert {key for kind, key in keys[:3]} == set(ML_ENGINEERS), keys
    assert keys[3] == ("field", "machine-learning"), keys
    assert ("field", "engineering") not in keys, keys
