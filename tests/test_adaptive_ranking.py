"""The adaptive quiz ranks its completions together (``build_profiles``, ``score_rows``,
``ranked_top``): checked against ``build_profile`` and ``score_careers`` one completion at
a time, the way a submission of the same answers is ranked."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.catalog.serve.store import load_store
from services.matcher import regional
from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from services.matcher.profile import build_profile, build_profiles
from services.matcher.ranking import ranked_top, ranking_order
from services.matcher.scoring import score_careers, score_rows
from services.quiz import adaptive
from services.quiz.quizzes import load_quizzes
from tests.support import REPO_ROOT

CATALOG_DATA = REPO_ROOT / "services" / "catalog" / "data"
QUIZ = load_quizzes()["career-match-adaptive"]
ITEMS = QUIZ.scoring_items()
SCALE = [i for i in ITEMS if i.get("labels") and i["kind"] != "preference"]
#: The first item of each interest area is always answered, as the adaptive quiz asks it
#: first (the matcher needs all six areas).
FIRST_OF_AREA = {
    next(str(i["id"]) for i in SCALE if i["kind"] == "interest" and i["target"] == area)
    for area in "RIASEC"
}
#: Where the person lives, with the pay minimum asked there.
PLACES: list[dict[str, Any]] = [
    {},
    {"min_annual_wage": 55000},
    {"location": "US-OH", "min_annual_wage": 48000},
    {"location": "CA-ON", "min_wage_cad": 31, "min_wage_cad_per": "hour"},
    {"location": "GB", "min_wage_gbp": 36000},
    {"location": "US-CA"},
]
CHECK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def catalog() -> CatalogArrays:
    return catalog_arrays(load_store(CATALOG_DATA).snapshot())


@pytest.fixture(scope="module")
def priors(catalog: CatalogArrays) -> dict[str, adaptive.Prior]:
    prior = adaptive.make_prior(ITEMS, QUIZ.weights, catalog)
    interests_only = {"interests": 1.0, "values": 0.0, "skills": 0.0}
    return {"quiz": prior, "interests": dataclasses.replace(prior, weights=interests_only)}


@st.composite
def steps(draw: st.DrawFn) -> tuple[dict[str, Any], list[str], np.ndarray[Any, Any]]:
    """Answers so far (limits and place included), the unasked scale items and drawn
    answers to them; answering every item alike (a flat profile) included."""
    straight = draw(st.none() | st.integers(0, 4))
    answers: dict[str, Any] = dict(draw(st.sampled_from(PLACES)))
    zone = draw(st.none() | st.integers(1, 5))
    if zone is not None:
        answers["max_job_zone"] = zone
    unasked = []
    for item in SCALE:
        item_id = str(item["id"])
        state = "answered" if item_id in FIRST_OF_AREA else draw(st.sampled_from("aus"))
        if state == "u":
            unasked.append(item_id)
        elif state != "s":
            answers[item_id] = straight if straight is not None else draw(st.integers(0, 4))
    rows = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    drawn = rng.integers(0, 5, (rows, len(unasked))).astype(np.float64)
    if straight is not None:
        drawn[rng.random(rows) < 0.5] = straight
    return answers, unasked, drawn


def pay_of(answers: dict[str, Any], catalog: CatalogArrays) -> Any:
    place = regional.place_from_answers(answers)
    return None if place is None else regional.pay_limit(place, catalog)


def completion_scores(
    prior: adaptive.Prior, catalog: CatalogArrays, answers: dict[str, Any], full: dict[str, Any]
) -> Any:
    """The scores a submission of ``full`` gets (the place read from ``answers``)."""
    profile = build_profile(full, prior.items, skill_ids=catalog.skill_ids)
    return score_careers(profile, catalog, prior.weights, pay_of(answers, catalog))


@CHECK
@given(step=steps(), weights=st.sampled_from(["quiz", "interests"]))
def test_completions_rank_as_each_submission_would(
    step: tuple[dict[str, Any], list[str], np.ndarray[Any, Any]],
    weights: str,
    priors: dict[str, adaptive.Prior],
    catalog: CatalogArrays,
) -> None:
    answers, unasked, drawn = step
    prior = priors[weights]
    now = completion_scores(prior, catalog, answers, answers)
    top = now.order[: adaptive.TOP]
    columns = [prior.scale_ids.index(i) for i in unasked]
    margins, overlap = adaptive._rank_completions(prior, catalog, answers, columns, drawn, top)

    profiles = build_profiles(answers, prior.items, unasked, drawn, skill_ids=catalog.skill_ids)
    rows = score_rows(profiles, catalog, prior.weights, pay_of(answers, catalog))
    ranked = ranked_top(
        rows.tier, rows.score, rows.unrated_count, rows.correlation, catalog.code_rank, 11
    )
    for s, row in enumerate(drawn.tolist()):
        full = answers | dict(zip(unasked, row, strict=True))
        one = completion_scores(prior, catalog, answers, full)
        # the batch's row is the submission's scoring, to the bit
        np.testing.assert_array_equal(rows.score[s], one.score, strict=True)
        np.testing.assert_array_equal(rows.correlation[s], one.correlation, strict=True)
        np.testing.assert_array_equal(rows.tier, one.tier, strict=True)
        assert ranked[s].tolist() == one.order[:11].tolist()
        key = np.nan_to_num(one.score, nan=-1.0) - 2.0 * one.tier
        edge = float(key[one.order[adaptive.TOP - 1 : adaptive.TOP + 1]].mean())
        np.testing.assert_array_equal(margins[s], key - edge)
        assert overlap[s] == len(set(one.order[: adaptive.TOP].tolist()) & set(top.tolist())) / 10


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    careers=st.integers(1, 40),
    rows=st.integers(1, 5),
    count=st.integers(1, 12),
)
def test_the_top_of_each_row_is_the_ranking_orders_first_even_among_ties(
    seed: int, careers: int, rows: int, count: int
) -> None:
    rng = np.random.default_rng(seed)
    # few distinct keys, so that most careers tie on score and many on every key
    tier = rng.integers(0, 3, careers)
    score = rng.choice([np.nan, 0.25, 0.5, 0.5 + 1e-15, 0.75], (rows, careers))
    unrated = rng.integers(0, 2, (rows, careers))
    r = rng.choice([np.nan, -0.5, 0.1, 0.1 + 1e-14, 0.9], (rows, careers))
    code_rank = rng.permutation(careers)
    ranked = ranked_top(tier, score, unrated, r, code_rank, count)
    assert ranked.shape == (rows, min(count, careers))
    for s in range(rows):
        order = ranking_order(tier, score[s], unrated[s], r[s], code_rank)
        assert ranked[s].tolist() == order[:count].tolist()
