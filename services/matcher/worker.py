"""The matcher's Celery app: tasks plus the sweep that re-sends stranded submissions."""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from celery import Celery, bootsteps

from services.matcher import metrics, sweep, tasks
from shared.celery import MATCH_QUEUE, MATCH_TASK, create_celery
from shared.redis import REDIS_DOWN_ERRORS, create_redis
from shared.settings import Settings

log = logging.getLogger(__name__)


class SweepStep(bootsteps.StartStopStep):  # type: ignore[misc]
    """Runs :func:`sweep.sweep` on the worker's own timer; one worker wins each round."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.tref: Any = None
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    def start(self, worker: Any) -> None:
        settings: Settings = worker.app.conf[tasks.SETTINGS_KEY]
        client = create_redis(settings.redis_url)

        def run() -> None:
            try:
                report = sweep.sweep(
                    client,
                    lambda sid: worker.app.send_task(MATCH_TASK, args=[sid], queue=MATCH_QUEUE),
                    stale_after=settings.stale_after,
                    max_attempts=settings.max_attempts,
                    lock_seconds=settings.sweep_interval * 0.9,
                    owner=self.owner,
                )
                if report.failed:
                    metrics.RESULTS.labels("failed").inc(len(report.failed))
            except REDIS_DOWN_ERRORS as exc:
                log.warning("sweep skipped: %s", exc)
            except Exception:  # noqa: BLE001 - the timer must survive any one bad round
                log.exception("sweep failed")

        self.tref = worker.timer.call_repeatedly(settings.sweep_interval, run, priority=10)

    def stop(self, worker: Any) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


def create_worker_app(settings: Settings) -> Celery:
    """The matcher's Celery app: the shared configuration, the tasks, the sweep."""
    app = create_celery(settings, name="matcher")
    tasks.init_app(app, settings)  # the tasks themselves are shared tasks of tasks.py
    app.steps["worker"].add(SweepStep)
    app.steps["worker"].add(metrics.MetricsStep)
    return app
