"""The metrics port: Prometheus metrics, with health and readiness, apart from the public API.

Every service serves ``/metrics``, ``/healthz`` and ``/readyz`` on ``METRICS_PORT`` (9100 in
the images, compose and Kubernetes), never on its public port. The matcher's prefork pool
writes its metrics to files in ``PROMETHEUS_MULTIPROC_DIR`` and the worker's main process
serves them all (``prometheus_client.multiprocess``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.exposition import ThreadingWSGIServer

log = logging.getLogger(__name__)

#: Health checks: each raises when its dependency is unreachable.
Checks = Mapping[str, Callable[[], None]]
StartResponse = Callable[..., Any]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Scrapes are not worth a log line each."""


def readiness(checks: Checks) -> dict[str, str]:
    """The failures of ``checks``, by name: empty when every dependency answered."""
    failures: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            failures[name] = f"{type(exc).__name__}: {exc}"
    return failures


class MetricsServer:
    """A small threaded HTTP server for one registry: ``/metrics``, ``/healthz``, ``/readyz``."""

    def __init__(
        self,
        registry: CollectorRegistry,
        *,
        host: str,
        port: int,
        checks: Callable[[], Checks] | None = None,
    ) -> None:
        self.registry = registry
        self.host = host
        self.port = port
        self.checks = checks or dict
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    def app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI app of the metrics port."""
        path = environ.get("PATH_INFO", "/")
        if path == "/metrics":
            body = generate_latest(self.registry)
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
            return [body]
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        if path == "/readyz":
            failures = readiness(self.checks())
            if failures:
                text = "".join(f"{k}: {v}\n" for k, v in failures.items())
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [text.encode()]
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ready\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"metrics are at /metrics\n"]

    def start(self) -> int | None:
        """Listen and serve in a daemon thread; the bound port, or None when it is taken.

        A port already in use is logged and the service runs on without metrics: losing
        the metrics of one process must not stop it from doing its work.
        """
        try:
            server = make_server(
                self.host, self.port, self.app, ThreadingWSGIServer, handler_class=_QuietHandler
            )
        except OSError as exc:
            log.error("metrics port %s:%s unavailable: %s", self.host, self.port, exc)
            return None
        self._server = server
        self.port = int(server.server_port)
        self._thread = threading.Thread(
            target=server.serve_forever, name="metrics-server", daemon=True
        )
        self._thread.start()
        log.info("metrics on http://%s:%d/metrics", self.host, self.port)
        return self.port

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
