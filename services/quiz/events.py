"""Server-Sent Events of one submission's status changes, fed by one Redis pub/sub per process.

:class:`EventHub` holds the process's only pub/sub connection (a pattern subscription to
every submission's channel) and hands each announcement to the streams waiting on that
submission; a stream waits on its own in-memory queue, so under the gevent server an open
stream costs a greenlet and a socket, not a thread or a Redis connection. The hub also
bounds how many streams are open, per client address and in total.

The code uses ``threading`` and ``queue`` only: under the gevent server they are greenlets
and cooperative queues; under Flask's test client they are ordinary threads.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import redis
from flask import Flask

from services.quiz import extensions
from shared import records
from shared.contract.codec import encode
from shared.records import events_channel, submission_key
from shared.redis import REDIS_DOWN_ERRORS, create_redis

log = logging.getLogger(__name__)

RETRY_MILLISECONDS = 2000
#: Seconds a client turned away (too many streams) should wait, or poll meanwhile.
BUSY_RETRY_AFTER_SECONDS = 10
#: What the hub puts in every queue after (re)subscribing: changes may have been missed.
RESYNC = "resync"
_PATTERN = events_channel("*")
_PREFIX = events_channel("")


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    """One event in the text/event-stream format."""
    lines = [f"event: {event}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines.append(f"data: {encode(data).decode()}")  # one line: no newlines in it
    return "\n".join(lines) + "\n\n"


class StreamSlot:
    """A place among the open streams, given back once (when the response is closed)."""

    def __init__(self, hub: EventHub, client_address: str) -> None:
        self._hub = hub
        self._address = client_address
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._hub._release(self._address)


class EventHub:
    """One pub/sub connection per process, fanning out to every waiting stream."""

    def __init__(
        self, connect: Callable[[], redis.Redis], *, max_streams: int, max_per_client: int
    ) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._waiters: dict[str, set[queue.Queue[str]]] = {}
        self._listener: threading.Thread | None = None
        self._open: Counter[str] = Counter()
        self.max_streams = max_streams
        self.max_per_client = max_per_client

    # -- bounds -----------------------------------------------------------------------
    @property
    def open_streams(self) -> int:
        return sum(self._open.values())

    def acquire(self, client_address: str) -> StreamSlot | None:
        """A slot for one more stream from ``client_address``, or None when over a bound."""
        with self._lock:
            if (
                self.open_streams >= self.max_streams
                or self._open[client_address] >= self.max_per_client
            ):
                return None
            self._open[client_address] += 1
        return StreamSlot(self, client_address)

    def _release(self, client_address: str) -> None:
        with self._lock:
            self._open[client_address] -= 1
            if self._open[client_address] <= 0:
                del self._open[client_address]

    # -- fan-out ----------------------------------------------------------------------
    @contextmanager
    def subscribe(self, submission_id: str) -> Iterator[queue.Queue[str]]:
        """A queue that receives each status announced for ``submission_id`` while open."""
        inbox: queue.Queue[str] = queue.Queue()
        with self._lock:
            self._waiters.setdefault(submission_id, set()).add(inbox)
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(
                    target=self._listen, name="event-hub", daemon=True
                )
                self._listener.start()
        try:
            yield inbox
        finally:
            with self._lock:
                waiting = self._waiters.get(submission_id)
                if waiting is not None:
                    waiting.discard(inbox)
                    if not waiting:
                        del self._waiters[submission_id]

    def _deliver(self, submission_id: str, message: str) -> None:
        with self._lock:
            inboxes = list(self._waiters.get(submission_id, ()))
        for inbox in inboxes:
            inbox.put(message)

    def _resync_all(self) -> None:
        with self._lock:
            inboxes = [inbox for waiting in self._waiters.values() for inbox in waiting]
        for inbox in inboxes:
            inbox.put(RESYNC)

    def _listen(self) -> None:
        """Run for the life of the process: subscribe, pass announcements on, reconnect."""
        backoff = 0.1
        while True:
            pubsub = None
            try:
                pubsub = self._connect().pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                pubsub.psubscribe(_PATTERN)
                self._resync_all()  # anything announced while we were not subscribed
                backoff = 0.1
                while True:
                    message = pubsub.get_message(timeout=10.0)
                    if message and message.get("type") == "pmessage":
                        channel = str(message["channel"])
                        self._deliver(channel.removeprefix(_PREFIX), str(message["data"]))
            except REDIS_DOWN_ERRORS as exc:
                log.warning("event hub lost Redis (%s); reconnecting in %.1fs", exc, backoff)
            except Exception:  # noqa: BLE001 - the hub must outlive any one bad message
                log.exception("event hub failed; restarting it")
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001 - closing a broken connection may fail too
                        pass  # nosec B110 - the connection is being replaced either way
            self._resync_all()
            time.sleep(backoff)
            backoff = min(backoff * 2, 5.0)


def init_app(app: Flask) -> None:
    """Store the process's :class:`EventHub` (``extensions.event_hub``)."""
    settings = extensions.settings(app)
    app.extensions[extensions.EVENTS] = EventHub(
        # no read timeout: the connection is idle between announcements by design
        lambda: create_redis(settings.redis_url, socket_timeout=None),
        max_streams=settings.sse_max_streams,
        max_per_client=settings.sse_max_streams_per_client,
    )


