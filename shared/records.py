"""Submission records in Redis: the source of truth for every accepted submission.

What is kept, and for how long (Redis runs with ``maxmemory-policy volatile-lru``, which
evicts only keys that have a TTL):

- a pending submission: its hash, with no TTL, so it is never evicted;
- a final one (done or failed): the same hash, the result inside it, expiring
  ``RESULT_TTL_SECONDS`` after it ended; under memory pressure the least recently read
  results go first (a client then gets 404, as for an expired one);
- the matcher's answer cache: only a pointer (answers digest -> submission id) for
  ``ANSWER_CACHE_TTL_SECONDS``, never a second copy of the result;
- an idempotency binding (``shared.idempotency``) and rate-limit counters, with TTLs;
- the broker's queues and the pending set: no TTL, never evicted.

One hash per submission holds the request (answers and how to read them), the status, and
once done the result body. Status changes are atomic (Lua) and announced on a pub/sub
channel. A sorted set lists the submissions not yet final, scored by when they were last
sent to a worker, so a sweep can re-send what a lost message stranded.

Both the quiz service and the matcher call these functions; neither imports the other.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, cast

import redis
from redis.commands.core import Script
from redis.typing import EncodableT, FieldT

from shared.contract.codec import Unreadable, encode
from shared.contract.request import (
    RequestHeader,
    SubmissionRequest,
    answers_digest,
    decode_request,
    decode_request_header,
)
from shared.contract.result import FINAL_STATUSES, ResultBody, decode_result
from shared.redis import full_is_out_of_memory

#: The Redis key layout shared by the quiz service and the matcher.
KEY_PREFIX = "cm"


def submission_key(submission_id: str) -> str:
    """The hash that holds one submission: its request, status and result."""
    return f"{KEY_PREFIX}:sub:{submission_id}"


def tombstone_key(submission_id: str) -> str:
    """Marks a submission deleted, so that a replay of its Idempotency-Key cannot revive it."""
    return f"{KEY_PREFIX}:deleted:{submission_id}"


def events_channel(submission_id: str) -> str:
    """The pub/sub channel on which a submission's status changes are announced."""
    return f"{KEY_PREFIX}:events:{submission_id}"


#: Sorted set of submissions not yet final, scored by when they were last (re)sent.
PENDING_KEY = f"{KEY_PREFIX}:pending"
#: The matcher's copy of the last catalog snapshot it fetched (and its ETag).
SNAPSHOT_KEY = f"{KEY_PREFIX}:catalog:snapshot"
#: The matcher's answer cache: ``answer_cache_prefix(catalog) + answers_digest(request)``
#: names the id of a record that holds the result of the same answers under that catalog.
ANSWER_CACHE_PREFIX = f"{KEY_PREFIX}:cache:"


def answer_cache_prefix(catalog_version: str) -> str:
    """The answer cache's keys under one catalog version (any length: a short hash of it)."""
    return f"{ANSWER_CACHE_PREFIX}{hashlib.sha256(catalog_version.encode()).hexdigest()[:16]}:"


#: Documents longer than this are stored compressed (zlib, base64): a result is ~30-60 KB
#: of JSON and ~7-9 KB stored; the quiz and the matcher read both forms.
PACK_OVER_BYTES = 1024
#: zlib's level 3: half the time of its default (6) on a result, for ~17% more bytes
#: (on 60 results: 0.15 against 0.31 ms, 5.2 against 4.4 KB compressed).
PACK_LEVEL = 3
_PACKED = "z1:"


def pack(document: bytes) -> str:
    """A JSON document (``encode``d) as stored: compressed when long, else as is."""
    if len(document) <= PACK_OVER_BYTES:
        return document.decode()
    return _PACKED + base64.b64encode(zlib.compress(document, PACK_LEVEL)).decode()


