"""The regional pay build: identical to the committed file, faithful to the source rows.

The state file, the Job Bank file and the crosswalk are read again here, simply and
independently of the build, and a sample of careers and regions is compared figure by figure.
"""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path
from typing import Any

import pytest

from services.catalog import layout
from services.catalog.build import regional
from services.catalog.build.dataset import build
from tests.support import REPO_ROOT, onet_dir

pytestmark = pytest.mark.shared_data

COMMITTED = REPO_ROOT / "services" / "catalog" / "data" / "regional.json"


@pytest.fixture(scope="module")
def built(regional_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("regional-build")
    result = build(onet_dir(), out, regional_dir)
    assert result.regional_counts is not None
    data = (out / layout.REGIONAL_FILE).read_bytes()
    assert data == COMMITTED.read_bytes(), "regional.json is stale: run `make catalog`"
    document: dict[str, Any] = json.loads(data)
    codes = [c["code"] for c in document["careers"]]
    assert codes == sorted(codes) and len(codes) == 923
    document["careers"] = {c["code"]: c for c in document["careers"]}
    return document


def state_figures(row: dict[str, str]) -> list[int | None]:
    columns = ("TOT_EMP", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90")
    return [int(row[c]) if row[c] else None for c in columns]


def hourly(row: dict[str, str]) -> float | None:
    return float(row["H_MEDIAN"]) if row["H_MEDIAN"] else None


def test_regions_and_coverage(built: dict[str, Any]) -> None:
    codes = [r["code"] for r in built["regions"]]
    us = [c for c in codes if c.startswith("US-")]
    canada = [c for c in codes if c.startswith("CA-")]
    assert len(us) == 54 and {"US-CA", "US-MS", "US-DC", "US-PR", "US-GU", "US-VI"} <= set(us)
    assert len(canada) == 13 and {"CA-ON", "CA-QC", "CA-PE", "CA-YT"} <= set(canada)
    assert "CA" not in codes  # "CA" alone is Canada-wide data, never a place to live
    counts = regional.coverage({**built, "careers": list(built["careers"].values())})
    assert counts["careers"] == 923
    # 892 by their own SOC code, as in the national join; 18 by the group their national
    # figure comes from (e.g. Personal Care Aides by Home Health and Personal Care Aides).
    assert counts["with_state_rows"] == 910 and counts["with_group_state_rows"] == 18
    assert counts["state_hourly_only"] == 110 and counts["state_top_coded"] > 0
    assert counts["with_noc"] == 909  # as SOURCE.md says of the crosswalk
    assert 800 <= counts["with_canada_pay"] <= counts["with_noc"]


def test_state_sample_equals_the_source(
    built: dict[str, Any], states: dict[tuple[str, str], dict[str, str]]
) -> None:
    careers = built["careers"]
    sample = set(random.Random(12).sample(sorted(careers), 40)) | {"29-1141.00", "15-2051.00"}
    checked = 0
    for code in sorted(sample):
        for iso, figures in careers[code]["us"].items():
            row = states[(code[:7], iso[3:])]
            assert figures[:6] == state_figures(row) and figures[6] == hourly(row)
            checked += 1
        published = {s for (soc, s) in states if soc == code[:7]}
        assert {iso[3:] for iso in careers[code]["us"]} == published
    assert checked > 1000
    nurses = careers["29-1141.00"]["us"]
    assert nurses["US-CA"] == [326720, 100120, 119710, 140330, 172200, 208880, 67.47, "figure"]
    assert nurses["US-MS"][:6] == [29400, 58130, 64050, 74470, 83520, 104040]
    assert careers["15-2051.00"]["us"]["US-MS"][3] == 69430
    assert careers["15-2051.00"]["us"]["US-WA"][3] == 158760


def test_empty_and_top_coded_cells_stay_null(
    built: dict[str, Any], states: dict[tuple[str, str], dict[str, str]]
) -> None:
    careers = built["careers"]
    # Anesthesiologists in California: employment published, every wage cell empty; the
    # national median is top-coded ('#'), so the state's empty one reads as top-coded.
    row = states[("29-1211", "CA")]
    assert row["TOT_EMP"] == "4680" and row["A_MEDIAN"] == "" and row["H_MEDIAN"] == ""
    assert careers["29-1211.00"]["us"]["US-CA"] == [4680, *[None] * 6, "top_coded"]
    # Legislators in Arizona: every wage cell empty, the national median a figure: the
    # median is not published (never "at least $239,200").
    row = states[("11-1031", "AZ")]
    assert row["A_MEDIAN"] == row["H_MEDIAN"] == row["A_PCT10"] == ""
    assert careers["11-1031.00"]["us"]["US-AZ"] == [450, *[None] * 6, "not_published"]
    # Chief Executives in Connecticut: the median is empty but the 10th and 25th percentiles
    # are published, which BLS does only for a released row: the median is top-coded.
    row = states[("11-1011", "CT")]
    assert row["A_MEDIAN"] == "" and row["A_PCT25"] == "202070"
    assert careers["11-1011.00"]["us"]["US-CT"][-1] == "top_coded"
    # Actors in Texas: BLS publishes only an hourly median.
    assert careers["27-2011.00"]["us"]["US-TX"][3:] == [None, None, None, 20.26, "hourly_only"]
    # Chief Executives in California: the 75th and 90th percentiles are top-coded (the
    # median is already $220,600), and the file leaves them empty; so does the dataset.
    row = states[("11-1011", "CA")]
    assert row["A_MEDIAN"] == "220600" and row["A_PCT75"] == "" and row["A_PCT90"] == ""
    assert careers["11-1011.00"]["us"]["US-CA"][:6] == [36980, 87070, 142270, 220600, None, None]
    # Employment not published, wages published.
    row = states[("11-9032", "AL")]
    assert row["TOT_EMP"] == "" and row["A_MEDIAN"] == "96380"
    assert careers["11-9032.00"]["us"]["US-AL"][0] is None
    assert careers["11-9032.00"]["us"]["US-AL"][3] == 96380
    # Nothing anywhere is zero.
    assert all(
        value != 0
        for career in careers.values()
        for figures in career["us"].values()
        for value in figures
    )
    # Careers of a group's figure show that group's state rows, and say whose they are.
    aides = careers["31-1122.00"]
    assert aides["us_soc"] == "31-1120" and aides["us"]["US-TX"][3] == 23470


def test_canada_sample_equals_the_source(
    built: dict[str, Any],
    jobbank: dict[tuple[str, str], dict[str, str]],
    crosswalk: dict[str, list[str]],
) -> None:
    areas = {iso: er for er, iso in regional.CANADA_AREAS.items()}
    careers = built["careers"]
    sample = set(random.Random(21).sample(sorted(careers), 60)) | {"29-1141.00", "15-2051.00"}
    several = 0
    for code in sorted(sample):
        nocs = sorted(set(crosswalk.get(code, [])))
        assert careers[code]["nocs"] == nocs
        for iso, er in areas.items():
            rows = [jobbank[(n, er)] for n in nocs if (n, er) in jobbank]
            got = careers[code]["canada"].get(iso)
            if not rows:
                assert got is None
                continue
            several += len(rows) > 1
            expected = [
                round(statistics.median(float(r[f"{k}_Wage_2024"]) for r in rows), 2)
                for k in ("Low", "Median", "High")
            ]
            assert got == [*expected, sorted(r["NOC_2021"] for r in rows)]
    assert several > 0
    nurses = careers["29-1141.00"]["canada"]
    assert nurses["CA-ON"] == [28.0, 40.0, 50.0, ["31301"]]
    assert nurses["CA"] == [29.0, 42.0, 51.08, ["31301"]]
    scientists = careers["15-2051.00"]["canada"]
    assert "CA-ON" not in scientists  # Job Bank has no Ontario row for NOC 21211
    assert scientists["CA"] == [29.74, 44.1, 64.9, ["21211"]]


def test_crosswalk_rule_on_a_career_several_nocs_map_to(
    built: dict[str, Any], jobbank: dict[tuple[str, str], dict[str, str]]
) -> None:
    # Financial Managers (11-3031.00) map to NOC 10010, 10020 and 10021.
    career = built["careers"]["11-3031.00"]
    assert career["nocs"] == ["10010", "10020", "10021"]
    medians = sorted(float(jobbank[(n, "ER00")]["Median_Wage_2024"]) for n in career["nocs"])
    lows = sorted(float(jobbank[(n, "ER00")]["Low_Wage_2024"]) for n in career["nocs"])
    low, median, high, used = career["canada"]["CA"]
    assert used == ["10010", "10020", "10021"]
    assert median == medians[1] and low == lows[1]  # the middle one of three
    # An even count takes the mean of the middle two.
    assert layout.median_over_nocs([30.0, 40.0, 41.0, 90.0]) == 40.5
    combined = regional.combine_nocs({"1": (10.0, 20.0, 30.0), "2": (12.0, 25.0, 31.0)})
    assert combined == [11.0, 22.5, 30.5, ["1", "2"]]
