"""The no-op anchor: a Celery no-op task (:mod:`bench.noop`) on the matcher's settings.

Its worker consumes the matcher's queue on a Redis database of its own, so that its round
trip and its drain of a full queue measure Celery and Redis alone, in the same run as the
matcher's. (The hello anchors, :mod:`bench.hello`, are plain HTTP servers the bench loads.)
"""

from __future__ import annotations

import statistics
import time
import uuid

import redis

from bench.noop import DONE_PREFIX, NOOP_TASK, create_noop_app
from bench.probes import drain_rate, process_rss
from scripts.processes import wait_until
from scripts.up import LocalStack
from shared.celery import MATCH_QUEUE
from shared.settings import Settings


class NoopAnchor:
    """The no-op worker, started beside ``stack`` on Redis database 1, and its measures."""

    def __init__(self, stack: LocalStack, tasks: int) -> None:
        noop_url = stack.redis.url.rsplit("/", 1)[0] + "/1"
        self.tasks = tasks
        self.worker = stack.start("bench.noop", {"REDIS_URL": noop_url})
        self.app = create_noop_app(Settings.from_env({"REDIS_URL": noop_url}))
        self.redis = redis.Redis.from_url(noop_url, decode_responses=True)
        app = self.app
        wait_until(lambda: bool(app.control.ping(timeout=0.5)), 60, "the no-op worker")

    def round_trip_ms(self, count: int) -> float:
        """Median time from sending one no-op task to seeing it done, in ms."""
        round_trips = []
        for _ in range(count):
            token = uuid.uuid4().hex
            started = time.perf_counter()
            self.app.send_task(NOOP_TASK, args=[token], queue=MATCH_QUEUE)
            while not self.redis.exists(DONE_PREFIX + token):
                time.sleep(0.001)
            round_trips.append(time.perf_counter() - started)
        return statistics.median(round_trips) * 1000

    def drain(self) -> float:
        """One drain of a full queue of no-op tasks: completions per second."""
        app, client = self.app, self.redis
        tokens = [uuid.uuid4().hex for _ in range(self.tasks)]
        app.control.cancel_consumer(MATCH_QUEUE, reply=True)  # fill the queue, then drain it
        with app.producer_or_acquire() as producer:
            for token in tokens:
                app.send_task(NOOP_TASK, args=[token], queue=MATCH_QUEUE, producer=producer)
        app.control.add_consumer(MATCH_QUEUE, reply=True)
        wait_until(
            lambda: client.exists(*(DONE_PREFIX + t for t in tokens)) == len(tokens),
            300,
            "the no-op drain",
        )
        stamps = client.mget([DONE_PREFIX + t for t in tokens])
        return drain_rate([float(str(v)) for v in stamps])

    def stop(self) -> dict[str, float]:
        """Stop the worker; the RSS it had, in MB (main and pool processes)."""
        rss = process_rss(self.worker.pid)
        self.worker.terminate()
        self.worker.wait(30)
        return rss
