"""The matcher's moving parts against real Redis and a real catalog: snapshot client, sweep,
answer cache."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
import redis
from prometheus_client import REGISTRY

from scripts.sample_answers import random_answers
from services.matcher import catalog_arrays, jobs, sweep
from services.matcher.catalog_client import CatalogClient, CatalogUnavailable
from services.quiz.quizzes import load_quizzes
from services.quiz.submissions import new_request
from shared import records
from shared.contract.request import answers_digest
from shared.ids import new_id
from shared.records import PENDING_KEY, SNAPSHOT_KEY
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


@dataclass
class _Source:
    catalog: catalog_arrays.CatalogArrays

    def get(self) -> catalog_arrays.CatalogArrays:
        return self.catalog


def _scored() -> float:
    return REGISTRY.get_sample_value("career_match_scoring_seconds_count") or 0.0


def test_the_claim_reads_the_answer_cache_and_checks_its_digest(
    catalog_service: HttpService, own_db: redis.Redis
) -> None:
    """Same answers, quiz version and catalog: the second is served from the first's result,
    found by the claim itself; a record without the digest (an older quiz's) or with one
    that does not match its answers is looked up by the digest of what it says."""
    snapshot = CatalogClient(catalog_service.url, own_db, catalog_arrays.catalog_arrays)
    source = _Source(snapshot.get())
    quiz = load_quizzes()["career-match"]
    same, other = (quiz.check_answers(random_answers(quiz.definition, seed=s)) for s in (1, 2))

    def submitted(answers: dict[str, Any], **fields: str | None) -> str:
        request = new_request(quiz, answers, submission_id=new_id())
        records.create(own_db, request, ttl=600, deletion_hash="h")
        for name, value in fields.items():
            if value is None:
                own_db.hdel(records.submission_key(request["id"]), name)
            else:
                own_db.hset(records.submission_key(request["id"]), name, value)
        return request["id"]

    def matched(submission_id: str) -> records.Record:
        assert jobs.match_submission(own_db, source, submission_id, cache_ttl=60).status == "done"
        record = records.load(own_db, submission_id)
        assert record is not None and record.result is not None
        return record

    scored = _scored()
    first = matched(submitted(same))
    assert _scored() == scored + 1
    prefix = jobs.cache_prefix(source.catalog)
    digest = answers_digest(first.request)
    assert first.answers_digest == digest
    assert own_db.get(prefix + digest) == first.id

    claim = records.start(own_db, submitted(same), cache_prefix=prefix)
    assert claim is not None and claim.cached == first.stored_result  # one round trip
    second = matched(submitted(same))
    older = matched(submitted(same, answers_digest=None))
    assert _scored() == scored + 1, "all three came from the cache"
    assert second.result == older.result == first.result

    # a digest that names the first's answers on a record of other answers: not trusted
    wrong = matched(submitted(other, answers_digest=digest))
    assert _scored() == scored + 2
    assert wrong.result != first.result
    assert wrong.result == matched(submitted(other)).result
    assert _scored() == scored + 2  # the right digest's entry was filled and found

    # another catalog version: another key, scored again
    source.catalog = replace(source.catalog, version=source.catalog.version + "-next")
    matched(submitted(same))
    assert _scored() == scored + 3


def test_status_scripts_run_by_sha_and_reload_after_a_script_flush(own_db: redis.Redis) -> None:
    """The claim and the store send their Lua scripts by SHA1, not whole; a Redis that lost
    its script cache (a restart, a failover) is given them again, and the call goes on."""
    quiz = load_quizzes()["career-match"]
    request = new_request(
        quiz, quiz.check_answers(random_answers(quiz.definition, seed=3)), submission_id=new_id()
    )
    records.create(own_db, request, ttl=600, deletion_hash="h")
    own_db.script_flush()
    own_db.config_resetstat()
    claim = records.start(own_db, request["id"])
    assert claim is not None and claim.previous == "queued" and claim.record is not None
    assert records.finish(own_db, request["id"], {"done": True})
    stats = own_db.info("commandstats")
    assert "cmdstat_eval" not in stats, "no script is sent whole"
    # each script: refused once (NOSCRIPT), loaded once, run
    assert stats["cmdstat_evalsha"]["calls"] == 4 and stats["cmdstat_script"]["calls"] == 2
    stored = records.load(own_db, request["id"])
    assert stored is not None and stored.status == "done"
