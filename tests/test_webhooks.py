"""Webhooks: a finished result reaches the site's receiver, signed as Standard Webhooks say.

The verifier here is written from the Standard Webhooks specification, not from our sender:
signature = base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), where the
key is the base64 after the ``whsec_`` prefix, sent as space-separated ``v1,<sig>`` entries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from scripts.sample_answers import random_answers
from services.matcher.webhooks import sign
from tests.conftest import TEST_WEBHOOK_SECRET, Stack
from tests.support import WebhookReceiver, submit

TOLERANCE_SECONDS = 5 * 60


def verify(secret: str, headers: dict[str, str], body: bytes, now: float) -> bool:
    """Standard Webhooks verification of one delivery."""
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed_content = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed_content, hashlib.sha256).digest()).decode()
    for entry in headers["webhook-signature"].split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    return False


def test_verifier_rejects_tampering() -> None:
    body = b'{"a":1}'
    ts = int(time.time())
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(ts),
        "webhook-signature": sign(TEST_WEBHOOK_SECRET, "msg_1", ts, body.decode()),
    }
    assert verify(TEST_WEBHOOK_SECRET, headers, body, time.time())
    assert not verify(TEST_WEBHOOK_SECRET, headers, b'{"a":2}', time.time())
    assert not verify(TEST_WEBHOOK_SECRET, headers, body, time.time() + 3600)
    assert not verify("whsec_" + base64.b64encode(b"x" * 32).decode(), headers, body, time.time())


@pytest.mark.integration
def test_result_reaches_site_webhook(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    webhooks.fail_first = 1  # the first delivery fails: the sender must retry
    accepted = submit(
        quiz_stack.quiz_url,
        random_answers(quiz, seed=11),
        params={"site": "test-site"},
        headers={"Origin": quiz_stack.host_origin},
    ).json()
    delivery = webhooks.next()
    attempts = webhooks.attempts
    headers, body = delivery.headers, delivery.body
    valid = verify(TEST_WEBHOOK_SECRET, headers, body, time.time())
    assert valid, headers
    payload = json.loads(body)
    assert payload["type"] == "result.done"
    assert payload["attribution"] == {
        "site": "test-site",
        "method": "browser_origin",
        "origin": quiz_stack.host_origin,
    }
    assert payload["data"]["id"] == accepted["id"]
    assert payload["data"]["status"] == "done" and len(payload["data"]["matches"]) >= 20
    assert headers["webhook-id"] == f"msg_{accepted['id']}"
    assert attempts == 2
