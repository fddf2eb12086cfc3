"""Unit and property tests of what a result says: standout areas, reasons, labels, pay, limits."""

from __future__ import annotations

import csv
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.catalog.serve.store import load_store
from services.matcher import certainty, explain
from services.matcher.catalog_arrays import catalog_arrays
from services.matcher.profile import (
    AREA_MIDDLE,
    LEVEL_ANCHORS,
    LEVEL_CUTS,
    LEVEL_LABEL_POINTS,
    build_profile,
    level_label,
)
from services.matcher.result import match
from shared.contract.onet import INTEREST_AREAS, INTEREST_NAMES, ONET_SKILLS
from shared.contract.result import check_result
from tests.support import REPO_ROOT, onet_dir
from tests.synthetic import (
    FULL_WEIGHTS,
    PROPERTY,
    SKILL_IDS,
    answers_for,
    catalogs,
    quiz_items,
    snapshot,
)

LEVEL5 = ["None yet", "Beginner", "Capable", "Advanced", "Expert"]


def labelled_items(**kwargs: Any) -> list[dict[str, Any]]:
    items = quiz_items(**kwargs)
    for item in items:
        if item["kind"] == "skill":
            item["labels"] = LEVEL5
    return items


# --- standout areas and the profile's notes -----------------------------------------------


def test_only_areas_above_the_middle_stand_out() -> None:
    # Short quiz as in the issue: every Investigative item at 4, every other at 1.
    items = quiz_items(per_area=5, values=False, skills=False)
    others = {a: [1] for a in INTEREST_AREAS if a != "I"}
    profile = build_profile(answers_for(items, {"I": [4], **others}), items, skill_ids=SKILL_IDS)
    assert len(profile.code) == 3 and profile.code[0] == "I"
    assert profile.strong == "I"
    notes = explain.profile_notes(profile)
    assert notes[0].startswith("Only Investigative (40 of 40) stands out")
    assert "Realistic" not in " ".join(notes)


def test_no_area_standing_out_is_said_plainly() -> None:
    items = quiz_items(per_area=5, values=False, skills=False)
    areas = {"R": [1], "I": [2], "A": [0], "S": [0], "E": [1, 0], "C": [0]}
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    assert profile.strong == "" and not profile.flat
    assert explain.profile_notes(profile)[0].startswith("No area stands out")


def test_three_standout_areas_are_the_strongest_interests() -> None:
    items = quiz_items(values=False, skills=False)
    areas = {"R": [4], "I": [3], "A": [0], "S": [0], "E": [1], "C": [4, 3]}
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    assert profile.strong == "RCI"
    assert explain.profile_notes(profile)[0] == (
        "Your strongest interests are Realistic (40 of 40), Conventional (35 of 40) and "
        "Investigative (30 of 40)."
    )


# --- reasons never call a low-rated area "like you" ---------------------------------------

answers_0_4 = st.lists(st.integers(0, 4), min_size=1, max_size=4)


@PROPERTY
@given(
    catalogs(min_size=3, max_size=15),
    st.fixed_dictionaries({a: answers_0_4 for a in INTEREST_AREAS}),
)
def test_no_reason_names_a_low_rated_area_as_a_likeness(
    snap: dict[str, Any], areas: dict[str, list[int]]
) -> None:
    items = labelled_items()
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    doc = check_result(match(profile, catalog_arrays(snap), FULL_WEIGHTS))
    low = {INTEREST_NAMES[a] for a in INTEREST_AREAS if profile.area_score(a) < AREA_MIDDLE}
    assert all(profile.area_score(a) > AREA_MIDDLE for a in profile.strong)
    assert set(profile.strong) <= set(profile.code)
    for m in doc["matches"]:
        for reason in m["reasons"]:
            # split off the clause that marks a difference; what is left claims no low area
            claim = reason.split("; it also leans")[0]
            claim = re.sub(r"It leans [A-Za-z, ]+, which you rated low", "", claim)
            named = {name for name in INTEREST_NAMES.values() if name in claim}
            if claim.startswith(("Like you", "It leans", "Its mix")):
                assert not (named & low), (reason, profile.interests.tolist())
    for note in doc["profile"]["notes"]:
        if note.startswith(("Your strongest", "Only")):
            assert not any(name in note for name in low)


