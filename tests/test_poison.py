"""Poison messages and a catalog answering garbage, against a real worker, Redis and HTTP.

A task for a corrupt record, an off-contract request or junk arguments ends ``failed`` with a
reason (or is dropped when there is no record) and is never delivered again; a catalog that
answers garbage leaves the matcher on the snapshot it holds.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from services.matcher import catalog_arrays, jobs
from services.matcher.catalog_client import CatalogClient
from shared import records
from shared.celery import MATCH_QUEUE, MATCH_TASK, create_celery
from shared.ids import new_id
from shared.records import SNAPSHOT_KEY, submission_key
from shared.settings import Settings
from tests.conftest import Stack
from tests.support import HttpService, submit, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def sender(quiz_stack: Stack) -> Any:
    return create_celery(Settings.from_env({"REDIS_URL": quiz_stack.redis_url}), name="poison")


def _real_request(stack: Stack, quiz: dict[str, Any], seed: int) -> dict[str, Any]:
    """The stored request of a real submission, to corrupt copies of."""
    accepted = submit(stack.quiz_url, random_answers(quiz, seed=seed)).json()
    client = stack.redis.client()
    stored = client.hget(submission_key(accepted["id"]), "request")
    request: dict[str, Any] = json.loads(records.unpack(stored))
    return request


def _plant(client: redis.Redis, request_text: str, **extra: Any) -> str:
    sid = new_id()
    client.hset(
        submission_key(sid),
        mapping={
            "request": request_text,
            "status": "queued",
            "created_at": "2026-01-01T00:00:00.000Z",
            "deliveries": 0,
            "ttl": 600,
            **extra,
        },
    )
    client.expire(submission_key(sid), 600)
    return sid


def _final(client: redis.Redis, sid: str, timeout: float = 30) -> dict[str, str]:
    def final() -> bool:
        return client.hget(submission_key(sid), "status") in ("done", "failed")

    wait_until(final, timeout, f"{sid} to end")
    return dict(client.hgetall(submission_key(sid)))


def test_poison_records_end_failed_with_a_reason_once(
    quiz_stack: Stack, quiz: dict[str, Any], sender: Any
) -> None:
    client = quiz_stack.redis.client()
    good = _real_request(quiz_stack, quiz, seed=21)
    cases = {
        "not JSON": ("{corrupt", jobs.UNREADABLE),
        "corrupt compression": ("z1:bm90IHpsaWI=", jobs.UNREADABLE),
        "not an object": ("[1, 2, 3]", "does not match any quiz"),
        "no items": (json.dumps({k: v for k, v in good.items() if k != "items"}), "items"),
        "unknown quiz version": (
            json.dumps(good | {"quiz_version": "99-unknown", "weights": {"luck": 1.0}}),
            "weights: luck",
        ),
        "answers to no item": (
            json.dumps(good | {"answers": good["answers"] | {"zz_nothing": 3}}),
            "answers to no item",
        ),
        "items of the wrong kind": (
            json.dumps(good | {"items": [dict(good["items"][0], kind="magic")]}),
            "items",
        ),
    }
    planted = {name: _plant(client, text) for name, (text, _) in cases.items()}
    looping = _plant(client, json.dumps(good | {"id": "x"}), deliveries=10_000)
    for sid in [*planted.values(), looping]:
        sender.send_task(MATCH_TASK, args=[sid], queue=MATCH_QUEUE)
    for name, sid in planted.items():
        record = _final(client, sid)
        assert record["status"] == "failed", name
        assert cases[name][1] in record["reason"], (name, record["reason"])
    assert "attempts" in _final(client, looping)["reason"]
    time.sleep(2)  # nothing comes back: each was delivered exactly once
    for sid in planted.values():
        assert client.hget(submission_key(sid), "deliveries") == "1"
    # the quiz answers for a readable one, and does not fail on the unreadable one
    readable = requests.get(
        f"{quiz_stack.quiz_url}/v1/results/{planted['unknown quiz version']}", timeout=5
    )
    assert readable.status_code == 200 and readable.json()["status"] == "failed"
    assert readable.json()["reason"]
    unreadable = requests.get(f"{quiz_stack.quiz_url}/v1/results/{planted['not JSON']}", timeout=5)
    assert unreadable.status_code == 404


def test_junk_messages_are_dropped_and_work_goes_on(
    quiz_stack: Stack, quiz: dict[str, Any], sender: Any
) -> None:
    client = quiz_stack.redis.client()
    for args, kwargs in [
        ([], {}),
        ([123], {}),
        ([None], {}),
        ([{"id": 1}], {}),
        (["../../etc/passwd"], {}),
        (["A" * 100_000], {}),
        ([new_id()], {}),  # a valid id with no record
        (["a", "b"], {}),
        ([new_id()], {"extra": True}),
    ]:
        sender.send_task(MATCH_TASK, args=args, kwargs=kwargs, queue=MATCH_QUEUE)
    sender.send_task("matcher.no_such_task", args=[1], queue=MATCH_QUEUE)
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=22)).json()
    assert _final(client, accepted["id"])["status"] == "done"

    def drained() -> bool:
        # webhook retries that earlier tests left may wait in "unacked"; no match task may
        unacked = " ".join(str(v) for v in client.hvals("unacked"))
        return client.llen(MATCH_QUEUE) == 0 and MATCH_TASK not in unacked

    wait_until(drained, 30, "the match queue to drain")
    time.sleep(1)
    assert drained(), "a junk message came back"
    assert "dropped a match task" in quiz_stack.worker_log()


class _Garbage:
    """What the garbage catalog answers next: a mode name, see the handler."""

    mode = "real"


@pytest.fixture()
def garbage_catalog(catalog_service: HttpService) -> Iterator[tuple[str, type[_Garbage]]]:
    real = requests.get(catalog_service.url + "/v1/catalog/snapshot", timeout=30).content
    doc = json.loads(real)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            mode = _Garbage.mode
            body: bytes
            if mode == "real":
                body = real
            elif mode == "bad json":
                body = real[: len(real) // 2]
            elif mode == "wrong shape":
                body = json.dumps({"version": "x", "careers": {"code": []}}).encode()
            elif mode == "ragged columns":
                careers = dict(doc["careers"], title=doc["careers"]["title"][:5])
                body = json.dumps(dict(doc, careers=careers)).encode()
            elif mode == "unconvertible":
                careers = dict(doc["careers"], interests=[["x"]] * len(doc["careers"]["code"]))
                body = json.dumps(dict(doc, careers=careers, version="evil")).encode()
            elif mode == "not utf-8":
                body = b'{"version": "\xff\xfe"}'
            elif mode == "gzip bomb":
                self.send_response(200)
                bomb = gzip.compress(b"[" + b" " * (40 * 1024 * 1024) + b"]")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(bomb)))
                self.send_header("ETag", '"bomb"')
                self.end_headers()
                self.wfile.write(bomb)
                return
            else:  # "huge": 40 MB of a JSON string
                self.send_response(200)
                self.send_header("Content-Length", str(40 * 1024 * 1024 + 2))
                self.send_header("ETag", '"huge"')
                self.end_headers()
                try:
                    self.wfile.write(b'"')
                    for _ in range(40):
                        self.wfile.write(b"x" * 1024 * 1024)
                    self.wfile.write(b'"')
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", f'"{mode}"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Garbage.mode = "real"
    yield f"http://127.0.0.1:{server.server_address[1]}", _Garbage
    server.shutdown()
    server.server_close()


def test_garbage_from_the_catalog_keeps_the_current_snapshot(
    garbage_catalog: tuple[str, type[_Garbage]], redis_client: redis.Redis
) -> None:

    url, garbage = garbage_catalog
    redis_client.delete(SNAPSHOT_KEY)
    client = CatalogClient(url, redis_client, catalog_arrays.catalog_arrays, revalidate_seconds=0)
    held = client.get()
    etag = client.etag
    assert etag == '"real"' and redis_client.hget(SNAPSHOT_KEY, "etag") == etag
    for mode in (
        "bad json",
        "wrong shape",
        "ragged columns",
        "unconvertible",
        "not utf-8",
        "huge",
        "gzip bomb",
    ):
        garbage.mode = mode
        started = time.monotonic()
        assert client.get() is held, mode
        assert client.etag == etag, mode
        assert time.monotonic() - started < 10, mode
        assert redis_client.hget(SNAPSHOT_KEY, "etag") == etag, "the copy in Redis stays"
    # a new worker with only garbage to fetch scores from the copy in Redis
    garbage.mode = "wrong shape"
    fresh = CatalogClient(url, redis_client, catalog_arrays.catalog_arrays)
    assert fresh.get().version == held.version and fresh.source == "redis"
