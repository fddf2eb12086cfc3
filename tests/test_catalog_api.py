"""The catalog service over real HTTP: listing, search, detail, skills, snapshot, errors."""

from __future__ import annotations

import copy
import gzip
import json
import re
import shutil
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from shared.contract.codec import ContractError
from shared.contract.snapshot import decode_snapshot
from tests.support import REPO_ROOT, HttpService

pytestmark = pytest.mark.integration

ERROR_KEYS = {"code", "status", "message"}


@pytest.fixture(scope="module")
def base(catalog_service: HttpService) -> str:
    return catalog_service.url


def get(base: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.get(base + path, timeout=10, **kwargs)


def items(base: str, query: str) -> list[dict[str, Any]]:
    response = get(base, "/v1/careers?" + query)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


# --- listing, filters, pagination ----------------------------------------------------------


def test_list_is_paginated_in_code_order(base: str) -> None:
    body = get(base, "/v1/careers").json()
    assert body["total"] == 923 and body["page"] == 1 and body["per_page"] == 20
    assert body["pages"] == 47 and len(body["items"]) == 20
    codes = [c["code"] for c in body["items"]]
    assert codes == sorted(codes) and codes[0] == "11-1011.00"
    assert body["links"]["next"] == "/v1/careers?per_page=20&page=2"
    assert body["links"]["prev"] is None
    assert body["links"]["last"] == "/v1/careers?per_page=20&page=47"
    first = body["items"][0]
    assert first["links"]["self"] == "/v1/careers/11-1011.00"
    assert set(first) >= {"code", "title", "job_zone", "high_point", "median_wage"}

    page2 = get(base, body["links"]["next"]).json()
    assert page2["items"][0]["code"] > codes[-1]
    last = get(base, "/v1/careers?per_page=100&page=10").json()
    assert len(last["items"]) == 23 and last["links"]["next"] is None
    beyond = get(base, "/v1/careers?per_page=100&page=11").json()
    assert beyond["items"] == [] and beyond["total"] == 923


@pytest.mark.parametrize(("zone", "count"), [(1, 31), (2, 295), (3, 219), (4, 224), (5, 154)])
def test_filter_by_job_zone(base: str, zone: int, count: int) -> None:
    body = get(base, f"/v1/careers?job_zone={zone}&per_page=100").json()
    assert body["total"] == count
    assert all(c["job_zone"] == zone for c in body["items"])


def test_filter_by_interest(base: str) -> None:
    investigative = get(base, "/v1/careers?interest=I&per_page=100").json()
    assert investigative["total"] > 50
    assert all(c["high_point"].startswith("I") for c in investigative["items"])
    two = get(base, "/v1/careers?interest=ir&per_page=100").json()  # case does not matter
    assert 0 < two["total"] < investigative["total"]
    assert all(c["high_point"].startswith("IR") for c in two["items"])
    assert "interest=ir" in two["links"]["self"]


def test_filters_combine_with_search(base: str) -> None:
    found = items(base, "q=engineer&job_zone=5&per_page=100")
    assert found and all(c["job_zone"] == 5 for c in found)


# --- search --------------------------------------------------------------------------------


def test_search_machine_learning_engineer_finds_data_scientists(base: str) -> None:
    found = items(base, "q=machine+learning+engineer")
    assert found[0]["code"] == "15-2051.00"
    assert found[0]["title"] == "Data Scientists"
    assert found[0]["matched_title"] == "Machine Learning Engineer"
    assert found[0]["score"] >= found[-1]["score"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("registered nurse", "29-1141.00"),
        ("Data Scientists", "15-2051.00"),
        ("chief executive", "11-1011.00"),
        ("software developer", "15-1252.00"),
        ("electrician", "47-2111.00"),
    ],
)
def test_search_ranks_the_obvious_career_first(base: str, query: str, code: str) -> None:
    assert items(base, f"q={query}")[0]["code"] == code


def test_search_by_code_prefix_and_no_match(base: str) -> None:
    assert [c["code"] for c in items(base, "q=15-2051")][:1] == ["15-2051.00"]
    empty = get(base, "/v1/careers?q=qwxzzyv").json()
    assert empty["total"] == 0 and empty["items"] == [] and empty["pages"] == 0


# --- detail --------------------------------------------------------------------------------


