"""Prometheus metrics of the quiz service beyond HTTP: submissions and the work waiting.

The queue length and the number of pending submissions are read from Redis when scraped,
so an autoscaler can size the matcher pool on them.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from services.quiz import extensions
from shared.celery import MATCH_QUEUE
from shared.records import PENDING_KEY
from shared.redis import REDIS_DOWN_ERRORS
from shared.web import metrics_registry


class _Backlog(Collector):
    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        client = extensions.redis_client(self.app)
        try:
            pipe = client.pipeline(transaction=False)
            pipe.llen(MATCH_QUEUE)
            pipe.zcard(PENDING_KEY)
            queued, pending = pipe.execute()
        except REDIS_DOWN_ERRORS:
            return
        yield GaugeMetricFamily(
            "career_match_queue_length", "Match tasks waiting in the broker.", value=queued
        )
        yield GaugeMetricFamily(
            "career_match_pending_submissions",
            "Submissions accepted and not yet done or failed.",
            value=pending,
        )


def init_app(app: Flask) -> None:
    """Add the submission counter and the backlog gauges to the app's registry."""
    registry = metrics_registry(app)
    app.extensions[extensions.SUBMISSIONS_COUNTER] = Counter(
        "career_match_submissions_total",
        "Submissions accepted (new) or answered again for a repeated Idempotency-Key.",
        ["quiz_id", "outcome"],
        registry=registry,
    )
    registry.register(_Backlog(app))


def count_submission(app: Flask, quiz_id: str, fresh: bool) -> None:
    """Count one accepted submission."""
    extensions.submissions_counter(app).labels(quiz_id, "new" if fresh else "repeat").inc()
