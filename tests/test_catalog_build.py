"""The catalog build: deterministic, identical to the committed dataset, faithful to the source.

The source files are parsed again here, simply and independently of the build, and a
sample of occupations is compared figure by figure.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from services.catalog.build.dataset import build
from tests.support import REPO_ROOT, onet_dir

pytestmark = pytest.mark.shared_data

COMMITTED = REPO_ROOT / "services" / "catalog" / "data" / "catalog.json"
LETTERS = {"1": "R", "2": "I", "3": "A", "4": "S", "5": "E", "6": "C"}


def read_tab(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def source() -> Path:
    return onet_dir()


@pytest.fixture(scope="module")
def built(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog-build")
    build(source, out)
    return out


@pytest.fixture(scope="module")
def dataset(built: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built / "catalog.json").read_bytes())
    return data


@pytest.fixture(scope="module")
def careers(dataset: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["code"]: c for c in dataset["careers"]}


@pytest.fixture(scope="module")
def oews(source: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (source / "oews" / "national_M2024_dl.csv").open(encoding="utf-8-sig") as handle:
        return {(r["OCC_CODE"], r["O_GROUP"]): r for r in csv.DictReader(handle)}


def test_build_matches_the_committed_dataset(built: Path) -> None:
    assert COMMITTED.is_file(), "run `make catalog` and commit services/catalog/data/catalog.json"
    assert (built / "catalog.json").read_bytes() == COMMITTED.read_bytes(), (
        "the committed dataset is stale: run `make catalog`"
    )


def test_build_is_deterministic(source: Path, built: Path, tmp_path: Path) -> None:
    result = build(source, tmp_path)
    for name in ("catalog.json", "descriptions.json"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name
    assert result.seconds < 30
    assert result.version.startswith("29.3-2024.05-")


def test_counts(dataset: dict[str, Any], source: Path) -> None:
    data_level = {r["O*NET-SOC Code"] for r in read_tab(source / "Interests.txt")}
    careers = dataset["careers"]
    assert len(careers) == len(data_level) == 923
    assert [c["code"] for c in careers] == sorted(data_level)
    assert sum(c["skills"] is not None for c in careers) == 879
    assert sum(c["values"] is not None for c in careers) == 874
    assert sum(c["job_zone"] is not None for c in careers) == 923
    wages = [c["wage"] for c in careers]
    detailed = [w for w in wages if w and not w["from_broad"]]
    broad = [w for w in wages if w and w["from_broad"]]
    assert len(detailed) == 892
    assert sum(w["annual"]["median"] is not None for w in detailed) == 867
    assert len(broad) == 30
    assert all(w["group"] == "broad" and w["soc"].endswith("0") for w in broad)
    assert sum(w is None for w in wages) == 1
    assert len(dataset["skills"]) == 35
    assert len(dataset["work_values"]) == 6
    assert [z["zone"] for z in dataset["job_zones"]] == [1, 2, 3, 4, 5]
    zone_counts = [sum(c["job_zone"] == z for c in careers) for z in range(1, 6)]
    assert zone_counts == [31, 295, 219, 224, 154]


def test_sample_equals_the_source(
    source: Path,
    careers: dict[str, dict[str, Any]],
    dataset: dict[str, Any],
    oews: dict[tuple[str, str], dict[str, str]],
) -> None:
    sample = set(random.Random(2024).sample(sorted(careers), 25)) | {"15-2051.00", "11-1011.00"}
    skill_ids = [s["id"] for s in dataset["skills"]]
    value_ids = [v["id"] for v in dataset["work_values"]]
    titles = {r["O*NET-SOC Code"]: r["Title"] for r in read_tab(source / "Occupation Data.txt")}
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in read_tab(source / "Job Zones.txt")}

    def ratings(name: str) -> dict[tuple[str, str, str], float]:
        return {
            (r["O*NET-SOC Code"], r["Element ID"], r["Scale ID"]): float(r["Data Value"])
            for r in read_tab(source / name)
            if r["O*NET-SOC Code"] in sample
        }

    interests, skills, values = (
        ratings("Interests.txt"),
        ratings("Skills.txt"),
        ratings("Work Values.txt"),
    )
    checked: defaultdict[str, int] = defaultdict(int)
    for code in sorted(sample):
        career = careers[code]
        assert career["title"] == titles[code]
        assert career["job_zone"] == zones[code]
        for i, letter in enumerate("abcdef"):
            assert career["interests"][i] == interests[(code, f"1.B.1.{letter}", "OI")]
            checked["interest"] += 1
        high = "".join(
            LETTERS.get(str(int(interests[(code, f"1.B.1.{x}", "IH")])), "") for x in "ghi"
        )
        assert career["high_point"] == high
        if (code, skill_ids[0], "IM") in skills:
            for i, skill in enumerate(skill_ids):
                assert career["skills"]["importance"][i] == skills[(code, skill, "IM")]
                assert career["skills"]["level"][i] == skills[(code, skill, "LV")]
                checked["skill"] += 1
        else:
            assert career["skills"] is None
        if (code, value_ids[0], "EX") in values:
            assert career["values"] == [values[(code, v, "EX")] for v in value_ids]
            checked["value"] += 1
        else:
            assert career["values"] is None
        row = oews.get((code[:7], "detailed"))
        if row is None:
            row = oews[(code[:6] + "0", "broad")]
            assert career["wage"]["from_broad"] is True
        assert career["wage"]["soc"] == row["OCC_CODE"]
        median = row["A_MEDIAN"]
        if median.isdigit():
            assert career["wage"]["annual"]["median"] == int(median)
            checked["wage"] += 1
        else:
            assert career["wage"]["annual"]["median"] is None
            assert ("median" in career["wage"]["top_coded"]) == (median == "#")
            assert ("median" in career["wage"]["not_available"]) == (median == "*")
    assert checked["interest"] == 6 * len(sample)
    assert checked["skill"] >= 35 * 20 and checked["value"] >= 20 and checked["wage"] >= 20


def test_top_coded_and_missing_wages_are_explicit(
    careers: dict[str, dict[str, Any]], oews: dict[tuple[str, str], dict[str, str]]
) -> None:
    seen = {"#": 0, "*": 0}
    for code, career in careers.items():
        row = oews.get((code[:7], "detailed"))
        if row is None or career["wage"]["from_broad"]:
            continue
        for key, column in (("median", "A_MEDIAN"), ("pct90", "A_PCT90"), ("mean", "A_MEAN")):
            value = row[column]
            if value == "#":
                seen["#"] += 1
                assert career["wage"]["annual"][key] is None
                assert key in career["wage"]["top_coded"]
            elif value == "*":
                seen["*"] += 1
                assert career["wage"]["annual"][key] is None
                assert key in career["wage"]["not_available"]
            else:
                assert career["wage"]["annual"][key] == int(value)
    assert seen["#"] > 0 and seen["*"] > 0
    dentists = careers["29-1022.00"]["wage"]
    assert dentists["annual"]["median"] is None and "median" in dentists["top_coded"]
    actors = careers["27-2011.00"]["wage"]
    assert actors["hourly_only"] is True and "median" in actors["not_available"]
    assert actors["hourly_median"] is not None


def test_broad_fallback_is_marked(careers: dict[str, dict[str, Any]]) -> None:
    wage = careers["13-1021.00"]["wage"]
    assert wage["from_broad"] is True and wage["soc"] == "13-1020" and wage["group"] == "broad"
    assert wage["annual"]["median"] is not None
    assert careers["15-2051.00"]["wage"]["from_broad"] is False
    assert careers["15-2051.00"]["wage"]["annual"]["median"] == 112590


def test_sentences_stay_out_of_the_committed_dataset(source: Path, built: Path) -> None:
    committed = (built / "catalog.json").read_text(encoding="utf-8")
    descriptions = json.loads((built / "descriptions.json").read_bytes())
    occupation = read_tab(source / "Occupation Data.txt")[0]
    assert occupation["Description"] not in committed
    assert (
        descriptions["careers"][occupation["O*NET-SOC Code"]]["description"]
        == (occupation["Description"])
    )
    zone = read_tab(source / "Job Zone Reference.txt")[0]
    for column in ("Experience", "Education", "Job Training", "Examples"):
        assert zone[column] not in committed
    assert descriptions["job_zones"]["1"]["experience"] == zone["Experience"]
    task = read_tab(source / "Task Statements.txt")[0]
    assert task["Task"] not in committed
    assert "Understanding written sentences" not in committed  # element descriptions
    assert str(REPO_ROOT) not in committed and str(source) not in committed


def test_cli_builds_and_reports(source: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.catalog",
            "build",
            "--onet-dir",
            str(source),
            "--out",
            str(tmp_path),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "careers: 923" in proc.stdout and "catalog.json" in proc.stdout
    assert (tmp_path / "catalog.json").read_bytes() == COMMITTED.read_bytes()


def test_cli_fails_cleanly_without_data(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.catalog",
            "build",
            "--onet-dir",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "build failed: missing source file" in proc.stderr