def test_career_detail(base: str) -> None:
    body = get(base, "/v1/careers/15-2051.00").json()
    assert body["code"] == "15-2051.00" and body["title"] == "Data Scientists"
    assert set(body["interests"]) == set("RIASEC")
    assert body["high_point"] == "IC"
    assert body["job_zone"] == 4 and body["job_zone_detail"]["zone"] == 4
    assert body["job_zone_detail"]["svp_range"]
    assert body["wage"]["annual"]["median"] == 112590 and body["wage"]["from_broad"] is False
    assert body["median_wage"] == 112590
    assert any(t["name"] == "Python" and t["hot"] for t in body["technologies"])
    assert all(set(t) == {"name", "hot", "in_demand"} for t in body["technologies"])
    assert any(a["title"] == "Machine Learning Engineer" for a in body["alternate_titles"])
    assert body["related"][0]["tier"] == "Primary-Short" and body["related"][0]["title"]
    assert body["clusters"][0]["cluster"]
    # Data Scientists have no O*NET skill or work value ratings yet: null, not dropped
    assert body["skills"] is None and body["work_values"] is None
    assert isinstance(body["description"], str | None)


def test_career_detail_with_skills_and_values(base: str) -> None:
    body = get(base, "/v1/careers/11-1011.00").json()
    assert len(body["skills"]) == 35 and body["skills"][0]["id"] == "2.A.1.a"
    assert {"importance", "level", "name"} <= set(body["skills"][0])
    assert [v["name"] for v in body["work_values"]] == [
        "Achievement",
        "Working Conditions",
        "Recognition",
        "Relationships",
        "Support",
        "Independence",
    ]
    assert 1 <= len(body["knowledge"]) <= 5
    importances = [k["importance"] for k in body["knowledge"]]
    assert importances == sorted(importances, reverse=True)


def test_career_wage_edge_cases(base: str) -> None:
    broad = get(base, "/v1/careers/13-1021.00").json()["wage"]
    assert broad["from_broad"] is True and broad["soc"] == "13-1020"
    dentist = get(base, "/v1/careers/29-1022.00").json()
    assert dentist["median_wage"] is None and dentist["wage_top_coded"] is True
    assert "median" in dentist["wage"]["top_coded"]
    actor = get(base, "/v1/careers/27-2011.00").json()
    assert actor["median_wage"] is None and "median" in actor["wage"]["not_available"]


def test_descriptions_follow_the_catalog_flag(base: str) -> None:
    has = get(base, "/v1/catalog").json()["descriptions"]
    body = get(base, "/v1/careers/15-2051.00").json()
    assert (body["description"] is not None) == has
    assert (body["job_zone_detail"]["experience"] is not None) == has


# --- skills --------------------------------------------------------------------------------


def test_skills_list(base: str) -> None:
    body = get(base, "/v1/skills").json()
    assert body["count"] == 35 and len(body["items"]) == 35
    assert body["items"][0]["id"] == "2.A.1.a"
    assert body["items"][0]["name"] == "Reading Comprehension"
    assert body["items"][0]["links"]["self"] == "/v1/skills/2.A.1.a"


def test_skill_detail(base: str) -> None:
    body = get(base, "/v1/skills/2.B.3.e").json()  # Programming
    assert body["name"] == "Programming" and body["min_importance"] == 3.0
    careers = body["careers"]
    assert careers and body["count"] == len(careers)
    importances = [c["importance"] for c in careers]
    assert importances == sorted(importances, reverse=True) and min(importances) >= 3.0
    wages = [c["median_wage"] for c in careers if c["median_wage"] is not None]
    assert not any(c["wage_top_coded"] for c in careers)
    assert body["median_wage"] == round(statistics.median(wages))
    stricter = get(base, "/v1/skills/2.B.3.e?min_importance=4").json()
    assert stricter["count"] < body["count"]


# --- catalog and snapshot ------------------------------------------------------------------


def test_catalog_info_has_version_and_attribution(base: str) -> None:
    body = get(base, "/v1/catalog").json()
    assert re.fullmatch(r"29\.3-2024\.05-[0-9a-f]{12}", body["version"])
    assert body["careers"] == 923
    assert "O*NET 29.3" in body["source"]["onet"]
    attribution = body["attribution"]
    assert "O*NET 29.3 Database" in attribution["onet"] and "CC BY 4.0" in attribution["onet"]
    assert "O*NET\u00ae is a trademark of USDOL/ETA" in attribution["onet"]
    assert attribution["modifications"].startswith(
        "Career Match has modified all or some of this information."
    )
    assert "Bureau of Labor Statistics" in attribution["bls"] and "May 2024" in attribution["bls"]


