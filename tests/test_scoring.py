"""Unit and property tests of the matching model: answers -> profile -> ranked careers."""

from __future__ import annotations

import math
import random
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.matcher.catalog_arrays import catalog_arrays
from services.matcher.gaps import skill_gaps
from services.matcher.profile import build_profile
from services.matcher.result import match, profile_document
from services.matcher.scoring import interest_component, score_careers
from shared.contract.onet import INTEREST_AREAS
from shared.contract.result import check_profile, check_result
from tests import matcher_reference as ref
from tests.synthetic import (
    FULL_WEIGHTS,
    PROPERTY,
    SKILL_IDS,
    answers_for,
    catalogs,
    code,
    quiz_items,
    snapshot,
)

# --- profile -------------------------------------------------------------------------------


def test_area_scores_are_on_0_40_for_the_full_and_the_short_quiz() -> None:
    for per_area in (10, 5):
        items = quiz_items(per_area, values=False, skills=False, preferences=False)
        answers = answers_for(
            items, {"R": [4], "I": [0], "A": [2], "S": [1, 3], "E": [3], "C": [4, 0]}
        )
        profile = build_profile(answers, items, skill_ids=SKILL_IDS)
        expected = [40, 0, 20, 20, 30, 20] if per_area == 10 else [40, 0, 20, 18, 30, 24]
        assert profile.interests.tolist() == pytest.approx(expected)


def test_code_takes_the_top_three_and_breaks_ties_in_riasec_order() -> None:
    items = quiz_items(values=False, skills=False, preferences=False)
    answers = answers_for(items, {"R": [1], "I": [3], "A": [1], "S": [3], "E": [1], "C": [3]})
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    assert profile.code == "ISC"
    assert not profile.flat


def test_flat_profile_has_no_code_and_says_why() -> None:
    items = quiz_items()
    profile = build_profile(
        answers_for(items, {a: [3] for a in INTEREST_AREAS}), items, skill_ids=SKILL_IDS
    )
    assert profile.flat and profile.code == ""
    document = profile_document(profile)
    check_profile(document)
    assert "all the same" in document["notes"][0]


def test_equal_area_scores_from_different_answers_are_flat_too() -> None:
    items = quiz_items(values=False, skills=False, preferences=False)
    profile = build_profile(
        answers_for(items, {a: [0, 4] for a in INTEREST_AREAS}), items, skill_ids=SKILL_IDS
    )
    assert profile.flat


def test_values_skills_and_preferences_are_read_onto_their_scales() -> None:
    items = quiz_items()
    answers = answers_for(
        items,
        {"I": [4]},
        values=[4, 0, 2, 1, 3, 4],
        skills=[4, 2, 0, 1],
        max_job_zone=3,
        min_annual_wage=45000,
    )
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    assert profile.values is not None
    assert profile.values.tolist() == pytest.approx([1, 0, 0.5, 0.25, 0.75, 1])
    assert profile.skills == pytest.approx(
        {"2.A.1.a": 7, "2.A.1.e": 3.5, "2.A.1.f": 0, "2.B.3.l": 1.75}
    )
    assert (profile.max_job_zone, profile.min_annual_wage) == (3, 45000)
    document = profile_document(profile)
    check_profile(document)
    assert document["interests"]["I"] == 40.0 and document["code"][0] == "I"


def test_interests_only_quiz_has_no_values_or_skills() -> None:
    items = quiz_items(5, values=False, skills=False, preferences=False)
    profile = build_profile(answers_for(items, {"A": [4]}), items, skill_ids=SKILL_IDS)
    assert profile.values is None and profile.skills == {}
    assert profile.max_job_zone is None and profile.min_annual_wage is None


def test_a_quiz_missing_an_interest_area_is_refused() -> None:
    items = [i for i in quiz_items(values=False, skills=False) if i["target"] != "C"]
    with pytest.raises(ValueError, match="C"):
        build_profile(answers_for(items), items, skill_ids=SKILL_IDS)


# --- components ----------------------------------------------------------------------------


