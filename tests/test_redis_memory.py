"""Redis memory is bounded by design: under ``maxmemory`` only finished results and caches go.

A real redis-server with a small ``maxmemory`` and the project's eviction policy is filled
far past its limit with finished results while pending submissions and broker messages are
added: the finished results are evicted, every pending submission and message stays.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from shared import records
from shared.celery import MATCH_QUEUE
from shared.ids import new_id
from shared.records import PENDING_KEY, submission_key
from tests.support import HttpService, RedisServer

pytestmark = pytest.mark.integration

MAXMEMORY = 8 * 1024 * 1024


def _request(sid: str) -> dict[str, object]:
    return {
        "id": sid,
        "quiz_id": "career-match",
        "quiz_version": "1",
        "created_at": records.utc_now(),
        "site": None,
        "answers": {f"item_{n}": n % 5 for n in range(80)},
        "items": [],
        "weights": {"interests": 1.0},
    }


def test_only_finished_results_are_evicted(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis", maxmemory=str(MAXMEMORY))
    server.start()
    try:
        client = server.client()
        pending: list[str] = []
        finished = 0
        for n in range(3000):
            sid = new_id()
            records.create(client, _request(sid), ttl=3600, deletion_hash="h")
            if n % 10 == 0:
                pending.append(sid)
                client.lpush(MATCH_QUEUE, json.dumps({"id": sid, "body": "m" * 500}))
            else:
                # random text does not compress: each result takes ~4 KB as stored
                records.finish(client, sid, {"matches": [secrets.token_urlsafe(3000)]})
                finished += 1
        info = client.info()
        assert info["maxmemory_policy"] == "volatile-lru"
        assert info["evicted_keys"] > 0, "the test filled Redis past maxmemory"
        assert info["used_memory"] <= MAXMEMORY * 1.05
        assert all(client.exists(submission_key(sid)) for sid in pending)
        assert client.ttl(submission_key(pending[0])) == -1, "a pending record has no TTL"
        assert client.llen(MATCH_QUEUE) == len(pending)
        assert client.zcard(PENDING_KEY) == len(pending)
        kept = sum(1 for _ in client.scan_iter("cm:sub:*")) - len(pending)
        assert kept < finished, "finished results made room"
    finally:
        server.stop()


def test_full_redis_with_nothing_evictable_refuses_writes(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    """When only pending work is left, Redis refuses new writes: the quiz answers 503."""
    server = RedisServer(tmp_path / "redis", maxmemory=str(2 * 1024 * 1024))
    server.start()
    try:
        client = server.client()
        # OOM, or EXECABORT naming OOM when the limit was crossed while the MULTI was
        # queued: records raises both as OutOfMemoryError
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            for _ in range(10_000):
                records.create(client, _request(new_id()), ttl=3600, deletion_hash="h")
        assert client.info()["evicted_keys"] == 0, "no pending submission was evicted"
        quiz = HttpService(
            "services.quiz", {"REDIS_URL": server.url}, artifacts_dir / "logs" / "quiz-oom.log"
        )
        quiz.start()
        try:
            definition = requests.get(f"{quiz.url}/v1/quizzes/career-match", timeout=5).json()
            response = requests.post(
                f"{quiz.url}/v1/quizzes/career-match/submissions",
                json={"answers": random_answers(definition)},
                timeout=10,
            )
        finally:
            quiz.stop()
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) > 0
        assert response.json()["code"] == 503
    finally:
        server.stop()


def test_the_matcher_meets_a_full_redis_with_an_error_it_retries(tmp_path: Path) -> None:
    """Claiming or storing into a Redis full of pending work raises ``OutOfMemoryError``
    (one of the matcher's transient errors, retried with backoff), whatever shape Redis
    refused the script in, and writes nothing."""
    from services.matcher.tasks import TRANSIENT

    server = RedisServer(tmp_path / "redis", maxmemory=str(MAXMEMORY))
    server.start()
    client = server.client()
    try:
        first = new_id()
        records.create(client, _request(first), ttl=3600, deletion_hash="h")
        for _ in range(50):  # pending work, which nothing may evict
            records.create(client, _request(new_id()), ttl=3600, deletion_hash="h")
        # the limit below what is held: every write is refused until memory is freed
        client.config_set("maxmemory", client.info()["used_memory"] // 2)
        with pytest.raises(TRANSIENT) as claim:
            records.start(client, first)
        assert isinstance(claim.value, redis.exceptions.OutOfMemoryError), claim.value
        with pytest.raises(TRANSIENT) as store:
            records.finish(client, first, {"matches": ["m" * 2000]})
        assert isinstance(store.value, redis.exceptions.OutOfMemoryError), store.value
        assert client.hget(submission_key(first), "status") == "queued"
        assert client.info()["evicted_keys"] == 0
    finally:
        client.close()  # the errors kept above hold it past this test otherwise
        server.stop()