# --- the intro names exactly the parts asked ----------------------------------------------


@PROPERTY
@given(st.fixed_dictionaries({a: answers_0_4 for a in INTEREST_AREAS}), st.booleans())
def test_the_short_quiz_intro_never_mentions_values_or_skills(
    areas: dict[str, list[int]], limits: bool
) -> None:
    items = quiz_items(per_area=5, values=False, skills=False)
    prefs = {"max_job_zone": 3, "min_annual_wage": 40000} if limits else {}
    profile = build_profile(answers_for(items, areas, **prefs), items, skill_ids=SKILL_IDS)
    text = explain.intro(profile, {"interests": 1.0})
    assert "value" not in text and "skill" not in text
    if certainty.separates(profile, ["interests"]):
        assert "from your interests." in text
    else:
        assert text.startswith(certainty.NOT_RANKED_INTRO)
    assert ("limits come first" in text) == limits


def test_the_full_quiz_intro_names_all_three_parts() -> None:
    items = labelled_items(preferences=False)
    profile = build_profile(answers_for(items, {"R": [4]}), items, skill_ids=SKILL_IDS)
    assert explain.intro(profile, FULL_WEIGHTS) == (
        "Ranked by match score (0 to 100), from your interests, what you value at work and "
        "your skills."
    )


# --- skill levels on the item's own labels ------------------------------------------------


