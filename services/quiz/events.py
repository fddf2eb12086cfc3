"""Server-Sent Events of one submission's status changes, fed by Redis pub/sub."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import redis

from shared import records
from shared.contract import events_channel
from shared.redis import REDIS_DOWN_ERRORS

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
RETRY_MILLISECONDS = 2000


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    """One event in the text/event-stream format."""
    lines = [f"event: {event}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines.extend(f"data: {line}" for line in json.dumps(data).splitlines())
    return "\n".join(lines) + "\n\n"


def stream(
    client: redis.Redis,
    first: records.Record,
    view: Callable[[records.Record], dict[str, Any]],
    *,
    max_seconds: float,
) -> Iterator[str]:
    """Events for a submission: its current state, then each change, until final.

    Subscribes before it reads, so no change slips between the read and the subscription.
    Ends after the final document, after ``max_seconds`` (the client reconnects or polls),
    or when the submission is deleted.
    """
    pubsub = client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
    try:
        pubsub.subscribe(events_channel(first.id))
        record = records.load(client, first.id) or first
        yield f"retry: {RETRY_MILLISECONDS}\n\n"
        yield sse(record.status, view(record), record.updated_at)
        last_status = record.status
        deadline = time.monotonic() + max_seconds
        last_sent = time.monotonic()
        while not records.is_final(last_status) and time.monotonic() < deadline:
            message = pubsub.get_message(timeout=1.0)
            if message is None:
                if time.monotonic() - last_sent >= HEARTBEAT_SECONDS:
                    last_sent = time.monotonic()
                    yield ": keep-alive\n\n"
                continue
            latest = records.load(client, first.id)
            if latest is None:
                yield sse("deleted", {"id": first.id})
                return
            if latest.status != last_status:
                last_status = latest.status
                last_sent = time.monotonic()
                yield sse(latest.status, view(latest), latest.updated_at)
        if not records.is_final(last_status):
            yield sse(
                "timeout",
                {
                    "id": first.id,
                    "status": last_status,
                    "message": "Stream lifetime reached; reconnect or poll.",
                },
            )
    except REDIS_DOWN_ERRORS as exc:
        log.warning("event stream for %s ended: %s", first.id, exc)
        yield sse("error", {"id": first.id, "message": "Lost the connection; poll the result."})
    finally:
        try:
            pubsub.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            pass  # nosec B110 - the stream is over either way; nothing to report