def test_interest_component_is_the_pearson_correlation_mapped_to_0_1() -> None:
    levels = [[6.5, 5.0, 1.2, 2.0, 3.0, 4.4], [1.0, 2.0, 7.0, 6.0, 3.0, 1.5]]
    catalog = catalog_arrays(
        snapshot([{"code": code(i), "interests": v} for i, v in enumerate(levels)])
    )
    items = quiz_items(values=False, skills=False, preferences=False)
    profile = build_profile(
        answers_for(items, {"R": [4], "I": [3], "A": [0], "S": [1], "E": [2], "C": [3]}),
        items,
        skill_ids=SKILL_IDS,
    )
    r, component = interest_component(profile, catalog)
    for k, v in enumerate(levels):
        expected = np.corrcoef(profile.interests, v)[0, 1]
        assert r[k] == pytest.approx(expected, abs=1e-12)
        assert component[k] == pytest.approx((expected + 1) / 2, abs=1e-12)


def careers_with_r(
    person: list[float], rs: list[float], zone: int, start: int
) -> list[dict[str, Any]]:
    """Careers whose interest correlation with ``person`` is exactly each of ``rs``."""
    z = np.array(person, dtype=float) - np.mean(person)
    z /= np.linalg.norm(z)
    u = np.array([1.0, -1.0, 2.0, 0.0, -3.0, 1.0])
    u -= u.mean() + (u @ z) * z
    u /= np.linalg.norm(u)
    return [
        {
            "code": code(start + k),
            "job_zone": zone,
            "interests": (4 + 2 * (r * z + math.sqrt(1 - r * r) * u)).tolist(),
        }
        for k, r in enumerate(rs)
    ]


