"""Unit tests of the catalog's pure parts: tokenizing and ranking, wage parsing, medians."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from services.catalog.build.dataset import dumps_dataset
from services.catalog.build.sources import (
    BuildError,
    broad_code,
    high_point_letters,
    parse_employment,
    parse_wage,
    wage_record,
)
from services.catalog.layout import dataset_version
from services.catalog.serve.search import SearchIndex, stem, tokenize
from services.catalog.serve.store import CatalogStoreError, load_store
from services.catalog.serve.wages import median_of_wages
from shared.contract.codec import ContractError, Unreadable
from shared.contract.snapshot import decode_snapshot
from tests.support import REPO_ROOT

DATA_DIR = REPO_ROOT / "services" / "catalog" / "data"


# --- tokenizing and ranking ---------------------------------------------------------------


def test_tokenize_folds_case_accents_plurals_and_stopwords() -> None:
    assert tokenize("Data Scientists") == ["data", "scientist"]
    assert tokenize("Chief Executives & Officers of the Board") == [
        "chief",
        "executive",
        "officer",
        "board",
    ]
    assert tokenize("Café Managers/Baristas") == ["cafe", "manager", "barista"]
    assert tokenize("Secretaries, Legal") == ["secretary", "legal"]
    assert tokenize("  ---  ") == []


def test_stem_keeps_words_that_only_look_plural() -> None:
    assert stem("class") == "class"
    assert stem("bus") == "bus"
    assert stem("analysis") == "analysis"
    assert stem("engineers") == "engineer"
    assert stem("gas") == "gas"


@pytest.fixture()
def index() -> SearchIndex:
    return SearchIndex(
        [
            [
                ("Data Scientists", 1.0),
                ("Machine Learning Engineer", 0.9),
                ("Machine Learning Scientist", 0.9),
            ],
            [("Software Developers", 1.0), ("Software Engineer", 0.9)],
            [("Mechanical Engineers", 1.0), ("Machine Design Engineer", 0.9)],
            [("Registered Nurses", 1.0), ("Nurse", 0.9)],
        ]
    )


def test_search_ranks_the_exact_title_first(index: SearchIndex) -> None:
    hits = index.search("machine learning engineer")
    assert [h.doc for h in hits] == [0]  # only career 0 matches every word
    assert hits[0].matched == "Machine Learning Engineer"


def test_search_falls_back_to_partial_matches(index: SearchIndex) -> None:
    hits = index.search("machine operator")  # nobody is an operator
    assert {h.doc for h in hits} == {0, 2}


def test_search_prefers_rarer_words(index: SearchIndex) -> None:
    hits = index.search("engineer")
    assert {h.doc for h in hits} == {0, 1, 2}
    # "Mechanical Engineers" has the word in its own title, which weighs most
    assert hits[0].doc == 2


def test_search_matches_plural_and_prefix(index: SearchIndex) -> None:
    assert [h.doc for h in index.search("nurses")] == [3]
    assert [h.doc for h in index.search("regist")] == [3]  # the last word may be unfinished
    assert index.search("zzz") == []
    assert index.search("the of and") == []


def test_search_is_deterministic_on_ties() -> None:
    twins = SearchIndex([[("Welders", 1.0)], [("Welders", 1.0)]])
    assert [h.doc for h in twins.search("welder")] == [0, 1]


# --- wages --------------------------------------------------------------------------------


def test_parse_wage() -> None:
    assert parse_wage("112590") == (112590.0, "estimate")
    assert parse_wage("54.13") == (54.13, "estimate")
    assert parse_wage("1,234") == (1234.0, "estimate")
    assert parse_wage("#") == (None, "top_coded")
    assert parse_wage("*") == (None, "not_available")
    assert parse_wage("**") == (None, "not_available")
    assert parse_wage("") == (None, "not_available")
    with pytest.raises(BuildError):
        parse_wage("n/a?")


def test_parse_employment() -> None:
    assert parse_employment("233440") == 233440
    assert parse_employment("**") is None


def test_wage_record_marks_top_coded_and_missing_figures() -> None:
    row = {
        "OCC_CODE": "29-1022",
        "OCC_TITLE": "Oral Surgeons",
        "O_GROUP": "detailed",
        "TOT_EMP": "4650",
        "A_MEAN": "*",
        "A_PCT10": "100000",
        "A_PCT25": "150000",
        "A_MEDIAN": "#",
        "A_PCT75": "#",
        "A_PCT90": "#",
        "H_MEDIAN": "#",
        "HOURLY": "",
    }
    record = wage_record(row, from_broad=False)
    assert record["annual"] == {
        "mean": None,
        "pct10": 100000,
        "pct25": 150000,
        "median": None,
        "pct75": None,
        "pct90": None,
    }
    assert record["top_coded"] == ["median", "pct75", "pct90"]
    assert record["not_available"] == ["mean"]
    assert record["hourly_median"] is None and record["hourly_only"] is False


def test_broad_code_and_high_points() -> None:
    assert broad_code("13-1021") == "13-1020"
    assert high_point_letters([5.0, 6.0, 0.0]) == "EC"
    assert high_point_letters([2.0, 1.0, 6.0]) == "IRC"
    assert high_point_letters([0.0, 0.0, 0.0]) == ""


def test_median_of_wages() -> None:
    assert median_of_wages([]) == (None, False)
    assert median_of_wages([(None, False)]) == (None, False)
    assert median_of_wages([(10, False), (30, False), (20, False)]) == (20, False)
    assert median_of_wages([(10, False), (20, False)]) == (15, False)
    # a top-coded wage ranks above every number, so the median is still known
    assert median_of_wages([(10, False), (20, False), (None, True)]) == (20, False)
    assert median_of_wages([(10, False), (None, True), (None, True)]) == (None, True)


def test_dumps_dataset_is_stable_and_line_per_career() -> None:
    doc = {"b": 1, "careers": [{"z": 1, "a": "é"}, {"a": 2}], "a": [3]}
    text = dumps_dataset(doc).decode()
    assert text == '{\n"a": [3],\n"b": 1,\n"careers": [\n{"a":"é","z":1},\n{"a":2}\n]\n}\n'
    assert json.loads(text) == doc


def test_dataset_version() -> None:
    version = dataset_version({"onet_version": "29.3", "oews_version": "2024.05"}, b"x")
    assert version == "29.3-2024.05-2d711642b726"


# --- the store on the committed dataset ----------------------------------------------------


@pytest.fixture(scope="module")
def bare_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed dataset without the git-ignored descriptions beside it."""
    path = tmp_path_factory.mktemp("bare-catalog")
    shutil.copy(DATA_DIR / "catalog.json", path / "catalog.json")
    return path


