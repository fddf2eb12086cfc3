"""Who a submission is for, and who is sent its result: over real HTTP, Redis and a worker.

Before attribution, 100 POSTs with ``?site=`` and no Origin made 100 webhooks signed with
the site's secret, and the secret sat in every submission record.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from tests.conftest import (
    KEYED_API_KEY,
    KEYED_WEBHOOK_LIMIT,
    TEST_API_KEY,
    TEST_WEBHOOK_SECRET,
    Stack,
)
from tests.quiz_answers import answers_for

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"


@pytest.fixture(scope="module")
def quiz(quiz_stack: Stack) -> dict[str, Any]:
    return requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/career-match", timeout=5).json()


@pytest.fixture()
def hooks(quiz_stack: Stack) -> Iterator[queue.Queue[tuple[str, dict[str, Any]]]]:
    """Every webhook the stack sends, as (path, payload)."""
    received: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((self.path, json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", quiz_stack.webhook_port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield received
    server.shutdown()
    server.server_close()


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
        json={"answers": answers_for(quiz, seed=seed)},
        headers=headers,
        timeout=10,
    )


def _collect(received: queue.Queue[tuple[str, dict[str, Any]]], until_id: str) -> list[Any]:
    """Webhooks received until the one for ``until_id`` (sent last), plus a short grace."""
    got: list[tuple[str, dict[str, Any]]] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            got.append(received.get(timeout=1))
        except queue.Empty:
            continue
        if got[-1][1]["data"]["id"] == until_id:
            break
    else:
        raise AssertionError(f"no webhook for {until_id}; got {got}")
    time.sleep(1.0)
    while not received.empty():
        got.append(received.get_nowait())
    return got


def test_forged_site_claims_are_refused(
    quiz_stack: Stack, quiz: dict[str, Any], hooks: Any
) -> None:
    client = quiz_stack.redis.client()
    before = sum(1 for _ in client.scan_iter("cm:sub:*"))
    statuses = [_post(quiz_stack, quiz, seed, site="test-site").status_code for seed in range(100)]
    other = _post(quiz_stack, quiz, 1, site="test-site", origin="http://evil.example")
    wrong_key = _post(quiz_stack, quiz, 1, key="cmk_" + "x" * 43)
    not_bearer = requests.post(
        quiz_stack.quiz_url + SUBMIT,
        json={"answers": answers_for(quiz)},
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
    got = _collect(hooks, genuine.json()["id"])
    # (retries of webhooks that earlier tests left undelivered may arrive too)
    assert genuine.json()["id"] in [payload["data"]["id"] for _, payload in got]


def test_keyed_submission_is_marked_as_such(
    quiz_stack: Stack, quiz: dict[str, Any], hooks: Any
) -> None:
    response = _post(quiz_stack, quiz, 300, key=TEST_API_KEY)
    assert response.status_code == 202, response.text
    (path, payload), *_ = _collect(hooks, response.json()["id"])
    assert path == "/hooks/career-match"
    assert payload["attribution"] == {"site": "test-site", "method": "site_key"}


def test_frame_submission_is_a_browser_at_an_allowed_origin(
    quiz_stack: Stack, quiz: dict[str, Any], hooks: Any
) -> None:
    # the quiz frame posts from the quiz's own origin; browsers let only allowed sites frame it
    response = _post(quiz_stack, quiz, 301, site="test-site", origin=quiz_stack.quiz_url)
    assert response.status_code == 202, response.text
    (_, payload), *_ = _collect(hooks, response.json()["id"])
    assert payload["attribution"]["method"] == "browser_origin"


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
    quiz_stack: Stack, quiz: dict[str, Any], hooks: Any
) -> None:
    by_browser = _post(quiz_stack, quiz, 400, site="keyed-site", origin=quiz_stack.host_origin)
    assert by_browser.status_code == 202
    keyed = [_post(quiz_stack, quiz, 401 + n, key=KEYED_API_KEY) for n in range(5)]
    assert [r.status_code for r in keyed] == [202] * 5
    # a last keyed submission to test-site marks the end of the queue
    marker = _post(quiz_stack, quiz, 499, key=TEST_API_KEY)
    got = _collect(hooks, marker.json()["id"])
    to_keyed = [payload for path, payload in got if path == "/hooks/keyed"]
    assert len(to_keyed) == KEYED_WEBHOOK_LIMIT
    assert {p["attribution"]["method"] for p in to_keyed} == {"site_key"}
    assert by_browser.json()["id"] not in {p["data"]["id"] for p in to_keyed}
    log = "\n".join(w.log_path.read_text(errors="replace") for w in quiz_stack.workers)
    assert "site keyed-site is over its limit" in log