def test_fit_labels_follow_onet_cut_offs_and_top_up_each_job_zone_to_ten() -> None:
    person = [40.0, 30.0, 20.0, 10.0, 5.0, 0.0]
    zone2 = [0.9, 0.8, 0.75, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, -0.2, -0.5]
    zone4 = [0.95, 0.94, 0.93, 0.92, 0.91, 0.9, 0.89, 0.88, 0.87, 0.74, 0.7, 0.5, 0.3]
    catalog = catalog_arrays(
        snapshot(careers_with_r(person, zone2, 2, 0) + careers_with_r(person, zone4, 4, 50))
    )
    items = quiz_items(values=False, skills=False, preferences=False)
    areas = {}
    for a, s in zip(INTEREST_AREAS, person, strict=True):  # ten answers summing to s
        areas[a] = ([4] * int(s // 4) + ([int(s % 4)] if s % 4 else []) + [0] * 10)[:10]
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    assert profile.interests.tolist() == person
    doc = match(profile, catalog, {"interests": 1.0}, top_n=len(catalog))
    fits = {m["interest_correlation"]: m["fit"] for m in doc["matches"] if m["job_zone"] == 2}
    assert [fits[round(r, 4)] for r in zone2] == (
        ["Best"] * 3 + ["Great"] + ["Good"] * 6 + [None] * 5
    )
    fits = {m["interest_correlation"]: m["fit"] for m in doc["matches"] if m["job_zone"] == 4}
    assert [fits[round(r, 4)] for r in zone4] == ["Best"] * 10 + ["Great"] + [None] * 2


# --- limits and reasons --------------------------------------------------------------------


def limit_catalog() -> dict[str, Any]:
    peaked = [7.0, 6.0, 1.0, 1.0, 2.0, 3.0]
    return snapshot(
        [
            {"code": "11-0001.00", "interests": peaked, "job_zone": 5, "median_wage": 120000},
            {"code": "11-0002.00", "interests": peaked, "job_zone": 3, "median_wage": 38000},
            {"code": "11-0003.00", "interests": peaked, "job_zone": 2, "median_wage": None},
            {
                "code": "11-0004.00",
                "interests": peaked,
                "job_zone": 3,
                "median_wage": None,
                "wage_top_coded": True,
            },
            {
                "code": "11-0005.00",
                "interests": [1.0, 1.0, 2.0, 7.0, 6.0, 2.0],
                "job_zone": 2,
                "median_wage": 60000,
            },
        ]
    )


def test_careers_outside_the_limits_rank_below_and_say_which_limit() -> None:
    items = quiz_items()
    answers = answers_for(
        items,
        {"R": [4], "I": [3], "A": [0], "S": [0], "E": [1], "C": [2]},
        max_job_zone=3,
        min_annual_wage=50000,
    )
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    doc = check_result(match(profile, catalog_arrays(limit_catalog()), FULL_WEIGHTS))
    by_code = {m["code"]: m for m in doc["matches"]}
    # within (checked), then unknown pay (could not be checked), then limits broken
    assert [m["code"] for m in doc["matches"][:3]] == ["11-0004.00", "11-0005.00", "11-0003.00"]
    assert [m["within_limits"] for m in doc["matches"]] == [True, True, False, False, False]
    assert by_code["11-0001.00"]["limits_broken"] == ["max_job_zone"]
    assert (
        "Usually needs a graduate degree (Job Zone 5); you said at most Job Zone 3."
        in by_code["11-0001.00"]["reasons"]
    )
    assert by_code["11-0002.00"]["limits_broken"] == ["min_annual_wage"]
    assert by_code["11-0002.00"]["pay_check"] == (
        "Below your minimum of $50,000 a year: checked against its US national median pay."
    )
    unknown = by_code["11-0003.00"]
    assert not unknown["within_limits"] and unknown["median_wage"] is None
    assert unknown["limits_broken"] == [] and unknown["limits_unchecked"] == ["min_annual_wage"]
    assert unknown["pay_check"] == (
        "Your minimum of $50,000 a year could not be checked: BLS publishes no median pay for "
        "this career. It ranks after the careers whose pay meets your minimum."
    )
    top = by_code["11-0004.00"]
    assert top["within_limits"] and top["wage_top_coded"] and top["median_wage"] == 239200
    assert top["pay_check"].startswith("Meets your minimum of $50,000 a year")
    for m in doc["matches"]:
        assert 2 <= len(m["reasons"]) <= 4
        assert not any("pay" in r.lower() for r in m["reasons"]), m["reasons"]
    assert any(
        r.startswith("Like you, it is strongly Realistic and Investigative")
        for r in by_code["11-0001.00"]["reasons"]
    )
    assert "could not be checked on" in doc["intro"]


def test_unknown_pay_never_ranks_above_a_career_that_meets_the_minimum() -> None:
    """Even with a far better score: not knowing the pay never passes the minimum."""
    catalog = catalog_arrays(
        snapshot(
            [
                {
                    "code": "11-0001.00",
                    "interests": [7.0, 6.0, 1.0, 1.0, 2.0, 3.0],
                    "median_wage": None,
                },
                {
                    "code": "11-0002.00",
                    "interests": [1.0, 1.0, 7.0, 6.0, 2.0, 3.0],
                    "median_wage": 90000,
                },
            ]
        )
    )
    items = quiz_items(values=False, skills=False)
    answers = answers_for(items, {"R": [4], "I": [3]}, min_annual_wage=80000)
    doc = match(build_profile(answers, items, skill_ids=SKILL_IDS), catalog, {"interests": 1.0})
    first, second = doc["matches"]
    assert first["score"] < second["score"]
    assert (first["code"], first["within_limits"]) == ("11-0002.00", True)
    assert second["limits_unchecked"] == ["min_annual_wage"] and second["limits_broken"] == []


def test_equal_scores_break_ties_by_correlation_then_code() -> None:
    same = {"interests": [6.0, 5.0, 1.0, 2.0, 3.0, 4.0]}
    catalog = catalog_arrays(
        snapshot(
            [
                {"code": "15-2000.00", **same},
                {"code": "15-1000.00", **same},
                {"code": "13-1000.00", **same},
            ]
        )
    )
    items = quiz_items(values=False, skills=False, preferences=False)
    profile = build_profile(answers_for(items, {"R": [4], "I": [3]}), items, skill_ids=SKILL_IDS)
    doc = match(profile, catalog, {"interests": 1.0})
    assert [m["code"] for m in doc["matches"]] == ["13-1000.00", "15-1000.00", "15-2000.00"]


def test_flat_profile_on_an_interests_only_quiz_ranks_by_limits_then_code() -> None:
    items = quiz_items(values=False, skills=False)
    answers = answers_for(items, {a: [2] for a in INTEREST_AREAS}, max_job_zone=4)
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    doc = check_result(match(profile, catalog_arrays(limit_catalog()), {"interests": 1.0}))
    assert [m["code"] for m in doc["matches"]] == [
        "11-0002.00",
        "11-0003.00",
        "11-0004.00",
        "11-0005.00",
        "11-0001.00",
    ]
    for m in doc["matches"]:
        assert m["score"] == 0.0 and m["fit"] is None and m["components"]["interests"] is None


def test_flat_profile_redistributes_the_interest_weight() -> None:
    items = quiz_items()
    answers = answers_for(
        items, {a: [2] for a in INTEREST_AREAS}, values=[4, 4, 4, 4, 4, 4], skills=[3, 3, 3, 3]
    )
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    doc = match(profile, catalog_arrays(limit_catalog()), FULL_WEIGHTS)
    for m in doc["matches"]:
        c = m["components"]
        expected = (0.15 * c["values"] + 0.3 * c["skills"]) / 0.45
        assert m["score"] == pytest.approx(100 * expected, abs=0.06)


def test_unrated_career_data_counts_as_the_poorest_fit_and_is_said() -> None:
    same = [7, 6, 1, 1, 2, 3]
    catalog = catalog_arrays(
        snapshot(
            [
                {"code": "11-0001.00", "interests": same, "values": None},
                {
                    "code": "11-0002.00",
                    "interests": same,
                    "skill_level": None,
                    "skill_importance": None,
                },
                {
                    "code": "11-0003.00",
                    "interests": same,
                    "values": None,
                    "skill_level": None,
                    "skill_importance": None,
                },
                {"code": "11-0004.00", "interests": same, "values": [1, 1, 1, 1, 1, 1]},
            ]
        )
    )
    items = quiz_items()
    profile = build_profile(answers_for(items, {"R": [4]}), items, skill_ids=SKILL_IDS)
    doc = check_result(match(profile, catalog, FULL_WEIGHTS))
    by_code = {m["code"]: m for m in doc["matches"]}
    first, second, neither = by_code["11-0001.00"], by_code["11-0002.00"], by_code["11-0003.00"]
    assert first["components"]["values"] is None and first["components"]["skills"] is not None
    assert second["components"]["skills"] is None and second["skill_gaps"] == []
    assert first["unrated"] == ["values"] and second["unrated"] == ["skills"]
    assert neither["unrated"] == ["values", "skills"] and by_code["11-0004.00"]["unrated"] == []
    # an unrated part counts as the poorest fit among the careers rated on it, so a career
    # with equal interests and nothing rated follows every rated one
    lowest = {
        part: min(
            m["components"][part] for m in doc["matches"] if m["components"][part] is not None
        )
        for part in ("values", "skills")
    }
    c = first["components"]
    assert first["score"] == pytest.approx(
        100 * (0.55 * c["interests"] + 0.15 * lowest["values"] + 0.3 * c["skills"]), abs=0.06
    )
    assert doc["matches"][-1]["code"] == "11-0003.00"
    assert (
        "O*NET does not rate this career's work values and skill levels, so those parts count "
        "as the poorest fit of any rated career: it ranks after rated careers with interests "
        "like it." in neither["reasons"]
    )
    assert any(
        "does not rate this career's work values, so that part" in r for r in first["reasons"]
    )


def test_skill_gaps_are_shortfalls_largest_importance_weighted_first() -> None:
    catalog = catalog_arrays(
        snapshot(
            [
                {
                    "code": "11-0001.00",
                    "interests": [7, 6, 1, 1, 2, 3],
                    "skill_level": [5.0, 6.0, 2.0, 4.0, 7.0],
                    "skill_importance": [4.0, 2.0, 5.0, 5.0, 5.0],
                }
            ]
        )
    )
    items = quiz_items()
    profile = build_profile(answers_for(items, skills=[2, 2, 2, 4]), items, skill_ids=SKILL_IDS)
    gaps = skill_gaps(profile, catalog, 0)
    # Reading 5 - 3.5 = 1.5 (x4 = 6); Math 6 - 3.5 = 2.5 (x2 = 5); Science 2 < 3.5; Repairing
    # 4 < 7; Social Perceptiveness was not rated.
    assert [g["id"] for g in gaps] == ["2.A.1.a", "2.A.1.e"]
    assert gaps[0] == {
        "id": "2.A.1.a",
        "name": "Reading Comprehension",
        "required_level": 5.0,
        "your_level": 3.5,
        "importance": 4.0,
        "gap": 1.5,
        "your_label": None,
        "required_label": None,
        "text": "Reading Comprehension: it usually needs about level 5.0 of 7; you said 3.5 of 7.",
    }


def test_suggested_skills_rank_by_lift_with_a_support_floor() -> None:
    # techs: 0 Excel (every career), 1 Python (8 of the 10 top careers + 2 others),
    # 2 AutoCAD (2 top careers only: under the support floor), 3 SAP (5 top + 3 others),
    # 4 Vim (3 top careers + 27 others: too common to be specific).
    top_rows, rest_rows = range(10), range(10, 40)
    careers = []
    for i in range(40):
        techs = [[0, 0]]
        if (i < 8) or i in (30, 31):
            techs.append([1, int(i == 3)])
        if i in (0, 1):
            techs.append([2, 0])
        if i < 5 or i in (32, 33, 34):
            techs.append([3, 0])
        if i < 3 or i >= 13:
            techs.append([4, 0])
        careers.append(
            {
                "code": code(i),
                "interests": [7, 6, 1, 1, 2, 3 - i / 100] if i in top_rows else [1, 1, 7, 7, 1, 2],
                "median_wage": 40000 + 1000 * i,
                "technologies": techs,
            }
        )
    assert len(rest_rows) == 30
    catalog = catalog_arrays(snapshot(careers))
    items = quiz_items(values=False, skills=False, preferences=False)
    profile = build_profile(
        answers_for(items, {"R": [4], "I": [3], "C": [2]}), items, skill_ids=SKILL_IDS
    )
    doc = check_result(match(profile, catalog, {"interests": 1.0}))
    assert {m["code"] for m in doc["matches"][:10]} == {code(i) for i in top_rows}
    names = [s["name"] for s in doc["suggested_skills"] if s["kind"] == "technology"]
    # Python: 0.8 * ln(0.8 / 0.25) = 0.93; SAP: 0.5 * ln(0.5 / 0.2) = 0.46
    assert names == ["Python", "SAP"]
    # two technologies only: O*NET skills follow them, and the note says so
    assert [s["kind"] for s in doc["suggested_skills"][2:]] == ["skill"] * (
        len(doc["suggested_skills"]) - 2
    )
    assert len(doc["suggested_skills"]) >= 3
    assert doc["suggested_note"] and "O*NET skills" in doc["suggested_note"]
    python = doc["suggested_skills"][0]
    assert python["careers"] == 8 and python["in_demand"] and python["top_careers"] == 10
    assert sorted(python["career_codes"]) == [code(i) for i in range(8)]
    assert python["why"] == "Used by 8 of your top 10 careers; 25% of all careers."
    assert python["lift"] == 3.2
    # the median of the median wages of the top careers that use it
    assert python["median_wage"] == round(float(np.median([40000 + 1000 * i for i in range(8)])))
    assert "median wages of your top careers" in python["median_wage_definition"]
    assert python["pay_text"].endswith("(US national figures).")


# --- properties ------------------------------------------------------------------------------


@st.composite
def people(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, float]]:
    items = quiz_items(
        draw(st.sampled_from([5, 10])), values=draw(st.booleans()), skills=draw(st.booleans())
    )
    answers = {i["id"]: float(draw(st.integers(0, 4))) for i in items if i["kind"] != "preference"}
    if draw(st.booleans()):
        answers["max_job_zone"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        answers["min_annual_wage"] = draw(st.integers(0, 150000))
    return items, answers


weights_st = st.fixed_dictionaries(
    {
        "interests": st.sampled_from([0.0, 0.3, 0.55, 1.0]),
        "values": st.sampled_from([0.0, 0.15, 0.5]),
        "skills": st.sampled_from([0.0, 0.3, 0.5]),
    }
).filter(lambda w: sum(w.values()) > 0)


def person_inputs(profile: Any) -> ref.PersonInputs:
    return ref.PersonInputs(
        interests=[float(x) for x in profile.interests],
        flat=profile.flat,
        values=None if profile.values is None else [float(x) for x in profile.values],
        skills=dict(profile.skills),
        max_job_zone=profile.max_job_zone,
        min_annual_wage=profile.min_annual_wage,
    )


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and b is None
    return abs(a - b) <= 1e-9


def nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@PROPERTY
@given(catalogs(), people(), weights_st)
def test_agrees_with_the_loop_reference(
    snap: dict[str, Any], person: Any, weights: dict[str, float]
) -> None:
    items, answers = person
    catalog = catalog_arrays(snap)
    profile = build_profile(answers, items, skill_ids=catalog.skill_ids)
    scores = score_careers(profile, catalog, weights)
    expected = ref.score_all(person_inputs(profile), snap, weights)
    for i, want in enumerate(expected):
        assert close(nan_to_none(scores.correlation[i]), want.r)
        for name in ref.COMPONENTS:
            assert close(nan_to_none(scores.components[name][i]), getattr(want, name)), name
        assert close(nan_to_none(scores.score[i]), want.score)
        assert bool(scores.within_limits[i]) == want.within_limits
        assert int(scores.tier[i]) == want.tier
        assert (None, "Good", "Great", "Best")[int(scores.fit[i])] == want.fit
    # Same order as the reference, except between careers whose scores (and r) agree to
    # 1e-9, where float rounding may legitimately differ between the two.
    ours = [expected[int(i)] for i in scores.order]
    assert [c.code for c in ours] != [] and len(ours) == len(expected)
    for a, b in pairwise(ours):
        assert a.tier <= b.tier
        if a.tier != b.tier:
            continue
        sa, sb = (-1.0 if a.score is None else a.score), (-1.0 if b.score is None else b.score)
        assert sa >= sb - 1e-9
        if abs(sa - sb) > 1e-9:
            continue
        assert a.unrated <= b.unrated
        if a.unrated != b.unrated:
            continue
        ra, rb = (-math.inf if a.r is None else a.r), (-math.inf if b.r is None else b.r)
        assert ra >= rb - 1e-9 or math.isinf(rb) and math.isinf(ra)
        if ra == rb or abs(ra - rb) <= 1e-9:
            assert a.code < b.code
    exact = ref.rank(expected)
    if all(
        abs((x.score or 0) - (y.score or 0)) > 1e-9 or x.tier != y.tier for x, y in pairwise(exact)
    ):
        assert [c.code for c in ours] == [c.code for c in exact]


@PROPERTY
@given(catalogs(), people(), weights_st)
def test_documents_are_valid_in_range_and_deterministic(
    snap: dict[str, Any], person: Any, weights: dict[str, float]
) -> None:
    items, answers = person
    catalog = catalog_arrays(snap)
    profile = build_profile(answers, items, skill_ids=catalog.skill_ids)
    doc = check_result(match(profile, catalog, weights))
    assert doc == match(profile, catalog, weights)
    assert len(doc["matches"]) == min(25, len(catalog))
    seen_tier = 0
    for rank, m in enumerate(doc["matches"], start=1):
        assert m["rank"] == rank
        assert 0 <= m["score"] <= 100
        assert all(v is None or 0 <= v <= 1 for v in m["components"].values())
        assert 1 <= len(m["reasons"]) <= 4  # training always; pay never
        assert len(m["skill_gaps"]) <= 5 and all(g["gap"] > 0 for g in m["skill_gaps"])
        assert m["within_limits"] == (not m["limits_broken"] and not m["limits_unchecked"])
        assert not set(m["limits_broken"]) & set(m["limits_unchecked"])
        tier = 2 if m["limits_broken"] else 1 if m["limits_unchecked"] else 0
        assert tier >= seen_tier, "a career ranks above one in a better limit tier"
        seen_tier = tier
        assert all(not any("$" in r for r in m["reasons"]) for m in doc["matches"])
        assert (m["pay_check"] is None) == (profile.min_annual_wage is None)
    assert len(doc["suggested_skills"]) <= 10


@PROPERTY
@given(catalogs(min_size=2), people(), weights_st, st.randoms(use_true_random=False))
def test_catalog_row_order_does_not_change_the_ranking(
    snap: dict[str, Any], person: Any, weights: dict[str, float], rnd: random.Random
) -> None:
    items, answers = person
    careers = snap["careers"]
    n = len(careers["code"])
    perm = list(range(n))
    rnd.shuffle(perm)
    shuffled = {**snap, "careers": {k: [v[i] for i in perm] for k, v in careers.items()}}
    docs = []
    for s in (snap, shuffled):
        catalog = catalog_arrays(s)
        profile = build_profile(answers, items, skill_ids=catalog.skill_ids)
        docs.append(match(profile, catalog, weights, top_n=n))
    assert docs[0]["matches"] == docs[1]["matches"]
    assert docs[0]["suggested_skills"] == docs[1]["suggested_skills"]


@PROPERTY
@given(st.lists(st.integers(0, 4), min_size=60, max_size=60))
def test_all_equal_area_scores_are_flat_and_others_are_not(answers_list: list[int]) -> None:
    items = quiz_items(values=False, skills=False, preferences=False)
    answers = {i["id"]: float(a) for i, a in zip(items, answers_list, strict=True)}
    profile = build_profile(answers, items, skill_ids=SKILL_IDS)
    assert profile.flat == (float(np.ptp(profile.interests)) == 0.0)
    assert (profile.code == "") == profile.flat
    assert all(0 <= x <= 40 for x in profile.interests)


@PROPERTY
@given(
    st.lists(st.integers(0, 4), min_size=30, max_size=30),
    st.sampled_from(INTEREST_AREAS),
    st.integers(1, 4),
    st.floats(1.0, 3.0),
    st.floats(4.0, 7.0),
)
def test_raising_an_area_never_lowers_r_with_a_career_peaked_on_it(
    answers_list: list[int], area: str, steps: int, base: float, peak: float
) -> None:
    items = quiz_items(5, values=False, skills=False, preferences=False)
    levels = [peak if a == area else base for a in INTEREST_AREAS]
    catalog = catalog_arrays(snapshot([{"code": code(0), "interests": levels}]))
    before = {i["id"]: float(a) for i, a in zip(items, answers_list, strict=True)}
    after = {
        k: (min(4.0, v + steps) if k.startswith(f"int_{area}") else v) for k, v in before.items()
    }
    profiles = [build_profile(a, items, skill_ids=SKILL_IDS) for a in (before, after)]
    if any(p.flat for p in profiles):
        return
    r_before, r_after = (interest_component(p, catalog)[0][0] for p in profiles)
    assert r_after >= r_before - 1e-12


@PROPERTY
@given(catalogs(min_size=3), st.lists(st.integers(0, 4), min_size=6, max_size=6))
def test_a_career_shaped_like_the_person_is_a_best_fit_ranked_first(
    snap: dict[str, Any], area_answers: list[int]
) -> None:
    if len(set(area_answers)) < 2:
        return
    items = quiz_items(values=False, skills=False, preferences=False)
    areas = dict(zip(INTEREST_AREAS, ([a] for a in area_answers), strict=True))
    profile = build_profile(answers_for(items, areas), items, skill_ids=SKILL_IDS)
    twin = {k: list(v) for k, v in snap["careers"].items()}
    for k in twin:
        twin[k].append(twin[k][0])
    twin["code"][-1] = "00-0000.00"  # first in code order: it wins any exact tie
    twin["interests"][-1] = [1.0 + 1.5 * a for a in area_answers]
    doc = match(profile, catalog_arrays({**snap, "careers": twin}), {"interests": 1.0})
    assert doc["matches"][0]["code"] == "00-0000.00"
    assert doc["matches"][0]["fit"] == "Best"
    assert doc["matches"][0]["interest_correlation"] == pytest.approx(1.0)
