"""The sweep: re-send submissions a lost message stranded, give up on those that never end.

Celery's late acks redeliver most lost work, but a worker killed outright can strand a
message until the broker's visibility timeout, and a task that raised is gone. The
submission record is the source of truth, so a periodic sweep over the pending set sends
again whatever stayed ``queued`` or ``running`` too long, and marks ``failed`` what has
been sent too many times.

A submission still ``queued`` while the match queue holds messages is most likely waiting
its turn behind them, so it is left alone until the queue drains: re-sending it would only
pile duplicates onto a backlog. One that started (``running``) and went quiet is sent again
whatever the queue holds: the worker that had it is gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from shared import records
from shared.celery import MATCH_QUEUE
from shared.records import PENDING_KEY, submission_key

log = logging.getLogger(__name__)

LOCK_KEY = "cm:sweep:lock"


@dataclass(frozen=True)
class SweepReport:
    resent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    skipped: bool = False


def sweep(
    client: redis.Redis,
    send: Callable[[str], object],
    *,
    stale_after: float,
    max_attempts: int,
    lock_seconds: float,
    owner: str,
    queue: str = MATCH_QUEUE,
    now: float | None = None,
) -> SweepReport:
    """One pass over the pending submissions; only one worker sweeps per ``lock_seconds``."""
    if not client.set(LOCK_KEY, owner, nx=True, px=max(1, int(lock_seconds * 1000))):
        return SweepReport(skipped=True)
    now = time.time() if now is None else now
    resent: list[str] = []
    failed: list[str] = []
    dropped: list[str] = []
    backlog = int(client.llen(queue))
    for submission_id in records.stale(client, now - stale_after):
        record = records.load(client, submission_id)
        if record is None or records.is_final(record.status):
            client.zrem(PENDING_KEY, submission_id)
            dropped.append(submission_id)
            continue
        if record.status == "queued" and backlog > 0:
            continue
        resends = int(client.hget(submission_key(submission_id), "resends") or 0)
        if resends + 1 >= max_attempts:
            records.fail(
                client,
                submission_id,
                f"The matcher did not finish this submission after {resends + 1} attempts.",
            )
            failed.append(submission_id)
            continue
        records.mark_resent(client, submission_id)
        send(submission_id)
        resent.append(submission_id)
    if resent or failed:
        log.warning("sweep re-sent %d and failed %d stale submissions", len(resent), len(failed))
    return SweepReport(tuple(resent), tuple(failed), tuple(dropped))
