"""Search people expect, technologies and skills over real HTTP, and 422 for unknown parameters."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from services.catalog.serve.search import SearchIndex, edit_distance, expand_query, synonyms
from tests.support import HttpService

ML_ENGINEER_CODES = {"15-1221.00", "15-1299.08", "15-2051.00"}  # O*NET: "Machine Learning Engineer"


@pytest.fixture(scope="module")
def base(catalog_service: HttpService) -> str:
    return catalog_service.url


def get(base: str, path: str) -> requests.Response:
    return requests.get(base + path, timeout=10)


def search(base: str, q: str, **extra: str) -> list[dict[str, Any]]:
    params = "&".join(f"{k}={v}" for k, v in extra.items())
    response = get(base, f"/v1/search?q={q}&per_page=50&{params}")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


# --- unit: synonyms and typos ---------------------------------------------------------------


def test_synonym_list_is_data_and_spells_out_abbreviations() -> None:
    table = synonyms()
    assert table["ml"] == "machine learning" and table["ai"] == "artificial intelligence"
    assert all(key == key.lower() and " " not in key for key in table)
    assert expand_query("ML engineer") == "machine learning engineer"
    assert expand_query("nurse") is None


def test_synonyms_and_typos_in_the_index() -> None:
    index = SearchIndex([[("Machine Learning Engineer", 1.0)], [("Mail Clerk", 1.0)]])
    assert [h.doc for h in index.search("ml engineer")] == [0]
    assert [h.doc for h in index.search("machnie lerning")] == [0]  # a swap and a dropped letter
    assert edit_distance("tensorflwo", "tensorflow", 2) == 1
    assert edit_distance("abc", "xyz", 1) == 2


# --- the cases from the issue -------------------------------------------------------------


def test_pytorch_finds_the_technology_and_data_scientists(base: str) -> None:
    found = search(base, "PyTorch")
    assert (found[0]["kind"], found[0]["key"], found[0]["title"]) == (
        "technology",
        "pytorch",
        "PyTorch",
    )
    careers = [f["key"] for f in found if f["kind"] == "career"]
    assert "15-2051.00" in careers


@pytest.mark.parametrize("q", ["tensorflow", "TensorFlow", "tensorflwo"])
def test_tensorflow_works_in_any_case_and_with_a_typo(base: str, q: str) -> None:
    found = search(base, q)
    assert found[0]["title"] == "TensorFlow"
    assert "15-2051.00" in [f["key"] for f in found if f["kind"] == "career"]


def test_ml_engineer_puts_machine_learning_engineers_first(base: str) -> None:
    found = search(base, "ML%20engineer", kind="career")
    first = {f["key"] for f in found[: len(ML_ENGINEER_CODES)]}
    assert first == ML_ENGINEER_CODES
    assert all(f["matched"] == "Machine Learning Engineer" for f in found[:3])
    careers = get(base, "/v1/careers?q=ML+engineer&per_page=3").json()["items"]
    assert {c["code"] for c in careers} == ML_ENGINEER_CODES


def test_rn_finds_registered_nurses(base: str) -> None:
    found = search(base, "RN")
    assert (found[0]["kind"], found[0]["key"]) == ("career", "29-1141.00")


def test_excel_finds_microsoft_excel_first(base: str) -> None:
    found = search(base, "Excel")
    assert (found[0]["kind"], found[0]["title"]) == ("technology", "Microsoft Excel")
    assert all("Excelsior" not in f["title"] for f in found[:10])
    # "Microsoft Excel" finds it too, and a career search finds careers that list it
    assert search(base, "Microsoft%20Excel")[0]["title"] == "Microsoft Excel"


def test_skills_are_found_by_name(base: str) -> None:
    assert search(base, "programming", kind="skill")[0]["key"] == "2.B.3.e"
    body = get(base, "/v1/skills?q=progamming").json()  # a typo
    assert [s["id"] for s in body["items"]] == ["2.B.3.e"]
    by_slug = get(base, "/v1/skills/programming").json()
    by_name = get(base, "/v1/skills/Programming").json()
    assert by_slug["id"] == by_name["id"] == "2.B.3.e"


def test_skill_detail_honours_per_page_and_says_who_is_unrated(base: str) -> None:
    full = get(base, "/v1/skills/2.B.3.e?per_page=100").json()
    page = get(base, "/v1/skills/2.B.3.e?per_page=5&page=2").json()
    assert full["count"] == 23 and len(full["careers"]) == 23
    assert len(page["careers"]) == 5 and page["pages"] == 5
    assert [c["code"] for c in page["careers"]] == [c["code"] for c in full["careers"][5:10]]
    unrated = {c["code"] for c in full["unrated"]["careers"]}
    assert full["unrated"]["count"] == 44 and {"15-1252.00", "15-2051.00"} <= unrated


def test_technology_list_and_detail(base: str) -> None:
    body = get(base, "/v1/technologies?per_page=5").json()
    assert body["total"] == 8775 and len(body["items"]) == 5
    assert body["items"][0]["careers"] >= body["items"][-1]["careers"]
    hot = get(base, "/v1/technologies?hot=true&q=pytorch").json()["items"]
    assert [t["id"] for t in hot] == ["pytorch"]
    detail = get(base, "/v1/technologies/pytorch?per_page=2").json()
    assert detail["name"] == "PyTorch" and detail["careers"] == 3
    assert detail["career_list"]["total"] == 3 and len(detail["career_list"]["items"]) == 2
    assert {"pct25", "median", "pct75", "method"} <= set(detail["pay"])
    assert "TensorFlow" in [t["name"] for t in detail["ecosystem"]]
    assert get(base, "/v1/technologies/C%23").json()["id"] == "c-sharp"
    assert get(base, "/v1/technologies/c-plus-plus").json()["name"] == "C++"
    assert get(base, "/v1/technologies/no-such-tool").status_code == 404


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/v1/careers?technology=PyTorch", ["technology"]),
        ("/v1/careers?skill=x&q=nurse", ["skill"]),
        ("/v1/careers/15-2051.00?utm_source=x", ["utm_source"]),
        ("/v1/technologies?colour=red", ["colour"]),
        ("/v1/technologies/pytorch?x=1&y=2", ["x", "y"]),
        ("/v1/skills?name=Programming", ["name"]),
        ("/v1/skills/2.B.3.e?limit=5", ["limit"]),
        ("/v1/search?q=nurse&type=career", ["type"]),
        ("/v1/catalog?x=1", ["x"]),
    ],
)
def test_unknown_query_parameters_are_422_naming_them(
    base: str, path: str, names: list[str]
) -> None:
    response = get(base, path)
    assert response.status_code == 422, response.text
    body = response.json()
    assert set(names) <= set(body["errors"])
    assert all(name in body["message"] for name in names)


def test_a_field_is_found_and_links_to_its_page(base: str) -> None:
    found = search(base, "machine learning")
    assert (found[0]["kind"], found[0]["key"]) == ("field", "machine-learning")
    assert found[0]["links"] == {"page": "/fields/machine-learning"}
    only = search(base, "design", kind="field")
    assert only and {r["kind"] for r in only} == {"field"}
    assert get(base, found[0]["links"]["page"]).status_code == 200
