"""The adaptive quiz's selection and stopping rule (``services.quiz.adaptive``), unit tests."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.catalog.serve.store import load_store
from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from services.quiz import adaptive
from services.quiz.quizzes import load_quizzes
from tests.support import REPO_ROOT

CATALOG_DATA = REPO_ROOT / "services" / "catalog" / "data"
#: Fewer completions per step than in service: the rules tested hold for any number.
SAMPLES = 8
LIMITS_SKIPPED = ["location", "max_job_zone", "min_annual_wage"]
#: Pay minimums asked only in Canada or the United Kingdom.
OTHER_PAY = ("min_wage_cad", "min_wage_cad_per", "min_wage_gbp")
FULL = load_quizzes()["career-match"]
ITEMS = FULL.scoring_items()
SCALE_IDS = [str(i["id"]) for i in ITEMS if i.get("labels")]
CHECK = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def catalog() -> CatalogArrays:
    return catalog_arrays(load_store(CATALOG_DATA).snapshot())


@pytest.fixture(scope="module")
def prior(catalog: CatalogArrays) -> adaptive.Prior:
    return adaptive.make_prior(ITEMS, FULL.weights, catalog)


def run(
    prior: adaptive.Prior,
    catalog: CatalogArrays,
    answer: dict[str, Any],
    skipped: list[str],
    **rule: Any,
) -> tuple[list[str], adaptive.Step]:
    """Drive steps to done, answering from ``answer`` (``skipped`` items are skipped):
    the items asked in order, and the last step."""
    answers: dict[str, Any] = {}
    passed = list(skipped)
    asked: list[str] = []
    for _ in range(len(ITEMS) + 1):
        step = adaptive.next_step(prior, catalog, answers, passed, samples=SAMPLES, **rule)
        if step.done:
            return asked, step
        assert step.item is not None
        assert step.asked == len(asked) + len(skipped)
        assert 0.0 <= step.stability <= 1.0 and step.left_estimate >= 1
        asked.append(step.item)
        if step.item in answer:
            answers[step.item] = answer[step.item]
        else:
            passed.append(step.item)
    raise AssertionError("the quiz asked more steps than it has items")


answer_sets = st.fixed_dictionaries(
    {item_id: st.integers(min_value=0, max_value=4) for item_id in SCALE_IDS}
)


@CHECK
@given(answer=answer_sets)
def test_never_asks_twice_or_outside_the_quiz(
    answer: dict[str, int], prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    asked, step = run(prior, catalog, answer, LIMITS_SKIPPED)
    assert len(asked) == len(set(asked))
    assert set(asked) <= {str(i["id"]) for i in ITEMS}
    answered = [i for i in asked if i in answer]
    assert step.done
    assert len(answered) == len(SCALE_IDS) or (
        len(answered) >= adaptive.MIN_ASKED and step.stability >= adaptive.THRESHOLD
    )


@CHECK
@given(answer=answer_sets, limits=st.booleans())
def test_stops_at_the_latest_when_every_item_was_asked(
    answer: dict[str, int], limits: bool, prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    if limits:  # the limits answered (asked first) instead of skipped
        answer = answer | {"location": "US-OH", "max_job_zone": 3, "min_annual_wage": 40000}
    asked, step = run(prior, catalog, answer, [] if limits else LIMITS_SKIPPED, threshold=1.01)
    assert step.done
    assert set(asked) | (set() if limits else set(LIMITS_SKIPPED)) == {
        str(i["id"]) for i in ITEMS if i["id"] not in OTHER_PAY
    }
    if limits:
        assert asked[:3] == ["location", "max_job_zone", "min_annual_wage"]


@pytest.mark.parametrize("value", [0, 4])
def test_a_person_answering_every_item_at_one_extreme_stops_early(
    value: int, prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    asked, step = run(prior, catalog, dict.fromkeys(SCALE_IDS, value), LIMITS_SKIPPED)
    assert step.done and step.stability >= adaptive.THRESHOLD
    assert adaptive.MIN_ASKED <= len(asked) <= len(SCALE_IDS) // 2


def test_a_varied_person_does_not_stop_at_the_minimum(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    # answers that disagree within every area: the top 10 stays open at the minimum
    answer = {item_id: k % 5 for k, item_id in enumerate(SCALE_IDS)}
    asked, _ = run(prior, catalog, answer, LIMITS_SKIPPED)
    assert len(asked) > adaptive.MIN_ASKED + 4


def test_a_step_is_reproducible_and_asks_every_area_first(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    first = [adaptive.next_step(prior, catalog, {}, LIMITS_SKIPPED)]
    answers: dict[str, Any] = {}
    for _ in range(6):
        step = adaptive.next_step(prior, catalog, answers, LIMITS_SKIPPED)
        assert step.item is not None
        answers[step.item] = 3
    assert {prior.area_of[i] for i in answers} == set("RIASEC")
    again = adaptive.next_step(prior, catalog, answers, LIMITS_SKIPPED)
    assert again == adaptive.next_step(prior, catalog, dict(answers), LIMITS_SKIPPED)
    assert first[0].item == "int_r01" and not first[0].done


def test_canadian_pay_is_asked_in_canada_and_its_unit_once_given(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    place = {"location": "CA-ON", "max_job_zone": 4}
    assert adaptive.next_step(prior, catalog, place).item == "min_wage_cad"
    assert adaptive.next_step(prior, catalog, place | {"min_wage_cad": 25}).item == (
        "min_wage_cad_per"
    )
    skipped = adaptive.next_step(prior, catalog, place, ["min_wage_cad"]).item
    assert skipped is not None and skipped.startswith("int_")


def test_a_uk_place_asks_the_pay_minimum_in_pounds(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    place = {"location": "GB", "max_job_zone": 4}
    assert adaptive.next_step(prior, catalog, place).item == "min_wage_gbp"
    assert adaptive.limit_items({"location": "US-OH"})[-1] == "min_annual_wage"


def test_straight_chance() -> None:
    assert adaptive.straight_chance([]) == 0.0
    assert adaptive.straight_chance([4, 4, 3]) == 0.0
    assert adaptive.straight_chance([4] * 12) > 0.99 > adaptive.straight_chance([4] * 3)


def test_answer_noise_reads_the_persons_own_scatter(prior: adaptive.Prior) -> None:
    interest = [i for i in SCALE_IDS if i in prior.area_of]
    # nothing to read yet, or one answer per area: the prior's scatter
    assert adaptive.answer_noise(prior, {}) == adaptive.ANSWER_NOISE
    one_each = {i: 4 for i in interest if i.endswith("01")}
    assert len(one_each) == 6 and adaptive.answer_noise(prior, one_each) == adaptive.ANSWER_NOISE
    # each area's items rated alike: surer than the prior; rated 0 and 4 by turns: less sure
    alike = {i: "RIASEC".index(prior.area_of[i]) % 5 for i in interest}
    by_turns = {i: 4 * (int(i[-2:]) % 2) for i in interest}  # int_r01 4, int_r02 0, ...
    assert adaptive.answer_noise(prior, alike) < 0.6 < adaptive.ANSWER_NOISE
    assert adaptive.answer_noise(prior, by_turns) > 1.5


def test_a_person_rating_alike_what_measures_one_thing_is_asked_fewer_questions(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    # the same scores, read once from answers that agree within each interest area and once
    # from answers scattered a step either side of them
    area = {"R": 3, "I": 3, "A": 1, "S": 1, "E": 2, "C": 2}
    level = {i: area[prior.area_of[i]] if i in prior.area_of else 2 for i in SCALE_IDS}
    scattered = {
        i: v + ((1 if int(i[-2:]) % 2 else -1) if i in prior.area_of else 0)
        for i, v in level.items()
    }
    alike, _ = run(prior, catalog, level, LIMITS_SKIPPED)
    unsure, _ = run(prior, catalog, scattered, LIMITS_SKIPPED)
    assert len(alike) < len(unsure)


def test_the_questions_left_count_down_until_the_first_ranking(
    prior: adaptive.Prior, catalog: CatalogArrays
) -> None:
    # the place, the limits and one item per area come before any ranking: each one asked
    # takes one off the estimate, so the count never stands still
    answers: dict[str, Any] = {}
    lefts = []
    for k in range(8):  # the place, the preparation limit, one item of each area
        step = adaptive.next_step(prior, catalog, answers, ["min_annual_wage"])
        assert step.item is not None and step.stability == 0.0
        lefts.append(step.left_estimate)
        answers[step.item] = {"location": "US-OH", "max_job_zone": 4}.get(step.item, k % 5)
    assert lefts == list(range(lefts[0], lefts[0] - 8, -1))
    assert adaptive.next_step(prior, catalog, answers, ["min_annual_wage"]).stability > 0
