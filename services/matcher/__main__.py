"""``python -m services.matcher [celery worker options]``: a matcher worker on queue ``match``.

Each process is one Celery worker (``WORKER_CONCURRENCY`` pool processes, default 1); run
as many processes, on as many hosts, as the load needs.
"""

from __future__ import annotations

import os
import sys

from services.matcher.worker import create_worker_app
from shared.celery import MATCH_QUEUE, WEBHOOK_QUEUE
from shared.logging import configure_logging
from shared.settings import Settings, SettingsError


def main(argv: list[str]) -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"matcher: cannot start: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    app = create_worker_app(settings)
    app.worker_main(
        [
            "worker",
            "--queues",
            f"{MATCH_QUEUE},{WEBHOOK_QUEUE}",
            "--concurrency",
            str(settings.worker_concurrency),
            "--pool",
            "prefork",
            "--hostname",
            f"matcher-{os.getpid()}@%h",
            "--loglevel",
            settings.log_level.upper(),
            "--without-gossip",
            "--without-mingle",
            *argv,
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
