"""A quiz's answer rules: the compiled check, a slow obvious reference, and the published
JSON Schema, all made from one definition, agree on every answer set hypothesis makes."""

from __future__ import annotations

import functools
import math
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.sample_answers import random_answers
from services.quiz.answers import AnswersRefused
from services.quiz.openapi import REF_TEMPLATE
from services.quiz.quizzes import Quiz, load_quizzes
from shared.regions import BY_CODE

QUIZ_IDS = ["career-match", "career-match-short"]


@functools.cache
def _quiz(quiz_id: str) -> Quiz:
    return load_quizzes()[quiz_id]


def _whole(value: Any) -> int | None:
    """``value`` as a whole number if JSON would carry it as one (3 or 3.0), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    return int(value)


def reference_check(definition: dict[str, Any], answers: Any) -> tuple[dict[str, Any], set[str]]:
    """The rules as a person would read them off the definition, slowly and plainly:
    the accepted answers and the ids of the wrong ones."""
    if not isinstance(answers, dict):
        return {}, {"_schema"}
    items = {i["id"]: i for s in definition["sections"] for i in s["items"]}
    loaded: dict[str, Any] = {}
    wrong = {key for key in answers if key not in items}
    for item_id, item in items.items():
        if item_id not in answers:
            if item["type"] == "scale":
                wrong.add(item_id)
            continue
        value = answers[item_id]
        if item["type"] == "scale":
            scale = definition["scales"][item["scale"]]
            number = _whole(value)
            ok = number is not None and scale["min"] <= number <= scale["max"]
        elif item["type"] == "choice":
            values = [o["value"] for o in item["options"]]
            if all(isinstance(v, int) for v in values):
                number = _whole(value)
                ok = number is not None and number in values
            else:
                number = value
                ok = isinstance(value, str) and value in values
        else:
            ok = (
                not isinstance(value, bool)
                and isinstance(value, int | float)
                and item["min"] <= value <= item["max"]
            )
            number = float(value) if ok else None
        if ok:
            loaded[item_id] = number
        else:
            wrong.add(item_id)
    if wrong:
        return {}, wrong
    place = BY_CODE.get(str(loaded.get("location", "")))
    if place is not None and place.country == "CA":
        if "min_annual_wage" in loaded:
            wrong.add("min_annual_wage")
        if "min_wage_cad" in loaded and "min_wage_cad_per" not in loaded:
            wrong.add("min_wage_cad_per")
    else:
        wrong |= {k for k in ("min_wage_cad", "min_wage_cad_per") if k in loaded}
    return ({}, wrong) if wrong else (loaded, set())


def _published_validator(quiz: Quiz) -> jsonschema.Draft202012Validator:
    """A validator of the answers' schema as the OpenAPI document publishes it."""
    reference, components = quiz.answers.json_schema(REF_TEMPLATE)
    return jsonschema.Draft202012Validator({**reference, "components": {"schemas": components}})


#: An answer as a client might send it: right, out of range, of the wrong type, or odd.
_ANSWER = st.one_of(
    st.integers(-2, 9),
    st.floats(allow_nan=False, allow_infinity=True, width=32),
    st.sampled_from(
        [0.0, 1.0, 3.0, 2.5, True, False, None, "2", "US-CA", "CA-ON", "XX", "", "hour", [1]]
    ),
    st.integers(0, 400_000),
)
_PAY = st.fixed_dictionaries(
    {},
    optional={
        "location": st.sampled_from(["US-TX", "CA-ON", "CA-QC", "elsewhere", "XX"]),
        "min_annual_wage": st.sampled_from([0, 50_000, 90_000.5]),
        "min_wage_cad": st.sampled_from([0, 20.5, 90_000]),
        "min_wage_cad_per": st.sampled_from(["hour", "year", "week"]),
    },
)


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_check_reference_and_published_schema_agree(quiz_id: str, data: Any) -> None:
    quiz = _quiz(quiz_id)
    base = random_answers(quiz.definition, seed=data.draw(st.integers(0, 10_000)))
    ids = sorted(base) + ["zz_unknown"]
    changes = data.draw(st.dictionaries(st.sampled_from(ids), _ANSWER, max_size=3))
    dropped = data.draw(st.lists(st.sampled_from(sorted(base)), max_size=2))
    answers = {k: v for k, v in (base | changes).items() if k not in dropped}
    answers |= {k: v for k, v in data.draw(_PAY).items() if k in quiz.items}
    expected, wrong = reference_check(quiz.definition, answers)
    try:
        loaded = quiz.check_answers(answers)
    except AnswersRefused as exc:
        assert wrong, (answers, exc.errors)
        assert set(exc.errors) == wrong, answers  # every wrong item named, and only those
        assert all(exc.errors.values())
    else:
        assert not wrong, answers
        assert loaded == expected
        assert {k: type(v) for k, v in loaded.items()} == {k: type(v) for k, v in expected.items()}
    assert _published_validator(quiz).is_valid(answers) == (not wrong), answers


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_the_refusal_names_each_item_as_the_person_can_fix_it(quiz_id: str) -> None:
    quiz = _quiz(quiz_id)
    answers: dict[str, Any] = dict(random_answers(quiz.definition, seed=1))
    scale_id = next(i for i, item in quiz.items.items() if item["type"] == "scale")
    answers[scale_id] = 99
    answers.pop(sorted(i for i, item in quiz.items.items() if item["type"] == "scale")[-1])
    answers["zz_unknown"] = 1
    with pytest.raises(AnswersRefused) as info:
        quiz.check_answers(answers)
    errors = info.value.errors
    assert "whole number from" in errors[scale_id][0]
    assert errors["zz_unknown"] == ["Unknown item: this version of the quiz does not ask it."]
    assert len(errors) == 3
    with pytest.raises(AnswersRefused):
        quiz.check_answers([])


def test_a_whole_number_sent_as_3_0_is_read_as_3() -> None:
    quiz = _quiz("career-match")
    answers = dict(random_answers(quiz.definition, seed=2))
    scale_id = next(i for i, item in quiz.items.items() if item["type"] == "scale")
    answers[scale_id] = 3.0
    loaded = quiz.check_answers(answers)
    assert loaded[scale_id] == 3 and type(loaded[scale_id]) is int
    for bad in (True, "2", 2.5, None, 5, -1, float("inf")):
        with pytest.raises(AnswersRefused) as info:
            quiz.check_answers({**answers, scale_id: bad})
        assert scale_id in info.value.errors
