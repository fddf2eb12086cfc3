"""Who a submission is for, and who is sent its result: over real HTTP, Redis and a worker.

Before attribution, 100 POSTs with ``?site=`` and no Origin made 100 webhooks signed with
the site's secret, and the secret sat in every submission record.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import (
    KEYED_API_KEY,
    KEYED_WEBHOOK_LIMIT,
    TEST_API_KEY,
    TEST_WEBHOOK_SECRET,
    Stack,
)
from tests.support import WebhookReceiver

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"


def _post(
    stack: Stack,
    quiz: dict[str, Any],
    seed: int,
    *,
    site: str | None = None,
    origin: str | None = None,
    key: str | None = None,
) -> requests.Response:
    headers = {}
    if origin:
        headers["Origin"] = origin
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return requests.post(
        stack.quiz_url + SUBMIT,
        params={"site": site} if site else None,
        json={"answers": random_answers(quiz, seed=seed)},
        headers=headers,
        timeout=10,
    )


def test_forged_site_claims_are_refused(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    client = quiz_stack.redis.client()
    before = sum(1 for _ in client.scan_iter("cm:sub:*"))
    statuses = [_post(quiz_stack, quiz, seed, site="test-site").status_code for seed in range(100)]
    other = _post(quiz_stack, quiz, 1, site="test-site", origin="http://evil.example")
    wrong_key = _post(quiz_stack, quiz, 1, key="cmk_" + "x" * 43)
    not_bearer = requests.post(
        quiz_stack.quiz_url + SUBMIT,
        json={"answers": random_answers(quiz)},
        headers={"Authorization": f"Basic {TEST_API_KEY}"},
        timeout=10,
    )
    other_sites_key = _post(quiz_stack, quiz, 1, site="other-site", key=TEST_API_KEY)
    assert statuses == [403] * 100
    assert other.status_code == 403 and "site" in other.json()["errors"]
    assert wrong_key.status_code == 401 and "Authorization" in wrong_key.json()["errors"]
    assert not_bearer.status_code == 401
    assert other_sites_key.status_code == 403
    assert sum(1 for _ in client.scan_iter("cm:sub:*")) == before, "no record, so no webhook"
    # the next genuine submission's webhook is the only one sent
    genuine = _post(quiz_stack, quiz, 200, site="test-site", origin=quiz_stack.host_origin)
    assert genuine.status_code == 202
    got = webhooks.until(genuine.json()["id"])
    # (retries of webhooks that earlier tests left undelivered may arrive too)
    assert genuine.json()["id"] in [d.payload["data"]["id"] for d in got]


def test_keyed_submission_is_marked_as_such(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    response = _post(quiz_stack, quiz, 300, key=TEST_API_KEY)
    assert response.status_code == 202, response.text
    first = webhooks.of(response.json()["id"])
    assert first.path == "/hooks/career-match"
    assert first.payload["attribution"] == {"site": "test-site", "method": "site_key"}


def test_frame_submission_is_a_browser_at_an_allowed_origin(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    # the quiz frame posts from the quiz's own origin; browsers let only allowed sites frame it
    response = _post(quiz_stack, quiz, 301, site="test-site", origin=quiz_stack.quiz_url)
    assert response.status_code == 202, response.text
    first = webhooks.of(response.json()["id"])
    assert first.payload["attribution"]["method"] == "browser_origin"


def test_records_hold_no_webhook_secret(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    response = _post(quiz_stack, quiz, 302, site="test-site", origin=quiz_stack.host_origin)
    client = quiz_stack.redis.client()
    record = client.hgetall(f"cm:sub:{response.json()['id']}")
    assert json.loads(record["attribution"]) == {
        "site": "test-site",
        "method": "browser_origin",
        "origin": quiz_stack.host_origin,
    }
    secret_part = TEST_WEBHOOK_SECRET.removeprefix("whsec_")
    for name in client.scan_iter("cm:*"):
        value = client.dump(name) or b""
        assert secret_part.encode() not in value, name
        assert TEST_API_KEY.encode() not in value, name
        assert b"/hooks/" not in value, name


def test_keyed_only_site_and_its_webhook_limit(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    by_browser = _post(quiz_stack, quiz, 400, site="keyed-site", origin=quiz_stack.host_origin)
    assert by_browser.status_code == 202
    keyed = [_post(quiz_stack, quiz, 401 + n, key=KEYED_API_KEY) for n in range(5)]
    assert [r.status_code for r in keyed] == [202] * 5
    # a last keyed submission to test-site marks the end of the queue
    marker = _post(quiz_stack, quiz, 499, key=TEST_API_KEY)
    got = webhooks.until(marker.json()["id"])
    to_keyed = [d.payload for d in got if d.path == "/hooks/keyed"]
    assert len(to_keyed) == KEYED_WEBHOOK_LIMIT
    assert {p["attribution"]["method"] for p in to_keyed} == {"site_key"}
    assert by_browser.json()["id"] not in {p["data"]["id"] for p in to_keyed}
    assert "site keyed-site is over its limit" in quiz_stack.worker_log()
