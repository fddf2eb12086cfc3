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
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import pytest
import redis
import requests

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
from tests.quiz_answers import answers_for
from tests.support import RedisServer

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
def test_result_reaches_site_webhook(quiz_stack: Stack) -> None:
    received: queue.Queue[tuple[dict[str, str], bytes, bool]] = queue.Queue()
    attempts = {"n": 0}

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {k.lower(): v for k, v in self.headers.items()}
            attempts["n"] += 1
            if attempts["n"] == 1:  # the first delivery fails: the sender must retry
                self.send_response(503)
                self.end_headers()
                return
            received.put((headers, body, verify(TEST_WEBHOOK_SECRET, headers, body, time.time())))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", quiz_stack.webhook_port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        quiz = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/career-match", timeout=5).json()
        accepted = requests.post(
            f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
            params={"site": "test-site"},
            json={"answers": answers_for(quiz, seed=11)},
            headers={"Origin": quiz_stack.host_origin},
            timeout=10,
        ).json()
        headers, body, valid = received.get(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
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
    assert attempts["n"] == 2


@dataclass
class Receiver:
    """A site's webhook receiver on loopback: answers ``statuses`` in turn, keeps every POST."""

    url: str
    statuses: list[int]
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    box = Receiver("", [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            box.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(box.statuses.pop(0) if box.statuses else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield box
    server.shutdown()
    server.server_close()


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
    receiver: Receiver, hooks_db: tuple[redis.Redis, str]
) -> None:
    """The delivery function alone: a record in real Redis, a real receiver on loopback."""
    client, url = hooks_db
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
    assert receiver.got == []

    records.finish(client, sid, cast(ResultBody, compute("short-flat")))
    other = Site(key="other", name="Other", allowed_origins=())  # no webhook
    assert send(to={"other": other}) is None, "no site of the attribution"
    assert send(to={site.key: other}) is None, "the site has no webhook now"
    assert receiver.got == []

    receiver.statuses[:] = [503, 410]
    with pytest.raises(webhooks.WebhookRejected):  # a 5xx asks for a retry ...
        send()
    assert send(retry=True) == 410  # ... which the site's limit does not refuse; 4xx ends it
    assert send() is None, "over the site's limit of one an hour"
    assert len(receiver.got) == 2, "both deliveries ran, the refused one did not"
    for headers, body in receiver.got:
        assert verify(TEST_WEBHOOK_SECRET, headers, body, time.time())
        assert headers["webhook-id"] == f"msg_{sid}"
        assert body == receiver.got[0][1]
    payload = json.loads(receiver.got[0][1])
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
    assert len(receiver.got) == 2
