"""Hostile bodies and parameters over real HTTP: each gets a JSON 4xx, never a 500.

Before the depth and number checks, three of these bodies gave a 500 with a traceback:
arrays nested 1,000 deep (``RecursionError`` in the JSON parser), an object nested 10,000
deep inside one answer, and an integer of 5,000 digits (Python's int-conversion limit).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import Stack

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"


def _answers_text(quiz: dict[str, Any], replace_first_with: str) -> str:
    answers = random_answers(quiz, seed=3)
    first = next(iter(answers))
    rest = ",".join(f'"{k}":{v}' for k, v in answers.items() if k != first)
    return f'{{"answers":{{"{first}":{replace_first_with},{rest}}}}}'


def _bodies(quiz: dict[str, Any]) -> dict[str, tuple[str, int]]:
    return {
        "arrays nested 1,000 deep": ('{"answers":' + "[" * 1000 + "]" * 1000 + "}", 400),
        "object nested 10,000 deep in an answer": (
            _answers_text(quiz, '{"a":' * 10_000 + "1" + "}" * 10_000),
            400,
        ),
        "integer of 5,000 digits": (_answers_text(quiz, "9" * 5000), 400),
        "negative integer of 5,000 digits": (_answers_text(quiz, "-" + "9" * 5000), 400),
        "float of 400 digits": (_answers_text(quiz, "1." + "0" * 400), 400),
        "exponent overflow": (_answers_text(quiz, "1e999999"), 422),
        "truncated JSON": ('{"answers": {', 400),
        "not UTF-8": ('{"answers": "\udcff"}', 400),
        "body over the size limit": ('{"answers":"' + "x" * 70_000 + '"}', 413),
        "answers not an object": ('{"answers": [1, 2]}', 422),
        "answer as a string": (_answers_text(quiz, '"3"'), 422),
        "answer as a boolean": (_answers_text(quiz, "true"), 422),
        "answer out of range": (_answers_text(quiz, "99"), 422),
        "answer nested 20 deep": (_answers_text(quiz, "[" * 20 + "]" * 20), 422),
        "JSON null body": ("null", 422),
        "NaN": (_answers_text(quiz, "NaN"), 422),
    }


def _post(stack: Stack, text: str) -> requests.Response:
    return requests.post(
        stack.quiz_url + SUBMIT,
        data=text.encode("utf-8", "surrogateescape"),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )


def test_each_hostile_body_gets_its_4xx_in_the_error_shape(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    seen: dict[str, int] = {}
    for name, (text, _expected) in _bodies(quiz).items():
        response = _post(quiz_stack, text)
        seen[name] = response.status_code
        body = response.json()
        assert set(body) == {"code", "status", "message", "errors"}, (name, body)
        assert body["code"] == response.status_code, name
        assert body["message"], name
    assert seen == {name: expected for name, (_, expected) in _bodies(quiz).items()}
    log = quiz_stack.quiz.log_path.read_text(errors="replace")
    assert "RecursionError" not in log and "Traceback" not in log


def test_limit_messages_name_what_was_too_big(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    deep = _post(quiz_stack, '{"answers":' + "[" * 1000 + "]" * 1000 + "}").json()
    assert "deeper than 32 levels" in deep["message"]
    assert deep["errors"] == {"json": [deep["message"]]}
    huge = _post(quiz_stack, _answers_text(quiz, "9" * 5000)).json()
    assert "more than 64 digits" in huge["message"]


def test_limits_leave_valid_bodies_alone(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    text = _answers_text(quiz, "3").replace("}}", ',"min_annual_wage":250000.5}}')
    response = _post(quiz_stack, text)
    assert response.status_code == 202, response.text
    # digits and brackets inside strings are not counted
    response = requests.post(
        quiz_stack.quiz_url + SUBMIT,
        json={"answers": {"[[[[" * 40: "9" * 500}},
        timeout=10,
    )
    assert response.status_code == 422
    assert "[[[[" in str(response.json()["errors"])


@pytest.mark.parametrize(
    "path",
    ["/nowhere", "/v1/results/not-an-id", "/v1/quizzes/none", "/v1/results/" + "A" * 43],
)
def test_404s_have_the_error_shape_with_errors(quiz_stack: Stack, path: str) -> None:
    response = requests.get(quiz_stack.quiz_url + path, timeout=5)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"code", "status", "message", "errors"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("page=" + "9" * 3000, 422),
        ("per_page=-1", 422),
        ("job_zone=1e400", 422),
        ("q=" + "a" * 3000, 422),
        ("q=%ff%fe", 200),
    ],
)
def test_catalog_bad_parameters(catalog_service: Any, query: str, expected: int) -> None:
    response = requests.get(f"{catalog_service.url}/v1/careers?{query}", timeout=5)
    assert response.status_code == expected
    assert response.headers["Content-Type"].startswith("application/json")
    if expected >= 400:
        assert set(response.json()) == {"code", "status", "message", "errors"}