def test_snapshot_gzip_etag_and_304(base: str) -> None:
    response = get(base, "/v1/catalog/snapshot")  # requests asks for gzip by default
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert "max-age" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[^"]+"', etag), "the ETag must be strong"
    snapshot = response.json()
    assert int(response.headers["Content-Length"]) < len(response.content) / 3

    again = get(base, "/v1/catalog/snapshot", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag

    plain = get(base, "/v1/catalog/snapshot", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert json.loads(plain.content) == snapshot
    assert plain.headers["ETag"] != etag
    stale = get(base, "/v1/catalog/snapshot", headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200

    raw = requests.get(
        base + "/v1/catalog/snapshot", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10
    )
    assert json.loads(gzip.decompress(raw.raw.read())) == snapshot


def test_snapshot_shape(base: str) -> None:
    response = get(base, "/v1/catalog/snapshot")
    decode_snapshot(response.content)
    snapshot = response.json()
    assert set(snapshot) == {
        "version",
        "interest_areas",
        "work_values",
        "skills",
        "technologies",
        "careers",
        "regional",
    }
    assert snapshot["version"] == get(base, "/v1/catalog").json()["version"]
    assert snapshot["interest_areas"] == ["R", "I", "A", "S", "E", "C"]
    assert len(snapshot["work_values"]) == 6 and len(snapshot["skills"]) == 35
    columns = snapshot["careers"]
    assert set(columns) == {
        "code",
        "title",
        "job_zone",
        "median_wage",
        "wage_top_coded",
        "wage_soc",
        "wage_title",
        "wage_scope",
        "wage_hourly_median",
        "interests",
        "high_point",
        "values",
        "skill_level",
        "skill_importance",
        "technologies",
    }
    assert all(len(column) == 923 for column in columns.values())
    # Actors: BLS publishes only an hourly median (A_MEDIAN '*', H_MEDIAN 23.33).
    actors = columns["code"].index("27-2011.00")
    assert columns["median_wage"][actors] is None and not columns["wage_top_coded"][actors]
    assert columns["wage_hourly_median"][actors] == 23.33
    assert sum(h is not None for h in columns["wage_hourly_median"]) == 4
    row = columns["code"].index("15-2051.00")
    detail = get(base, "/v1/careers/15-2051.00").json()
    assert columns["title"][row] == detail["title"]
    assert columns["median_wage"][row] == 112590
    assert columns["interests"][row] == [detail["interests"][a] for a in "RIASEC"]
    assert columns["high_point"][row] == "IC"
    names = [t["name"] for t in snapshot["technologies"]]
    techs = {names[i]: bool(flag) for i, flag in columns["technologies"][row]}
    assert techs == {t["name"]: t["in_demand"] for t in detail["technologies"]}
    assert sum(v is not None for v in columns["values"]) == 874
    assert sum(v is not None for v in columns["skill_level"]) == 879
    top = columns["code"].index("29-1022.00")
    assert columns["median_wage"][top] is None and columns["wage_top_coded"][top] is True


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/careers/99-9999.99", "/v1/careers/not-a-code"])
def test_unknown_career_is_404_json(base: str, path: str) -> None:
    response = get(base, path)
    assert response.status_code == 404
    body = response.json()
    assert ERROR_KEYS <= set(body) and body["code"] == 404 and body["status"] == "Not Found"


def test_unknown_skill_is_404_json(base: str) -> None:
    response = get(base, "/v1/skills/9.Z.9")
    assert response.status_code == 404 and response.json()["code"] == 404


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("job_zone=9", "job_zone"),
        ("job_zone=0", "job_zone"),
        ("job_zone=abc", "job_zone"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=x", "page"),
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("interest=X", "interest"),
        ("interest=RIAS", "interest"),
        ("interest=RR", "interest"),
        ("q=" + "a" * 201, "q"),
    ],
)
def test_bad_query_parameter_is_422_naming_it(base: str, query: str, param: str) -> None:
    response = get(base, "/v1/careers?" + query)
    assert response.status_code == 422
    body = response.json()
    assert ERROR_KEYS <= set(body) and body["code"] == 422
    assert param in body["errors"], body


def test_bad_skill_threshold_is_422(base: str) -> None:
    response = get(base, "/v1/skills/2.A.1.a?min_importance=9")
    assert response.status_code == 422 and "min_importance" in response.json()["errors"]


def test_wrong_method_is_405_json(base: str) -> None:
    response = requests.post(base + "/v1/careers", json={}, timeout=10)
    assert response.status_code == 405 and response.json()["code"] == 405


@pytest.mark.parametrize(
    "path",
    [
        "/v1/careers?q=%00",
        "/v1/careers?q=%F0%9F%98%80",
        "/v1/careers?q=%25%25%25&interest=%00",
        "/v1/careers?page=99999999999999999999",
        "/v1/careers?per_page=1e3",
        "/v1/careers/%2e%2e",
        "/v1/careers/" + "9" * 2000,
        "/v1/skills/2.A.1.a?min_importance=nan",
        "/v1/skills/2.A.1.a?min_importance=inf",
        "/v1/catalog/snapshot?x=1",
        "/v1/nothing",
    ],
)
def test_nothing_a_client_sends_is_a_500(base: str, path: str) -> None:
    response = get(base, path, headers={"Accept-Encoding": "gzip;q=banana", "If-None-Match": 'W/"'})
    assert response.status_code < 500
    assert response.headers["Content-Type"].startswith("application/json")


# --- service endpoints ---------------------------------------------------------------------


def test_openapi_documents_the_snapshot_from_its_type(base: str) -> None:
    """The OpenAPI document's snapshot schema is the contract's type: the served snapshot
    validates against it, and a value the type refuses is refused by it too."""
    spec = get(base, "/openapi.json").json()
    response = spec["paths"]["/v1/catalog/snapshot"]["get"]["responses"]["200"]
    reference = response["content"]["application/json"]["schema"]
    assert reference == {"$ref": "#/components/schemas/Snapshot"}
    validator = jsonschema.Draft202012Validator({**spec, **reference})
    snapshot = get(base, "/v1/catalog/snapshot").json()
    validator.validate(snapshot)
    wrong_zone = copy.deepcopy(snapshot)
    wrong_zone["careers"]["job_zone"][0] = 6
    wrong_tech = copy.deepcopy(snapshot)
    wrong_tech["careers"]["technologies"][0] = [[0, 1, 2]]
    for wrong in (wrong_zone, wrong_tech):
        assert not validator.is_valid(wrong)
        with pytest.raises(ContractError):
            decode_snapshot(json.dumps(wrong))


def test_openapi_and_docs(base: str) -> None:
    spec = get(base, "/openapi.json").json()
    for path in [
        "/v1/careers",
        "/v1/careers/{code}",
        "/v1/skills",
        "/v1/skills/{skill_id}",
        "/v1/catalog",
        "/v1/catalog/snapshot",
    ]:
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/v1/careers"]["get"]["parameters"]}
    assert {"q", "job_zone", "interest", "page", "per_page"} <= params
    assert get(base, "/docs").status_code == 200


def test_health_ready_and_metrics(base: str, catalog_service: HttpService) -> None:
    assert get(base, "/healthz").json() == {"status": "ok"}
    assert get(base, "/readyz").json() == {"status": "ready"}
    get(base, "/v1/catalog")
    metrics = get(catalog_service.metrics_url, "/metrics").text
    assert 'http_requests_total{endpoint="/v1/catalog",method="GET",status="200"}' in metrics
    assert get(catalog_service.metrics_url, "/readyz").status_code == 200
    # The public API no longer serves metrics.
    assert get(base, "/metrics").status_code == 404


# --- without the descriptions file ----------------------------------------------------------


@pytest.fixture(scope="module")
def bare_service(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[str]:
    """A second catalog server whose data folder has only the committed dataset."""
    data = tmp_path_factory.mktemp("bare-catalog")
    for name in ("catalog.json", "regional.json"):
        shutil.copy(REPO_ROOT / "services" / "catalog" / "data" / name, data)
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "CATALOG_DATA_DIR": str(data)},
        artifacts_dir / "logs" / "catalog-bare.log",
    )
    service.start()
    yield service.url
    service.stop()


def test_serves_without_descriptions(bare_service: str, base: str) -> None:
    assert get(bare_service, "/v1/catalog").json()["descriptions"] is False
    body = get(bare_service, "/v1/careers/15-2051.00").json()
    assert body["description"] is None and body["title"] == "Data Scientists"
    assert body["job_zone_detail"]["experience"] is None
    assert get(bare_service, "/readyz").status_code == 200
    same = get(base, "/v1/catalog/snapshot").headers["ETag"]
    assert get(bare_service, "/v1/catalog/snapshot").headers["ETag"] == same