def test_level_cut_points_come_from_onet_level_scale_anchors() -> None:
    path = onet_dir() / "Level Scale Anchors.txt"
    skill_ids = {element for element, _ in ONET_SKILLS}
    anchors: dict[str, set[float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["Element ID"] in skill_ids and row["Scale ID"] == "LV":
                anchors.setdefault(row["Element ID"], set()).add(float(row["Anchor Value"]))
    assert set(anchors) == skill_ids
    # every skill is anchored at the same three levels: they are the middle labels' points
    assert {tuple(sorted(v)) for v in anchors.values()} == {LEVEL_ANCHORS}
    assert LEVEL_LABEL_POINTS == (0.0, *LEVEL_ANCHORS, 7.0)
    assert LEVEL_CUTS == (1.0, 3.0, 5.0, 6.5)


@pytest.mark.parametrize(
    ("level", "label"),
    [
        (0.0, "None yet"),
        (0.99, "None yet"),
        (1.0, "Beginner"),
        (2.0, "Beginner"),
        (3.1, "Capable"),
        (4.0, "Capable"),
        (5.0, "Advanced"),
        (6.0, "Advanced"),
        (6.5, "Expert"),
        (7.0, "Expert"),
    ],
)
def test_onet_levels_read_as_the_nearest_label(level: float, label: str) -> None:
    assert level_label(level, LEVEL5) == label


def test_level_label_on_other_scales_splits_evenly() -> None:
    assert level_label(7.0, ["low", "high"]) == "high"
    assert level_label(3.0, ["low", "high"]) == "low"
    assert level_label(3.0, []) is None


def test_skill_gaps_speak_the_items_labels_and_keep_the_onet_level() -> None:
    catalog = catalog_arrays(
        snapshot(
            [
                {
                    "code": "11-0001.00",
                    "interests": [7, 6, 1, 1, 2, 3],
                    "skill_level": [5.1, 3.2, 2.0, 4.0, 7.0],
                    "skill_importance": [4.0, 2.0, 5.0, 5.0, 5.0],
                }
            ]
        )
    )
    items = labelled_items()
    profile = build_profile(answers_for(items, skills=[1, 2, 1, 4]), items, skill_ids=SKILL_IDS)
    doc = match(profile, catalog, FULL_WEIGHTS)
    gaps = doc["matches"][0]["skill_gaps"]
    # Reading 5.1 = Advanced > Beginner; Math 3.2 = Capable = Capable (no gap on the
    # person's scale); Science 2.0 = Beginner; Repairing Expert.
    assert [g["id"] for g in gaps] == ["2.A.1.a"]
    assert gaps[0]["text"] == (
        "Reading Comprehension: you said Beginner; it usually needs about Advanced."
    )
    assert gaps[0]["required_level"] == 5.1 and gaps[0]["your_level"] == 1.75
    assert "Persuasion" not in str(gaps) and "of 7" not in gaps[0]["text"]


# --- pay: whose figure it is ----------------------------------------------------------------


def test_a_group_wage_says_whose_it_is_and_the_minimum_is_checked_without_the_figure() -> None:
    assert explain.pay_whose("group", "11-9121", "Natural Sciences Managers") == (
        "pay of Natural Sciences Managers (11-9121), the group this career belongs to"
    )
    assert "broader group" in str(explain.pay_whose("broad", "29-2010", "Clinical Lab Techs"))
    assert explain.pay_whose("own", "15-2041", "Statisticians") is None
    items = quiz_items(values=False, skills=False)
    profile = build_profile(
        answers_for(items, {"R": [4]}, min_annual_wage=90000), items, skill_ids=SKILL_IDS
    )
    assert explain.pay_check(profile, 161180.0, False, "group") == (
        "Meets your minimum of $90,000 a year: checked against its group's US national median pay."
    )
    assert explain.pay_check(profile, 50000.0, False, "own") == (
        "Below your minimum of $90,000 a year: checked against its US national median pay."
    )
    assert str(explain.pay_check(profile, math.nan, True, "own")).startswith("Meets")
    unknown = str(explain.pay_check(profile, math.nan, False, "own"))
    assert unknown.startswith("Your minimum of $90,000 a year could not be checked: BLS")
    free = build_profile(answers_for(items, {"R": [4]}), items, skill_ids=SKILL_IDS)
    assert explain.pay_check(free, 50000.0, False, "own") is None


def test_pay_is_in_the_pay_fields_once_and_never_in_the_reasons() -> None:
    snap = snapshot(
        [
            {"code": "11-0001.00", "interests": [7, 6, 1, 1, 2, 3]},
            {"code": "11-0002.00", "interests": [7, 6, 1, 1, 2, 2]},
        ]
    )
    snap["careers"]["wage_soc"] = ["11-0000", "11-0002"]
    snap["careers"]["wage_title"] = ["Group Managers", "Second"]
    snap["careers"]["wage_scope"] = ["group", "own"]
    items = quiz_items(values=False, skills=False)
    profile = build_profile(
        answers_for(items, {"R": [4]}, min_annual_wage=40000), items, skill_ids=SKILL_IDS
    )
    doc = check_result(match(profile, catalog_arrays(snap), {"interests": 1.0}))
    by_code = {m["code"]: m for m in doc["matches"]}
    assert by_code["11-0001.00"]["pay_source"] == {
        "soc": "11-0000",
        "title": "Group Managers",
        "scope": "group",
        "text": "pay of Group Managers (11-0000), the group this career belongs to",
    }
    assert by_code["11-0002.00"]["pay_source"]["scope"] == "own"
    for m in doc["matches"]:
        assert m["median_wage"] == 50000 and m["pay_check"] is not None
        assert not any("pay" in r.lower() or "$" in r for r in m["reasons"]), m["reasons"]


# --- claims about a career's interests: its high points only -------------------------------


def test_high_points_are_the_levels_near_the_highest_and_above_the_middle() -> None:
    # Childcare Workers (39-9011.00): Social 5.94; Conventional 3.61, Artistic 3.52 are not
    assert explain.high_points([3.35, 1.3, 3.52, 5.94, 2.92, 3.61]) == "S"
    assert explain.high_points([2.16, 6.99, 2.59, 1.66, 1.71, 6.2]) == "IC"
    assert explain.high_points([5.0, 5.0, 5.0, 5.0, 1.0, 1.0]) == "RIA"  # three at most
    assert explain.high_points([3.9, 3.5, 1.0, 1.0, 1.0, 1.0]) == ""  # none reaches the middle


CLAIM_PERSONS = [{a: [4]} for a in INTEREST_AREAS] + [
    {"A": [4], "S": [4], "R": [0], "I": [0], "E": [1], "C": [1]},  # the Texas teen
    {"I": [4], "C": [4], "R": [1], "A": [0], "S": [0], "E": [1]},  # the data person
    {"S": [4], "A": [3], "C": [3], "R": [0], "I": [0], "E": [0]},
    {"R": [4], "E": [3], "I": [2], "A": [0], "S": [0], "C": [1]},
]
PERSON_SIDE = re.compile(r", unlike your (strongest interests|highest-rated areas), [^;.]*")


def career_high_points(levels: list[float]) -> set[str]:
    """The cut as docs/matching.md states it, written out again: within 1 of the career's
    highest level and at least 4 (the middle of O*NET's 1-7 scale)."""
    highest = max(levels)
    return {
        INTEREST_NAMES[a]
        for a, x in zip(INTEREST_AREAS, levels, strict=True)
        if x >= highest - 1.0 and x >= 4.0
    }


@pytest.mark.parametrize("areas", CLAIM_PERSONS)
def test_no_reason_claims_an_area_outside_the_careers_high_points(
    areas: dict[str, list[int]],
) -> None:
    """Every career of the catalog, ranked for a person: each interest area a reason says
    the career is (strongly, leans) is one of its high points, and "Like you" names only
    areas that stand out for the person too."""
    catalog = catalog_arrays(load_store(REPO_ROOT / "services" / "catalog" / "data").snapshot())
    items = quiz_items(values=False, skills=False)
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    doc = match(profile, catalog, {"interests": 1.0}, top_n=len(catalog))
    strong = {INTEREST_NAMES[a] for a in doc["profile"]["strong_areas"]}
    checked = 0
    for m in doc["matches"]:
        i = catalog.codes.index(m["code"])
        high = career_high_points(catalog.interests[i].tolist())
        for reason in m["reasons"]:
            career_side = PERSON_SIDE.sub("", reason)
            named = {n for n in INTEREST_NAMES.values() if n in career_side}
            assert named <= high, (m["title"], reason, high)
            if reason.startswith("Like you, it is strongly"):
                liked = {n for n in named if n in reason.split(";")[0]}
                assert liked and liked <= strong, (m["title"], reason, strong)
            checked += bool(named)
    assert checked > len(catalog) // 2


# --- what the limits cost -------------------------------------------------------------------


def test_careers_left_out_by_the_limits_are_named_with_the_limit_they_break() -> None:
    peaked = [7.0, 6.0, 1.0, 1.0, 2.0, 3.0]
    rows = [{"code": "15-2041.00", "interests": peaked, "job_zone": 5, "median_wage": 100000}]
    rows += [
        {"code": f"11-10{i:02d}.00", "interests": [6.0, 4.0, 3.0, 3.0, 4.0, 4.0], "job_zone": 3}
        for i in range(12)
    ]
    snap = snapshot(rows)
    snap["careers"]["title"][0] = "Statisticians"
    items = quiz_items(values=False, skills=False)
    profile = build_profile(
        answers_for(items, {"R": [4], "I": [3], "A": [0], "S": [0]}, max_job_zone=4),
        items,
        skill_ids=SKILL_IDS,
    )
    doc = check_result(match(profile, catalog_arrays(snap), {"interests": 1.0}))
    beyond = doc["beyond_limits"]
    assert [c["code"] for c in beyond["careers"]] == ["15-2041.00"]
    assert beyond["careers"][0]["reason"] == (
        "Statisticians would fit you well; it usually needs a graduate degree (Job Zone 5)."
    )
    assert beyond["careers"][0]["limits_broken"] == ["max_job_zone"]
    assert beyond["note"] is not None and "1 career " in beyond["note"]
    # without limits there is nothing to say
    free = build_profile(answers_for(items, {"R": [4], "I": [3]}), items, skill_ids=SKILL_IDS)
    assert match(free, catalog_arrays(snap), {"interests": 1.0})["beyond_limits"] == {
        "note": None,
        "careers": [],
    }
    assert not math.isnan(beyond["careers"][0]["score"])
