"""Hostile bodies and parameters over real HTTP: each gets a JSON 4xx, never a 500.

Before the depth and number checks, three of these bodies gave a 500 with a traceback:
arrays nested 1,000 deep (``RecursionError`` in the JSON parser), an object nested 10,000
deep inside one answer, and an integer of 5,000 digits (Python's int-conversion limit).
Three more did until the answer rules and the body reader handled them: a lone surrogate
(``"\ud800"``) as an answer's key or as the location answer (msgspec's
``UnicodeEncodeError``), and a chunked body whose chunk size is not hex (gunicorn's
``InvalidChunkSize`` raised from the body read).
"""

from __future__ import annotations

import socket
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
        "lone surrogate as an answer key": ('{"answers":{"\\ud800":1}}', 422),
        "lone surrogate as the location": (_with_location('"\\ud800"', quiz), 422),
    }


def _with_location(text: str, quiz: dict[str, Any]) -> str:
    answers = random_answers(quiz, seed=3)
    answers.pop("location", None)
    rest = ",".join(f'"{k}":{v}' for k, v in answers.items())
    return f'{{"answers":{{"location":{text},{rest}}}}}'


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


def test_a_lone_surrogate_is_named_in_the_errors(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    key = _post(quiz_stack, '{"answers":{"\\ud800":1}}')
    assert key.status_code == 422, key.text
    # the key is named as its escape, which (unlike the surrogate) UTF-8 can carry
    assert "\\ud800" in key.json()["errors"]["answers"], key.text
    location = _post(quiz_stack, _with_location('"\\ud800"', quiz))
    assert location.status_code == 422
    assert list(location.json()["errors"]["answers"]) == ["location"], location.text


def _raw_status(port: int, payload: bytes) -> tuple[int, bytes]:
    """Send raw bytes; the status and the whole answer (the server closes after an error)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(payload)
        data = b""
        while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1]), data


@pytest.mark.parametrize("service", ["quiz", "catalog"])
def test_invalid_chunk_size_is_400(quiz_stack: Stack, catalog_service: Any, service: str) -> None:
    port = quiz_stack.quiz.port if service == "quiz" else catalog_service.port
    path = SUBMIT if service == "quiz" else "/v1/careers"
    payload = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"
    ).encode()
    status, data = _raw_status(port, payload)
    assert status == 400, data[:400]
    assert b"application/json" in data.lower()


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
