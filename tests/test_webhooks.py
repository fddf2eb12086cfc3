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
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

import pytest
import redis

from scripts.sample_answers import random_answers
from services.matcher import webhooks
from services.matcher.webhooks import sign
from shared import records
from shared.contract.request import SubmissionRequest
from shared.contract.result import ResultBody
from shared.ids import new_id
from shared.records import submission_key
from shared.sites import BY_BROWSER_ORIGIN, BY_SITE_KEY, Site
from tests.conftest import TEST_WEBHOOK_SECRET, Stack
from tests.golden_results import compute, request_for
from tests.support import RedisServer, WebhookReceiver, submit

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
    webhooks.statuses[:] = [503]  # the first delivery fails: the sender must retry
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


@pytest.fixture()
def hooks_db(redis_server: RedisServer) -> Iterator[tuple[redis.Redis, str]]:
    """An empty database of the session's server that no running worker reads, and its URL."""
    url = redis_server.url.rsplit("/", 1)[0] + "/6"
    client = redis.Redis.from_url(url, decode_responses=True)
    client.flushdb()
    yield client, url
    client.flushdb()


@pytest.mark.integration
def test_deliver_result_sends_a_done_result_signed_within_the_site_limit(
    hooks_db: tuple[redis.Redis, str],
) -> None:
    """The delivery function alone: a record in real Redis, a real receiver on loopback."""
    client, url = hooks_db
    receiver = WebhookReceiver()
    site = Site(
        key="hooked",
        name="Hooked",
        allowed_origins=(),
        webhook_url=receiver.url,
        webhook_secret=TEST_WEBHOOK_SECRET,
        webhook_limit="1/hour",
    )
    sites = {site.key: site}
    limiter = webhooks.SiteLimiter(url, "100/hour")
    sid = new_id()
    request = {"id": sid, "created_at": records.utc_now(), "site": site.key}
    request |= request_for("short-flat")
    attribution = {"site": site.key, "method": BY_SITE_KEY}
    records.create(
        client,
        cast(SubmissionRequest, request),
        ttl=600,
        deletion_hash="h",
        attribution=attribution,
    )

    def send(*, retry: bool = False, to: dict[str, Site] = sites) -> int | None:
        return webhooks.deliver_result(client, to, limiter, sid, retry=retry, timeout=10)

    assert send() is None, "a queued submission has no result to send"
    assert webhooks.deliver_result(client, sites, limiter, "not an id") is None
    assert receiver.posts == []

    records.finish(client, sid, cast(ResultBody, compute("short-flat")))
    other = Site(key="other", name="Other", allowed_origins=())  # no webhook
    assert send(to={"other": other}) is None, "no site of the attribution"
    assert send(to={site.key: other}) is None, "the site has no webhook now"
    assert receiver.posts == []

    receiver.statuses[:] = [503, 410]
    with pytest.raises(webhooks.WebhookRejected):  # a 5xx asks for a retry ...
        send()
    assert send(retry=True) == 410  # ... which the site's limit does not refuse; 4xx ends it
    assert send() is None, "over the site's limit of one an hour"
    assert [status for status, _ in receiver.posts] == [503, 410], "both deliveries ran"
    for _, delivery in receiver.posts:
        assert verify(TEST_WEBHOOK_SECRET, delivery.headers, delivery.body, time.time())
        assert delivery.headers["webhook-id"] == f"msg_{sid}"
        assert delivery.body == receiver.posts[0][1].body
    payload = receiver.posts[0][1].payload
    assert payload["type"] == "result.done"
    assert payload["attribution"] == attribution
    assert payload["data"]["id"] == sid and payload["data"]["status"] == "done"
    assert payload["data"]["matches"] == json.loads(json.dumps(compute("short-flat")["matches"]))

    browser = {site.key: replace(site, webhooks_only_keyed=True)}
    client.hset(
        submission_key(sid),
        "attribution",
        json.dumps({"site": site.key, "method": BY_BROWSER_ORIGIN}),
    )
    assert send(retry=True, to=browser) is None, "the site takes keyed submissions only"
    assert len(receiver.posts) == 2
    receiver.close()


@pytest.mark.integration
def test_browser_webhooks_cannot_spend_the_keyed_budget(
    hooks_db: tuple[redis.Redis, str],
) -> None:
    """Before, one budget per site: forged browser submissions used it up, and the site's own
    keyed submission then got no webhook ("site ... is over its limit")."""
    client, url = hooks_db
    receiver = WebhookReceiver()
    site = Site(
        key="budgeted",
        name="Budgeted",
        allowed_origins=("https://budgeted.example",),
        webhook_url=receiver.url,
        webhook_secret=TEST_WEBHOOK_SECRET,
        webhook_limit="2/hour",
    )
    limiter = webhooks.SiteLimiter(url, "100/hour")

    def finished(method: str) -> str:
        sid = new_id()
        request = {"id": sid, "created_at": records.utc_now(), "site": site.key}
        request |= request_for("short-flat")
        records.create(
            client,
            cast(SubmissionRequest, request),
            ttl=600,
            deletion_hash="h",
            attribution={"site": site.key, "method": method},
        )
        records.finish(client, sid, cast(ResultBody, compute("short-flat")))
        return sid

    def send(sid: str) -> int | None:
        return webhooks.deliver_result(client, {site.key: site}, limiter, sid, timeout=10)

    try:
        flood = [send(finished(BY_BROWSER_ORIGIN)) for _ in range(4)]
        assert flood == [204, 204, None, None], "the browser budget is the site's limit"
        keyed = [send(finished(BY_SITE_KEY)) for _ in range(3)]
        assert keyed == [204, 204, None], "keyed submissions have a budget of their own"
        assert len(receiver.posts) == 4
    finally:
        receiver.close()
