"""``python -m services.matcher [celery worker options]``: a matcher worker on queue ``match``.

Each process is one Celery worker (``WORKER_CONCURRENCY`` pool processes, default 1); run
as many processes, on as many hosts, as the load needs.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

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
    metrics_dir = _metrics_dir()
    from services.matcher.worker import create_worker_app  # after PROMETHEUS_MULTIPROC_DIR

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
    if metrics_dir is not None:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _metrics_dir() -> Path | None:
    """Point prometheus_client at an empty folder for the pool processes' metric files.

    ``PROMETHEUS_MULTIPROC_DIR`` (the images set it) is emptied, as the files of a previous
    run would add up with this one's; without it, a private folder is made, and removed
    (the return value) when the worker stops.
    """
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("*.db"):
            old.unlink()
        return None
    made = Path(tempfile.mkdtemp(prefix="matcher-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(made)
    return made


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
