"""Local pay says what BLS says, for every career in every US state and territory.

The staged state and national files are read again here, simply and independently of the
build; the matcher's ``local_pay`` (what a person reads) is made from the committed catalog
for every career x every state and compared with them: the state figure of the career's own
SOC code, else of the group its national figure comes from; an hourly-only figure with its
annual equivalent; a top-coded one only where the same SOC's national median is or the row
publishes a lower percentile; otherwise said to be unpublished, never "at least $239,200".
"""

from __future__ import annotations

import json
import math
from functools import cache
from typing import Any

import numpy as np
import pytest

from services.catalog.build import sources
from services.catalog.serve.store import load_store
from services.matcher import catalog_arrays, explain, regional
from services.matcher.profile import Profile
from shared import pay
from shared.contract.snapshot import decode_snapshot
from shared.regions import REGIONS, US
from tests.support import REPO_ROOT, onet_dir, read_csv

pytestmark = pytest.mark.shared_data


@cache
def catalog() -> catalog_arrays.CatalogArrays:
    store = load_store(REPO_ROOT / "services" / "catalog" / "data")
    return catalog_arrays.catalog_arrays(decode_snapshot(json.dumps(store.snapshot())))


@pytest.fixture(scope="module")
def national() -> dict[str, dict[str, str]]:
    return national_rows()


@cache
def national_rows() -> dict[str, dict[str, str]]:
    """The national OEWS rows by SOC code, detailed rows over broad ones."""
    rows = read_csv(onet_dir() / sources.OEWS_FILE)
    by_soc = {r["OCC_CODE"]: r for r in rows if r["O_GROUP"] == "broad"}
    by_soc.update({r["OCC_CODE"]: r for r in rows if r["O_GROUP"] == "detailed"})
    return by_soc


def national_soc(code: str, national: dict[str, dict[str, str]]) -> str | None:
    """The SOC code of a career's national figure: its own, else its broad group's."""
    own = code[:7]
    if own in national and national[own]["O_GROUP"] == "detailed":
        return own
    broad = own[:6] + "0"
    return broad if broad in national else None


def expected(
    code: str, state: str, states: dict[tuple[str, str], dict[str, str]], national: Any
) -> tuple[str, str | None, dict[str, Any]]:
    """What BLS says of ``code`` in ``state``: (reading, SOC used, figures)."""
    group = national_soc(code, national)
    soc = code[:7] if (code[:7], state) in states else group
    row = states.get((soc, state)) if soc else None
    if row is not None and row["A_MEDIAN"]:
        return "figure", soc, {"median": float(row["A_MEDIAN"])}
    if row is not None and row["H_MEDIAN"]:
        hourly = float(row["H_MEDIAN"])
        return "hourly_only", soc, {"hourly_median": hourly, "annual_equivalent": hourly * 2080}
    # A row with neither median is top-coded when the national one is, or when it publishes
    # a lower percentile (BLS withholds a row's wages all together); no row: not published.
    top = row is not None and (
        (soc in national and national[soc]["A_MEDIAN"] == "#")
        or bool(row["A_PCT10"] or row["A_PCT25"])
    )
    return ("top_coded" if top else "not_published"), soc, {}


def test_every_career_in_every_state_reads_as_bls_says(
    states: dict[tuple[str, str], dict[str, str]], national: dict[str, dict[str, str]]
) -> None:
    arrays = catalog()
    seen: dict[str, int] = {}
    for place_region in (r for r in REGIONS if r.country == US):
        place = regional.place_from_answers({"location": place_region.code})
        assert place is not None
        pay = regional.pay_limit(place, arrays)
        assert pay is not None
        state = place_region.code[3:]
        for i, code in enumerate(arrays.codes):
            local = pay.details(i)
            reading, soc, figures = expected(code, state, states, national)
            seen[reading] = seen.get(reading, 0) + 1
            where = f"{code} in {state}"
            assert local["reading"] == reading, where
            sentence = local["sentence"]
            if reading == "figure":
                assert local["median"] == figures["median"], where
                assert f"in {place_region.name} is ${figures['median']:,.0f}" in sentence, where
            else:
                assert local["median"] is None, where
            if reading == "hourly_only":
                assert local["hourly_median"] == figures["hourly_median"], where
                assert local["annual_equivalent"] == round(figures["annual_equivalent"]), where
                assert f"${figures['hourly_median']:,.2f} an hour" in sentence, where
                assert "2,080 hours" in sentence, where
            if reading == "not_published":
                assert f"no median pay for this career in {place_region.name}" in sentence
            if "top_coded" not in (reading, local["country_reading"]):
                assert "239,200" not in sentence, where
            if reading != "not_published" and soc != code[:7]:
                assert soc is not None and soc in sentence, where  # whose figure it is
    assert sum(seen.values()) == len(arrays) * 54
    # Every reading occurs; far more figures than anything else.
    assert seen["figure"] > 35000 and min(seen.values()) > 50, seen


@pytest.mark.parametrize(
    ("code", "median", "hourly", "group"),
    [
        ("31-1122.00", 23470, None, "31-1120"),  # Personal Care Aides: the aides' group
        ("39-7012.00", 30050, None, "39-7010"),  # Travel Guides: Tour and Travel Guides
        ("27-2011.00", None, 20.26, None),  # Actors: BLS publishes only hourly pay
        ("27-2091.00", None, 10.64, None),  # Disc Jockeys, Except Radio: the same
    ],
)
def test_the_texas_teens_careers(
    code: str, median: int | None, hourly: float | None, group: str | None
) -> None:
    arrays = catalog()
    place = regional.place_from_answers({"location": "US-TX"})
    assert place is not None
    pay = regional.pay_limit(place, arrays)
    assert pay is not None
    local = pay.details(arrays.codes.index(code))
    assert local["median"] == median and local["hourly_median"] == hourly
    assert "Not published" not in local["sentence"] and "239,200" not in local["sentence"]
    if hourly is not None:
        assert local["reading"] == "hourly_only"
        assert f"${hourly:.2f} an hour" in local["sentence"]
        assert f"${round(hourly * 2080):,} a year at 2,080 hours" in local["sentence"]
    if group is not None:
        assert local["whose"] is not None and group in local["whose"]
        assert f"{group}), the broader group" in local["sentence"]


def test_a_reading_tells_the_four_apart() -> None:
    assert pay.reading(50000, 24.0, False) == "figure"
    assert pay.reading(None, 20.26, False) == "hourly_only"
    assert pay.reading(None, None, True) == "top_coded"
    assert pay.reading(None, None, False) == "not_published"
    assert pay.annual_equivalent(20.26) == 42141  # 20.26 x 2,080
    # An empty state cell is top-coded only on evidence; else it is not published.
    assert pay.state_reading(None, None, "figure") == "not_published"
    assert pay.state_reading(None, None, None) == "not_published"
    assert pay.state_reading(None, None, "top_coded") == "top_coded"
    assert pay.state_reading(None, None, "figure", lower_published=True) == "top_coded"


def test_national_hourly_only_pay_is_checked_by_its_annual_equivalent() -> None:
    profile = Profile(np.zeros(6), True, "", None, {}, None, 150000.0)
    said = explain.pay_check(profile, math.nan, False, "own", hourly=23.33)
    assert said is not None and said.startswith("Below your minimum of $150,000 a year")
    assert "hourly median at 2,080 hours a year ($48,526)" in said
    none = explain.pay_check(profile, math.nan, False, "own")
    assert none is not None and "239,200" not in none and "could not be checked" in none