def unpack(stored: str) -> bytes:
    """The document :func:`pack` stored (either form); ``Unreadable`` if corrupt."""
    if not stored.startswith(_PACKED):
        return stored.encode()
    try:
        return zlib.decompress(base64.b64decode(stored[len(_PACKED) :]))
    except (zlib.error, ValueError) as exc:
        raise Unreadable(f"corrupt packed document: {exc}") from None


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Record:
    """A submission as stored: the request, its status and (when done) the result body.

    The request and the result are kept as stored and decoded when first asked for, each
    checked against ``shared.contract`` (``ContractError`` when off contract,
    ``Unreadable`` when not JSON, ``ValueError`` for both): the matcher reads the
    request, the quiz the result and only the request's ``header``.
    """

    id: str
    status: str
    stored_request: str
    created_at: str
    updated_at: str | None
    started_at: str | None
    completed_at: str | None
    reason: str | None
    stored_result: str | None
    deliveries: int
    deletion_hash: str | None
    attribution: dict[str, Any] | None
    #: ``answers_digest`` of the request, as the quiz stored it (older records
    #: lack it)
    answers_digest: str | None = None

    @classmethod
    def from_hash(cls, submission_id: str, data: dict[str, str]) -> Record:
        return cls(
            id=submission_id,
            status=data.get("status", "queued"),
            stored_request=data["request"],
            created_at=data.get("created_at", ""),
            updated_at=data.get("updated_at"),
            started_at=data.get("started_at"),
            completed_at=data.get("completed_at"),
            reason=data.get("reason"),
            stored_result=data.get("result") or None,
            deliveries=int(data.get("deliveries", 0)),
            deletion_hash=data.get("deletion"),
            attribution=json.loads(data["attribution"]) if data.get("attribution") else None,
            answers_digest=data.get("answers_digest"),
        )

    @cached_property
    def request(self) -> SubmissionRequest:
        """The request, checked against the contract (the matcher's read boundary)."""
        return decode_request(unpack(self.stored_request))

    @cached_property
    def header(self) -> RequestHeader:
        """Which quiz and version the request answered, without reading its answers."""
        return decode_request_header(unpack(self.stored_request))

    @cached_property
    def result(self) -> ResultBody | None:
        """The result body once done, checked against the contract (the quiz's boundary)."""
        if self.stored_result is None:
            return None
        return decode_result(unpack(self.stored_result))


# KEYS: record, pending, channel. ARGV: now_iso, now_epoch, id, answer cache prefix (or
# ''), record key prefix. Returns false when there is no record; else the status before,
# the whole hash after and, with a cache prefix, the result the answer cache points at for
# the record's answers digest (or false). The cache entry and the record it points at are
# keys found from the record, not declared: this runs on one Redis (or a Sentinel-managed
# master), never on a Redis Cluster.
_START = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return false end
local cached = false
if status ~= 'done' and status ~= 'failed' then
  redis.call('HSET', KEYS[1], 'status', 'running', 'updated_at', ARGV[1])
  redis.call('HSETNX', KEYS[1], 'started_at', ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'deliveries', 1)
  redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[3])
  if status ~= 'running' then redis.call('PUBLISH', KEYS[3], 'running') end
  local digest = ARGV[4] ~= '' and redis.call('HGET', KEYS[1], 'answers_digest')
  local holder = digest and redis.call('GET', ARGV[4] .. digest)
  if holder then cached = redis.call('HGET', ARGV[5] .. holder, 'result') end
end
return {status, redis.call('HGETALL', KEYS[1]), cached}
"""

# KEYS: record, pending, channel[, answer cache]. ARGV: status, now_iso, id,
# result-or-reason[, cache TTL]. Done is final; failed may still become done (a late
# success beats a give-up). With an answer cache key, it is pointed at this record.
_FINISH = """
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
if status == 'done' then return 0 end
if ARGV[1] == 'failed' and status == 'failed' then return 0 end
if ARGV[1] == 'done' then
  redis.call('HSET', KEYS[1], 'status', 'done', 'result', ARGV[4], 'completed_at', ARGV[2],
             'updated_at', ARGV[2])
  redis.call('HDEL', KEYS[1], 'reason')
else
  redis.call('HSET', KEYS[1], 'status', 'failed', 'reason', ARGV[4], 'completed_at', ARGV[2],
             'updated_at', ARGV[2])