def test_store_works_without_descriptions(bare_dir: Path) -> None:
    store = load_store(bare_dir)
    assert store.count == 923 and not store.has_descriptions
    career = store.career("15-2051.00")
    assert career is not None
    assert career["description"] is None and career["tasks"] is None
    assert career["job_zone_detail"]["experience"] is None
    assert career["job_zone_detail"]["name"].startswith("Job Zone Four")
    assert store.skills()[0]["description"] is None


def test_store_snapshot_follows_the_contract(bare_dir: Path) -> None:
    store = load_store(bare_dir)
    snapshot = store.snapshot()
    decoded = decode_snapshot(store.snapshot_payload.raw)
    # nothing dropped or changed: the type names every field the catalog writes
    assert json.loads(json.dumps(decoded)) == json.loads(json.dumps(snapshot))
    assert snapshot["version"] == store.version
    columns = snapshot["careers"]
    assert all(len(column) == 923 for column in columns.values())
    assert columns["code"] == sorted(columns["code"])
    names = [t["name"] for t in snapshot["technologies"]]
    assert names == sorted(names)
    assert all(
        0 <= t < len(names) and f in (0, 1) for row in columns["technologies"] for t, f in row
    )
    payload = store.snapshot_payload
    assert json.loads(payload.raw) == snapshot
    assert payload.etag != payload.gzip_etag


def test_store_rejects_a_missing_or_foreign_dataset(tmp_path: Path) -> None:
    with pytest.raises(CatalogStoreError, match="no catalog.json"):
        load_store(tmp_path)
    (tmp_path / "catalog.json").write_text('{"format": 99}')
    with pytest.raises(CatalogStoreError, match="format"):
        load_store(tmp_path)
    (tmp_path / "catalog.json").write_text("{nope")
    with pytest.raises(CatalogStoreError, match="not valid JSON"):
        load_store(tmp_path)


def test_store_ignores_broken_descriptions(bare_dir: Path, tmp_path: Path) -> None:
    shutil.copy(bare_dir / "catalog.json", tmp_path / "catalog.json")
    (tmp_path / "descriptions.json").write_text("{broken")
    assert not load_store(tmp_path).has_descriptions


