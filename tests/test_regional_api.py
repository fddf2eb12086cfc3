"""Regional pay over the catalog's real HTTP API: regions, ``region`` parameters, snapshot."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import requests

from shared.contract.snapshot import decode_snapshot
from shared.regions import REGIONS
from tests.support import REPO_ROOT, HttpService

pytestmark = pytest.mark.integration

BLS_STATE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
JOB_BANK = "Job Bank, Employment and Social Development Canada, wages 2024"


@pytest.fixture(scope="module")
def base(catalog_service: HttpService) -> str:
    return catalog_service.url


def get(base: str, path: str) -> requests.Response:
    return requests.get(base + path, timeout=10)


def ok(base: str, path: str) -> dict[str, Any]:
    response = get(base, path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_regions_list_iso_codes_currency_and_source(base: str) -> None:
    body = ok(base, "/v1/regions")
    assert body["count"] == 68 == len(REGIONS) + 1  # and the United Kingdom (GB)
    by_code = {r["code"]: r for r in body["items"]}
    assert by_code["US-CA"] == {
        "code": "US-CA",
        "name": "California",
        "country": "US",
        "kind": "state",
        "currency": "USD",
        "unit": "year",
        "source": by_code["US-CA"]["source"],
    }
    assert by_code["US-CA"]["source"].startswith(BLS_STATE)
    assert by_code["CA-ON"]["currency"] == "CAD" and by_code["CA-ON"]["unit"] == "hour"
    assert by_code["CA-ON"]["source"].startswith(JOB_BANK)
    assert "CA" not in by_code and "US" not in by_code
    assert by_code["GB"]["currency"] == "GBP" and by_code["GB"]["unit"] == "year"
    assert by_code["GB"]["source"].startswith("Office for National Statistics (ONS)")
    assert "EU pay is not shown" in body["not_covered"]


def test_detail_holds_state_and_canadian_figures(base: str) -> None:
    nurses = ok(base, "/v1/careers/29-1141.00")
    states = nurses["regional_pay"]["us_states"]["states"]
    assert states["US-CA"]["median"] == 140330 and states["US-MS"]["median"] == 74470
    assert states["US-CA"]["employment"] == 326720 and states["US-CA"]["pct90"] == 208880
    canada = nurses["regional_pay"]["canada"]
    assert canada["currency"] == "CAD" and canada["unit"] == "hour" and canada["nocs"] == ["31301"]
    assert canada["national"]["median"] == 42.0
    assert canada["provinces"]["CA-ON"] == {
        "low": 28.0,
        "median": 40.0,
        "high": 50.0,
        "nocs": ["31301"],
        "annual_median_estimate": 78000,
        "hours_per_year": 1950,
    }
    assert "local_pay" not in nurses


def test_detail_with_region_adds_local_pay(base: str) -> None:
    local = ok(base, "/v1/careers/15-2051.00?region=US-MS")["local_pay"]
    assert local["region"] == "US-MS" and local["currency"] == "USD" and local["unit"] == "year"
    assert local["figures"]["median"] == 69430 and local["source"].startswith(BLS_STATE)
    ontario = ok(base, "/v1/careers/15-2051.00?region=CA-ON")
    assert ontario["local_pay"]["figures"] is None  # Job Bank has no Ontario row
    assert ontario["regional_pay"]["canada"]["national"]["median"] == 44.1


def test_top_coded_state_cells_are_null_with_their_meaning(base: str) -> None:
    local = ok(base, "/v1/careers/11-1011.00?region=US-CA")["local_pay"]
    assert local["figures"]["median"] == 220600
    assert local["figures"]["pct75"] is None and local["figures"]["pct90"] is None
    assert "at least $239,200" in local["note"]


def test_list_with_region_shows_local_pay(base: str) -> None:
    body = ok(base, "/v1/careers?q=registered+nurse&region=US-CA&per_page=5")
    nurse = next(i for i in body["items"] if i["code"] == "29-1141.00")
    assert nurse["median_wage"] == 93600  # national, beside the local figure
    assert nurse["local_pay"]["figures"]["median"] == 140330
    assert "region=US-CA" in body["links"]["self"]
    plain = ok(base, "/v1/careers?per_page=1")
    assert "local_pay" not in plain["items"][0]


@pytest.mark.parametrize(
    "path",
    ["/v1/careers?region=CA", "/v1/careers?region=us-ca", "/v1/careers/15-2051.00?region=UK"],
)
def test_unknown_region_is_a_422_naming_the_parameter(base: str, path: str) -> None:
    response = get(base, path)
    assert response.status_code == 422
    body = response.json()
    assert "region" in body["message"] and "region" in body["errors"]


def test_snapshot_carries_regional_medians(base: str) -> None:
    snapshot = ok(base, "/v1/catalog/snapshot")
    assert decode_snapshot(json.dumps(snapshot))["regional"]["median"].keys() == {
        "CA",
        "GB",
        *(r.code for r in REGIONS),
    }
    codes = snapshot["careers"]["code"]
    medians = snapshot["regional"]["median"]
    assert snapshot["regional"]["hours_per_year"] == 1950
    committed = REPO_ROOT / "services" / "catalog" / "data" / "regional.json"
    assert (
        snapshot["regional"]["version"] == hashlib.sha256(committed.read_bytes()).hexdigest()[:12]
    )
    assert set(medians) == {r.code for r in REGIONS} | {"CA", "GB"}
    assert all(len(column) == len(codes) for column in medians.values())
    nurse, scientist = codes.index("29-1141.00"), codes.index("15-2051.00")
    assert medians["US-CA"][nurse] == 140330 and medians["US-MS"][scientist] == 69430
    assert medians["CA-ON"][nurse] == 40.0 and medians["CA"][scientist] == 44.1
    assert medians["CA-ON"][scientist] is None
    # the UK's annual pounds, with the UK group each figure is of
    lawyer = codes.index("23-1011.00")
    assert medians["GB"][lawyer] == 51624 and medians["GB"][scientist] is None
    groups = snapshot["regional"]["uk_group"]
    assert groups[lawyer] == ["2412", "Solicitors and lawyers"] and groups[scientist] is None


def test_skill_detail_with_region_shows_local_pay(base: str) -> None:
    body = ok(base, "/v1/skills/2.A.1.b?region=US-CA")  # Active Listening
    assert body["careers"]
    for career in body["careers"]:
        detail = ok(base, f"/v1/careers/{career['code']}?region=US-CA")
        assert career["local_pay"] == detail["local_pay"]
    assert "local_pay" not in ok(base, "/v1/skills/2.A.1.b")["careers"][0]
    assert get(base, "/v1/skills/2.A.1.b?region=CA").status_code == 422
