"""The matcher's moving parts against real Redis and a real catalog: snapshot client, sweep."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from services.matcher import sweep
from services.matcher.catalog_client import CatalogClient, CatalogUnavailable
from shared import records
from shared.contract import PENDING_KEY, SNAPSHOT_KEY
from tests.support import HttpService, RedisServer, free_port

pytestmark = pytest.mark.integration


def _count(doc: dict[str, Any]) -> int:
    return len(doc["careers"]["code"])


def test_snapshot_fetched_once_then_revalidated(
    catalog_service: HttpService, redis_client: redis.Redis
) -> None:
    redis_client.delete(SNAPSHOT_KEY)
    client = CatalogClient(catalog_service.url, redis_client, _count, revalidate_seconds=0)
    assert client.get() == 923 and client.source == "catalog"
    etag = client.etag
    assert etag and redis_client.hget(SNAPSHOT_KEY, "etag") == etag
    calls: list[int] = []
    original = client.session.get

    def spy(*args: Any, **kwargs: Any) -> Any:
        response = original(*args, **kwargs)
        calls.append(response.status_code)
        return response

    client.session.get = spy  # type: ignore[method-assign]
    assert client.get() == 923
    assert calls == [304], "a held snapshot is only revalidated"


def test_worker_started_while_catalog_down_uses_redis_copy(
    catalog_service: HttpService, redis_client: redis.Redis
) -> None:
    CatalogClient(catalog_service.url, redis_client, _count).get()  # leaves the copy
    down = f"http://127.0.0.1:{free_port()}"
    client = CatalogClient(down, redis_client, _count, timeout=0.5)
    assert client.get() == 923 and client.source == "redis"
    redis_client.delete(SNAPSHOT_KEY)
    with pytest.raises(CatalogUnavailable):
        CatalogClient(down, redis_client, _count, timeout=0.5).get()


def _pending(client: redis.Redis, n: int, age: float, prefix: str = "sweep") -> list[str]:
    ids = []
    for i in range(n):
        sid = f"{prefix}{i:02d}" + "x" * 25
        request = {
            "id": sid,
            "quiz_id": "q",
            "quiz_version": "1",
            "created_at": "t",
            "answers": {},
            "items": [],
            "weights": {},
        }
        records.create(client, request, ttl=600, deletion_hash="h")
        client.zadd(PENDING_KEY, {sid: time.time() - age})
        ids.append(sid)
    return ids


@pytest.fixture()
def own_db(redis_server: RedisServer) -> Iterator[redis.Redis]:
    """An empty database of the session's server that no running worker sweeps."""
    client = redis.Redis.from_url(redis_server.url.rsplit("/", 1)[0] + "/5", decode_responses=True)
    client.flushdb()
    yield client
    client.flushdb()


def test_sweep_resends_stale_and_fails_exhausted(own_db: redis.Redis) -> None:
    redis_client = own_db
    stale_ids = _pending(redis_client, 3, age=600)
    fresh = _pending(redis_client, 1, age=0, prefix="fresh")[0]
    records.finish(redis_client, stale_ids[2], {"done": True})
    redis_client.zadd(PENDING_KEY, {stale_ids[2]: time.time() - 600})
    redis_client.hset(records.submission_key(stale_ids[1]), "resends", 4)
    sent: list[str] = []
    report = sweep.sweep(
        redis_client,
        sent.append,
        stale_after=60,
        max_attempts=5,
        lock_seconds=5,
        owner="test",
        queue="test-backlog",
    )
    assert sent == [stale_ids[0]] and report.resent == (stale_ids[0],)
    assert report.failed == (stale_ids[1],)
    assert records.load(redis_client, stale_ids[1]).status == "failed"  # type: ignore[union-attr]
    assert stale_ids[2] in report.dropped
    assert fresh not in sent
    # a queued submission behind a backlog is waiting its turn, not lost
    records.start(redis_client, stale_ids[0])  # pretend it ran once, then went quiet
    waiting = _pending(redis_client, 1, age=600, prefix="waits")[0]
    redis_client.delete(sweep.LOCK_KEY)
    redis_client.rpush("test-backlog", "message")
    behind = sweep.sweep(
        redis_client,
        sent.append,
        stale_after=60,
        max_attempts=5,
        lock_seconds=5,
        owner="test",
        queue="test-backlog",
        now=time.time() + 600,
    )
    assert waiting not in behind.resent and stale_ids[0] in behind.resent
    redis_client.delete("test-backlog", sweep.LOCK_KEY)
    drained = sweep.sweep(
        redis_client,
        sent.append,
        stale_after=60,
        max_attempts=5,
        lock_seconds=5,
        owner="test",
        queue="test-backlog",
        now=time.time() + 600,
    )
    assert waiting in drained.resent
    again = sweep.sweep(
        redis_client, sent.append, stale_after=60, max_attempts=5, lock_seconds=5, owner="other"
    )
    assert again.skipped, "one sweeper per interval"
