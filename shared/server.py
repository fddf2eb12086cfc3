"""Serve a Flask app with gunicorn (threaded workers) from a service's ``__main__``."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from shared.settings import Settings
from shared.web import start_metrics_server


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, settings: Settings) -> None:
    """Serve ``app`` on ``settings.host:settings.port`` until SIGTERM or SIGINT.

    One process with many threads: long-lived event streams each hold a thread, and the
    services keep no per-process state that needs more processes to scale (run more
    replicas instead).
    """
    _Gunicorn(
        app,
        {
            "bind": f"{settings.host}:{settings.port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": settings.web_threads,
            "timeout": max(60, settings.sse_max_seconds + 30),
            "graceful_timeout": 10,
            "keepalive": 5,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": settings.log_level,
            "control_socket_disable": True,
            # The metrics port is served by the process that handles the requests.
            "post_worker_init": lambda _worker: start_metrics_server(app),
        },
    ).run()
