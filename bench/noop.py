"""The Celery anchor: ``python -m bench.noop`` runs a worker of a task that does nothing.

Same Celery configuration as the matcher (``shared.celery.create_celery``: late acks,
prefetch one, JSON) and the same worker options, on its own Redis database so that it
never meets the matcher's queue. The task's only act is to note when it ran (one ``SET``),
which the bench reads to time round trips and drains.
"""

from __future__ import annotations

import os
import sys
import time
from functools import cache

import redis
from celery import Celery

from shared.celery import MATCH_QUEUE, create_celery
from shared.redis import create_redis
from shared.settings import Settings

NOOP_TASK = "bench.noop"
DONE_PREFIX = "bench:noop:"


def create_noop_app(settings: Settings) -> Celery:
    """A Celery app with the project's settings and the no-op task."""
    app = create_celery(settings, name="bench-noop")

    @cache
    def client() -> redis.Redis:
        return create_redis(settings.redis_url)

    @app.task(name=NOOP_TASK)  # type: ignore[untyped-decorator]
    def noop(token: str) -> None:
        client().set(DONE_PREFIX + token, repr(time.time()), ex=3600)

    return app


def main(argv: list[str]) -> int:
    settings = Settings.from_env()
    app = create_noop_app(settings)
    app.worker_main(
        [
            "worker",
            "--queues",
            MATCH_QUEUE,
            "--concurrency",
            str(settings.worker_concurrency),
            "--pool",
            "prefork",
            "--hostname",
            f"noop-{os.getpid()}@%h",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            *argv,
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