end
local ttl = tonumber(redis.call('HGET', KEYS[1], 'ttl'))
if ttl then redis.call('EXPIRE', KEYS[1], ttl) end
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], ARGV[1])
if KEYS[4] then redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[5]) end
return 1
"""


def _script(source: str) -> Script:
    """A Lua script run by its SHA1 (``EVALSHA``; loaded again after a ``NOSCRIPT``), not
    sent whole with every call. Given as bytes, its SHA needs no client: each call names
    the client it runs on."""
    return Script(cast(redis.Redis, None), source.encode())


_START_SCRIPT = _script(_START)
_FINISH_SCRIPT = _script(_FINISH)


def create(
    client: redis.Redis,
    request: SubmissionRequest,
    *,
    ttl: int,
    deletion_hash: str,
    attribution: dict[str, Any] | None = None,
) -> None:
    """Store a new submission as ``queued`` and list it as pending, in one transaction.

    ``attribution`` says which site the submission is for and how that was established
    (``shared.sites``); no webhook URL or secret is kept here: the matcher resolves those
    from the site configuration when it delivers.
    """
    submission_id = request["id"]
    fields: dict[FieldT, EncodableT] = {
        "request": pack(encode(request)),
        "status": "queued",
        "created_at": request["created_at"],
        "updated_at": request["created_at"],
        "deliveries": 0,
        "deletion": deletion_hash,
        "ttl": ttl,
        "answers_digest": answers_digest(request),
    }
    if attribution:
        fields["attribution"] = json.dumps(attribution, sort_keys=True)
    pipe = client.pipeline(transaction=True)
    # no TTL while pending: Redis's volatile-* eviction can never drop it; the TTL is set
    # when it becomes final (done or failed), and a result may then be evicted early
    pipe.hset(submission_key(submission_id), mapping=fields)
    pipe.zadd(PENDING_KEY, {submission_id: time.time()})
    pipe.publish(events_channel(submission_id), "queued")
    with full_is_out_of_memory():
        pipe.execute()


def load(client: redis.Redis, submission_id: str) -> Record | None:
    """The stored submission, or None when unknown or expired."""
    data = cast(dict[str, str], client.hgetall(submission_key(submission_id)))
    if not data or "request" not in data:
        return None
    return Record.from_hash(submission_id, data)


@dataclass(frozen=True)
class Claim:
    """A delivery of a submission to the matcher: the status it had, the record now, and
    the stored result the answer cache points at for the digest the record names."""

    previous: str
    record: Record | None
    cached: str | None = None


def start(
    client: redis.Redis, submission_id: str, *, cache_prefix: str | None = None
) -> Claim | None:
    """Mark a submission ``running`` for a new delivery and read it, in one round trip.

    None when there is no such submission. One already final is left alone (the caller
    should stop there). ``record`` is None when the hash holds no request. With
    ``cache_prefix`` (``answer_cache_prefix``), the same round trip looks in the
    answer cache under the record's stored ``answers_digest``: the caller must check that
    digest against the request before it uses ``cached``.
    """
    with full_is_out_of_memory():
        reply = _START_SCRIPT(
            [submission_key(submission_id), PENDING_KEY, events_channel(submission_id)],
            [utc_now(), str(time.time()), submission_id, cache_prefix or "", submission_key("")],
            client=client,
        )
    if reply is None:
        client.zrem(PENDING_KEY, submission_id)
        return None
    previous, flat, cached = cast(list[Any], reply)
    data = dict(zip(flat[::2], flat[1::2], strict=True))
    record = Record.from_hash(submission_id, data) if "request" in data else None
    return Claim(str(previous), record, None if cached is None else str(cached))


def finish(
    client: redis.Redis,
    submission_id: str,
    result: ResultBody,
    *,
    cache: tuple[str, int] | None = None,
) -> bool:
    """Store the result and mark the submission ``done``; False if it was done already.

    ``cache``: (key, TTL) of the answer cache entry to point at this record.
    """
    return finish_stored(client, submission_id, pack(encode(result)), cache=cache)


def finish_stored(
    client: redis.Redis,
    submission_id: str,
    stored_result: str,
    *,
    cache: tuple[str, int] | None = None,
) -> bool:
    """Like :func:`finish`, with a result as another record stores it (the answer cache)."""
    return _finish(client, submission_id, "done", stored_result, cache)


def fail(client: redis.Redis, submission_id: str, reason: str) -> bool:
    """Mark the submission ``failed`` with a reason a person can read (unless it is done)."""
    return _finish(client, submission_id, "failed", reason, None)


def _finish(
    client: redis.Redis,
    submission_id: str,
    status: str,
    payload: str,
    cache: tuple[str, int] | None,
) -> bool:
    """Set the final status, announce it and (when done) point the answer cache at it."""
    keys = [submission_key(submission_id), PENDING_KEY, events_channel(submission_id)]
    args: list[EncodableT] = [status, utc_now(), submission_id, payload]
    if cache is not None:
        keys.append(cache[0])
        args.append(cache[1])
    with full_is_out_of_memory():
        return bool(_FINISH_SCRIPT(keys, args, client=client))


def delete(client: redis.Redis, submission_id: str, *, tombstone_ttl: int) -> None:
    """Remove a submission and its result now, and tell any listener; a tombstone stays
    ``tombstone_ttl`` seconds (the idempotency window) so that a replay is refused."""
    pipe = client.pipeline(transaction=True)
    pipe.delete(submission_key(submission_id))
    pipe.set(tombstone_key(submission_id), "1", ex=tombstone_ttl)
    pipe.zrem(PENDING_KEY, submission_id)
    pipe.publish(events_channel(submission_id), "deleted")
    pipe.execute()


def is_deleted(client: redis.Redis, submission_id: str) -> bool:
    """Whether the submission was deleted within its tombstone's time."""
    return bool(client.exists(tombstone_key(submission_id)))


def stale(client: redis.Redis, older_than: float, limit: int = 500) -> list[str]:
    """Ids of pending submissions last sent before ``older_than`` (epoch seconds)."""
    ids = client.zrangebyscore(PENDING_KEY, "-inf", older_than, start=0, num=limit)
    return [str(i) for i in cast(Iterable[str], ids)]


def mark_resent(client: redis.Redis, submission_id: str) -> int:
    """Note that the sweep sent the submission again; returns how many times it has."""
    pipe = client.pipeline(transaction=True)
    pipe.zadd(PENDING_KEY, {submission_id: time.time()}, xx=True)
    pipe.hincrby(submission_key(submission_id), "resends", 1)
    return int(pipe.execute()[1])


def is_final(status: str | None) -> bool:
    """Whether a status is one a submission never leaves (done, failed)."""
    return status in FINAL_STATUSES
