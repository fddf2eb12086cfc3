"""The matcher's Prometheus metrics, counted in every pool process, served by the main one.

Under the prefork pool each child process counts into files in ``PROMETHEUS_MULTIPROC_DIR``
(set by ``python -m services.matcher`` before prometheus_client is imported); the worker's
main process serves their sum on ``METRICS_PORT`` with the live queue depth read from Redis.
Task counts and durations come from Celery's task signals, so the tasks stay thin.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import redis
from celery import bootsteps, signals
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from shared.celery import MATCH_QUEUE, MATCH_TASK, WEBHOOK_QUEUE, WEBHOOK_TASK
from shared.logging import bind_submission
from shared.metrics import MetricsServer
from shared.records import PENDING_KEY, SNAPSHOT_KEY
from shared.redis import REDIS_DOWN_ERRORS, create_redis
from shared.settings import Settings

TASKS = Counter(
    "career_match_tasks_total",
    "Tasks run, by task and outcome (done, already, gone, delivered, skipped, retry, failed).",
    ["task", "outcome"],
)
TASK_SECONDS = Histogram(
    "career_match_task_duration_seconds", "Time a task took, retries apart.", ["task"]
)
SCORING_SECONDS = Histogram(
    "career_match_scoring_seconds",
    "Time to score one submission against every career (cache misses only).",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
RESULTS = Counter(
    "career_match_results_total", "Submissions that reached a final status.", ["status"]
)
CATALOG_FETCHES = Counter(
    "career_match_catalog_fetches_total",
    "Snapshot requests to the catalog: 200 (new snapshot), 304 (unchanged), error; "
    "redis_copy when the copy in Redis stood in.",
    ["outcome"],
)
SNAPSHOT_CHECKED_NAME = "career_match_catalog_snapshot_checked_timestamp_seconds"
SNAPSHOT_CHECKED = Gauge(
    SNAPSHOT_CHECKED_NAME,
    "When a pool process last confirmed its snapshot with the catalog (newest of all).",
    multiprocess_mode="max",
)
WEBHOOKS = Counter(
    "career_match_webhook_deliveries_total",
    "Webhook deliveries: delivered, retry, failed.",
    ["outcome"],
)

_SHORT_NAMES = {MATCH_TASK: "match", WEBHOOK_TASK: "webhook"}
_started: dict[str, float] = {}


def _short(task: Any) -> str:
    name = str(getattr(task, "name", "") or "")
    return _SHORT_NAMES.get(name, name)


@signals.task_prerun.connect
def _task_started(task_id: str, task: Any, args: Any = None, **_: Any) -> None:
    _started[task_id] = time.perf_counter()
    bind_submission(str(args[0]) if args else None)


@signals.task_postrun.connect
def _task_finished(
    task_id: str, task: Any, retval: Any = None, state: str | None = None, **_: Any
) -> None:
    started = _started.pop(task_id, None)
    name = _short(task)
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.perf_counter() - started)
    if state == "SUCCESS":
        if name == "webhook":
            outcome = "skipped" if retval is None else "delivered"
            if retval is not None:
                WEBHOOKS.labels("delivered").inc()
        else:
            outcome = str(retval)
            if retval == "done":
                RESULTS.labels("done").inc()
    elif state == "RETRY":
        outcome = "retry"
        if name == "webhook":
            WEBHOOKS.labels("retry").inc()
    else:
        outcome = "failed"
        if name == "webhook":
            WEBHOOKS.labels("failed").inc()
    TASKS.labels(name, outcome).inc()
    bind_submission(None)


@signals.worker_process_shutdown.connect
def _pool_process_gone(pid: int | None = None, **_: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())  # type: ignore[no-untyped-call]


class _Live(Collector):
    """Read at each scrape: queue depth, pending submissions, the snapshot's age."""

    def __init__(self, client: redis.Redis, files: CollectorRegistry | None) -> None:
        self.client = client
        self.files = files

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.llen(MATCH_QUEUE)
            pipe.llen(WEBHOOK_QUEUE)
            pipe.zcard(PENDING_KEY)
            match_len, webhook_len, pending = pipe.execute()
        except REDIS_DOWN_ERRORS:
            return
        queue = GaugeMetricFamily(
            "career_match_queue_length", "Tasks waiting in the broker.", labels=["queue"]
        )
        queue.add_metric([MATCH_QUEUE], match_len)
        queue.add_metric([WEBHOOK_QUEUE], webhook_len)
        yield queue
        yield GaugeMetricFamily(
            "career_match_pending_submissions",
            "Submissions accepted and not yet done or failed.",
            value=pending,
        )
        checked = [
            sample.value
            for family in (self.files.collect() if self.files else ())
            if family.name == SNAPSHOT_CHECKED_NAME
            for sample in family.samples
            if sample.value > 0
        ]
        if checked:
            yield GaugeMetricFamily(
                "career_match_catalog_snapshot_age_seconds",
                "Seconds since a pool process last confirmed its snapshot with the catalog.",
                value=max(0.0, time.time() - max(checked)),
            )


def registry_for(client: redis.Redis) -> CollectorRegistry:
    """What the main process serves: every pool process's metrics and the live gauges."""
    registry = CollectorRegistry()
    files: CollectorRegistry | None = None
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        files = CollectorRegistry()
        multiprocess.MultiProcessCollector(files, path=path)  # type: ignore[no-untyped-call]
        multiprocess.MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]
    registry.register(_Live(client, files))
    return registry


def catalog_ready(client: redis.Redis, catalog_url: str, timeout: float) -> None:
    """Ready to score: the catalog answers, or a snapshot copy is in Redis to score from."""
    import requests

    try:
        if requests.get(catalog_url + "/healthz", timeout=timeout).ok:
            return
    except requests.RequestException:
        pass
    if not client.exists(SNAPSHOT_KEY):
        raise RuntimeError("the catalog is unreachable and no snapshot copy is in Redis")


class MetricsStep(bootsteps.StartStopStep):  # type: ignore[misc]
    """Serves the metrics port (``/metrics``, ``/healthz``, ``/readyz``) in the main process."""

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.server: MetricsServer | None = None

    def start(self, worker: Any) -> None:
        settings: Settings = worker.app.conf["career_match_settings"]
        client = create_redis(settings.redis_url, socket_timeout=2.0)
        self.server = MetricsServer(
            registry_for(client),
            host=settings.host,
            port=settings.metrics_port,
            checks=lambda: {
                "redis": lambda: None if client.ping() else None,
                "catalog": lambda: catalog_ready(client, settings.catalog_url, 2.0),
            },
        )
        self.server.start()

    def stop(self, worker: Any) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
