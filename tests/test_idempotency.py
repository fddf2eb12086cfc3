"""Idempotency keys over real HTTP and Redis: random UUIDs only, tokens sealed with the key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.addresses import request_from
from tests.conftest import Stack

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"


def _post(stack: Stack, answers: dict[str, Any], key: str) -> requests.Response:
    return requests.post(
        stack.quiz_url + SUBMIT,
        json={"answers": answers},
        headers={"Idempotency-Key": key},
        timeout=10,
    )


@pytest.mark.parametrize(
    "key",
    [
        "k1",
        "order-42",
        "x" * 300,
        str(uuid.UUID(int=0)),  # the nil UUID
        str(uuid.uuid1()),  # time-based: guessable
        str(uuid.uuid3(uuid.NAMESPACE_DNS, "shop.example")),  # name-based: guessable
        "12345678-1234-4234-8234-12345678",  # too short
    ],
)
def test_guessable_keys_get_422_naming_the_header(
    quiz_stack: Stack, quiz: dict[str, Any], key: str
) -> None:
    response = _post(quiz_stack, random_answers(quiz, seed=5), key)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"] == {"Idempotency-Key": ["Must be a random UUID (version 4 or 7)."]}
    assert "Idempotency-Key" in body["message"]


def test_redis_holds_neither_the_key_nor_the_token(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    key = str(uuid.uuid4())
    accepted = _post(quiz_stack, random_answers(quiz, seed=11), key).json()
    client = quiz_stack.redis.client()
    stored = {name: client.dump(name) for name in client.scan_iter("cm:*")}
    token = accepted["deletion_token"]
    for name, value in stored.items():
        assert key not in name and key.replace("-", "") not in name
        assert value is None or token.encode() not in value, name
        assert value is None or key.encode() not in value, name
    idem = [name for name in stored if name.startswith("cm:idem:")]
    assert idem, "the binding is stored"


def test_another_key_never_gets_the_first_submission(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    answers = random_answers(quiz, seed=12)
    first = _post(quiz_stack, answers, str(uuid.uuid4())).json()
    second = _post(quiz_stack, answers, str(uuid.uuid4())).json()
    assert first["id"] != second["id"]
    assert first["deletion_token"] != second["deletion_token"]
    # a client with its own key cannot delete the first result
    response = requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{first['id']}",
        headers={"X-Deletion-Token": second["deletion_token"]},
        timeout=10,
    )
    assert response.status_code == 403


def test_retry_from_a_changed_address_gets_the_same_submission(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    key, answers = str(uuid.uuid4()), random_answers(quiz, seed=13)
    headers = {"Idempotency-Key": key}
    body = {"answers": answers}
    url = quiz_stack.quiz_url + SUBMIT
    first = request_from("127.0.0.2", "POST", url, json_body=body, headers=headers)
    again = request_from("127.0.0.3", "POST", url, json_body=body, headers=headers)
    assert first.status == again.status == 202
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["deletion_token"] == again.json()["deletion_token"]
    deleted = requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{first.json()['id']}",
        headers={"X-Deletion-Token": again.json()["deletion_token"]},
        timeout=10,
    )
    assert deleted.status_code == 204


def test_uuid7_is_accepted(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    raw = bytearray(uuid.uuid4().bytes)
    raw[6] = (raw[6] & 0x0F) | 0x70  # version 7
    key = str(uuid.UUID(bytes=bytes(raw)))
    assert _post(quiz_stack, random_answers(quiz, seed=14), key).status_code == 202


def test_a_deleted_submission_stays_deleted(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    """Before the tombstone, the replay answered 202 with the deleted id and matched it again
    (a second webhook for a site's submission)."""
    key, answers = str(uuid.uuid4()), random_answers(quiz, seed=23)
    accepted = _post(quiz_stack, answers, key).json()
    url = f"{quiz_stack.quiz_url}/v1/results/{accepted['id']}"
    deleted = requests.delete(
        url, headers={"X-Deletion-Token": accepted["deletion_token"]}, timeout=10
    )
    assert deleted.status_code == 204
    replay = _post(quiz_stack, answers, key)
    assert replay.status_code == 410, replay.text
    assert list(replay.json()["errors"]) == ["Idempotency-Key"]
    assert requests.get(url, timeout=10).status_code == 404
    assert not quiz_stack.redis.client().exists(f"cm:sub:{accepted['id']}")
    # another key with the same body is a new submission, as always
    assert _post(quiz_stack, answers, str(uuid.uuid4())).status_code == 202