def test_every_wage_says_whose_it_is(bare_dir: Path) -> None:
    store = load_store(bare_dir)
    coordinators = store.career("11-9121.01")
    assert coordinators is not None
    wage = coordinators["wage"]
    assert (wage["soc"], wage["bls_title"]) == ("11-9121", "Natural Sciences Managers")
    assert wage["scope"] == "group" and wage["careers_sharing"] >= 2
    scopes = [c["wage"]["scope"] for c in store.careers if c["wage"] is not None]
    assert scopes.count("broad") == sum(
        1 for c in store.careers if c["wage"] is not None and c["wage"]["from_broad"]
    )
    statisticians = store.career("15-2041.00")
    assert statisticians is not None and statisticians["wage"]["scope"] in ("own", "group")
    own = [c for c in store.careers if c["wage"] is not None and c["wage"]["scope"] == "own"]
    assert own and all(c["wage"]["careers_sharing"] == 1 for c in own)
    snapshot = store.snapshot()["careers"]
    i = snapshot["code"].index("11-9121.01")
    assert (snapshot["wage_soc"][i], snapshot["wage_scope"][i]) == ("11-9121", "group")


# --- the snapshot contract ----------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(load_store(DATA_DIR).snapshot_payload.raw)
    return document


def _spoilt(document: dict[str, Any], column: str, row: int, value: Any) -> str:
    spoilt = copy.deepcopy(document)
    spoilt["careers"][column][row] = value
    return json.dumps(spoilt)


@pytest.mark.parametrize(
    ("column", "value", "where"),
    [
        ("job_zone", 6, "$.careers.job_zone[3]"),
        ("job_zone", 0, "$.careers.job_zone[3]"),
        ("interests", [1.0, 2.0, 3.0, 4.0, 5.0, 7.5], "$.careers.interests[3][5]"),
        ("interests", [1.0, 2.0, 3.0], "$.careers.interests[3]"),
        ("values", [0.5, 2.0, 3.0, 4.0, 5.0, 6.0], "$.careers.values[3][0]"),
        ("skill_importance", [6.0] * 35, "$.careers.skill_importance[3][0]"),
        ("skill_level", [-1.0] * 35, "$.careers.skill_level[3][0]"),
        ("high_point", "XY", "$.careers.high_point[3]"),
        ("wage_scope", "national", "$.careers.wage_scope[3]"),
        ("median_wage", "lots", "$.careers.median_wage[3]"),
        ("technologies", [[0, 2]], "$.careers.technologies[3][0][1]"),
    ],
)
def test_snapshot_values_off_the_contract_are_refused(
    snapshot_document: dict[str, Any], column: str, value: Any, where: str
) -> None:
    with pytest.raises(ContractError, match=re.escape(where)):
        decode_snapshot(_spoilt(snapshot_document, column, 3, value))


def test_snapshot_columns_must_line_up(snapshot_document: dict[str, Any]) -> None:
    ragged = copy.deepcopy(snapshot_document)
    ragged["careers"]["title"] = ragged["careers"]["title"][:5]
    with pytest.raises(ContractError, match=r"\$\.careers\.title has 5 rows, not 923"):
        decode_snapshot(json.dumps(ragged))
    short_region = copy.deepcopy(snapshot_document)
    short_region["regional"]["median"]["CA-ON"].pop()
    with pytest.raises(ContractError, match=r"regional\.median\.CA-ON has 922 rows"):
        decode_snapshot(json.dumps(short_region))
    with pytest.raises(ContractError, match="skill_level is not 35 long"):
        decode_snapshot(_spoilt(snapshot_document, "skill_level", 0, [1.0] * 34))
    past = len(snapshot_document["technologies"])
    with pytest.raises(ContractError, match="names a technology past"):
        decode_snapshot(_spoilt(snapshot_document, "technologies", 0, [[past, 0]]))
    empty = copy.deepcopy(snapshot_document)
    empty["careers"] = {name: [] for name in empty["careers"]}
    del empty["regional"]
    with pytest.raises(ContractError, match="no careers"):
        decode_snapshot(json.dumps(empty))


def test_snapshot_decoding_keeps_what_it_knows(snapshot_document: dict[str, Any]) -> None:
    decoded = decode_snapshot(json.dumps(snapshot_document))
    assert json.loads(json.dumps(decoded)) == snapshot_document
    newer = copy.deepcopy(snapshot_document)
    newer["careers"]["bright_outlook"] = [True] * 923
    newer["released"] = "2026-01-01"
    decoded = decode_snapshot(json.dumps(newer))
    assert "released" not in decoded and "bright_outlook" not in decoded["careers"]
    without_regional = {k: v for k, v in snapshot_document.items() if k != "regional"}
    assert "regional" not in decode_snapshot(json.dumps(without_regional))
    missing = {k: v for k, v in snapshot_document.items() if k != "skills"}
    with pytest.raises(ContractError, match="missing required field `skills`"):
        decode_snapshot(json.dumps(missing))
    with pytest.raises(Unreadable):
        decode_snapshot(b'{"version": ')