def stream(
    event_hub: EventHub,
    client: redis.Redis,
    first: records.Record,
    view: Callable[[records.Record], Mapping[str, Any]],
    *,
    max_seconds: float,
    heartbeat_seconds: float,
) -> Iterator[str]:
    """Events for a submission: its current state, then each change, until final.

    Subscribes before it reads, so no change slips between the read and the subscription.
    Ends after the final document, after ``max_seconds`` (the client reconnects or polls),
    or when the submission is deleted. Each heartbeat also re-reads the record, so a change
    announced while the hub was reconnecting is seen within a heartbeat.
    """
    try:
        with event_hub.subscribe(first.id) as inbox:
            record = records.load(client, first.id) or first
            yield f"retry: {RETRY_MILLISECONDS}\n\n"
            yield sse(record.status, view(record), record.updated_at)
            last_status = yield from _changes(
                inbox,
                client,
                record,
                view,
                deadline=time.monotonic() + max_seconds,
                heartbeat_seconds=heartbeat_seconds,
            )
            if last_status is not None and not records.is_final(last_status):
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
    except ValueError as exc:  # a result off the contract (``shared.contract``)
        log.error("result %s does not match the contract: %s", first.id, exc)
        yield sse("error", {"id": first.id, "message": "This result could not be read."})


def _changes(
    inbox: queue.Queue[str],
    client: redis.Redis,
    record: records.Record,
    view: Callable[[records.Record], Mapping[str, Any]],
    *,
    deadline: float,
    heartbeat_seconds: float,
) -> Generator[str, None, str | None]:
    """An event per change of ``record``'s status and a comment per quiet heartbeat, until
    the status is final or ``deadline`` passes; returns the last status sent, or None once
    the submission is gone (after a ``deleted`` event)."""
    last_status = record.status
    while not records.is_final(last_status):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        announced = _latest(inbox, timeout=min(heartbeat_seconds, remaining))
        if announced is None and time.monotonic() < deadline:
            yield ": keep-alive\n\n"
        if not _may_have_changed(client, record.id, announced, last_status):
            continue
        latest = records.load(client, record.id)
        if latest is None:
            yield sse("deleted", {"id": record.id})
            return None
        if latest.status != last_status:
            last_status = latest.status
            yield sse(latest.status, view(latest), latest.updated_at)
    return last_status


def _latest(inbox: queue.Queue[str], *, timeout: float) -> str | None:
    """The newest announcement within ``timeout`` (several at once: one read), or None."""
    try:
        announced = inbox.get(timeout=timeout)
    except queue.Empty:
        return None
    while not inbox.empty():
        announced = inbox.get_nowait()
    return announced


def _may_have_changed(
    client: redis.Redis, submission_id: str, announced: str | None, last_status: str
) -> bool:
    """Whether the record is worth reading again.

    An announced new status goes straight to the record; after a heartbeat or a resync
    (or the status already sent) only the status is read, and the record if it changed.
    """
    if announced not in (None, RESYNC, last_status):
        return True
    return bool(client.hget(submission_key(submission_id), "status") != last_status)
