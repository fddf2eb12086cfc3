"""The adaptive quiz's evaluation (``scripts.evaluate_adaptive``): what it feeds the quiz."""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pytest

from scripts import evaluate_adaptive as ev
from scripts.adaptive_oracle import oracle_order
from services.quiz.quizzes import load_quizzes
from tests.support import skip_or_fail


@pytest.mark.shared_data
def test_ip_cases_answer_each_area_as_their_scores_say() -> None:
    if not ev.CASES.is_file():
        skip_or_fail(f"the O*NET Interest Profiler cases are not at {ev.CASES}")
    cases = [c for c in json.loads(ev.CASES.read_text())["cases"] if c["complete"]]
    items = load_quizzes()["career-match"].scoring_items()
    area = {i["id"]: i["target"] for i in items if i["kind"] == "interest"}
    people = ev.ip_people(None)
    assert len(people) == len(cases) >= 140
    for case, person in zip(cases, people, strict=True):
        answers = person.answers
        assert set(answers) == set(area)
        sums = {a: sum(v for k, v in answers.items() if area[k] == a) for a in "RIASEC"}
        assert sums == {a: float(case["scores"][a]) for a in "RIASEC"}


def test_adaptive_run_asks_every_item_once_and_says_where_it_stopped() -> None:
    catalog = ev.load_catalog()
    quiz = load_quizzes()["career-match"]
    items = [i for i in quiz.scoring_items() if i.get("labels")]
    person = ev.simulated_people(catalog, 1, seed=3)[0].answers
    prior = ev.adaptive.make_prior(quiz.scoring_items(), quiz.weights, catalog)
    order, stop = ev.run_adaptive(prior, catalog, person)
    assert sorted(order) == sorted(str(i["id"]) for i in items)
    assert ev.adaptive.MIN_ASKED <= stop <= len(order)


def test_oracle_asks_each_area_first_then_the_item_that_keeps_the_full_top_10() -> None:
    items = [
        {"id": f"i-{a}", "kind": "interest", "target": a, "min": 0, "max": 4} for a in "RIASEC"
    ]
    items += [{"id": v, "kind": "value", "target": v, "min": 1, "max": 7} for v in ("v2", "v1")]
    own = {str(i["id"]): 2.0 for i in items}

    def top(given: Mapping[str, float]) -> set[int]:
        # the full quiz's top 10 hangs on v1's answer alone
        return {1} if "v1" in given else {0}

    order = oracle_order(items, own, own, 7, top, sigma=1.0, draws=2, rng=np.random.default_rng(1))
    assert order == [f"i-{a}" for a in "RIASEC"] + ["v1"]
    everything = oracle_order(
        items, own, own, 99, top, sigma=1.0, draws=2, rng=np.random.default_rng(1)
    )
    assert sorted(everything) == sorted(own)
