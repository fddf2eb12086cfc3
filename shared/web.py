"""What every Flask service has: settings in config, OpenAPI, error shape, health and metrics.

Metrics are served on the metrics port (``shared.metrics``), not on the public API; the
process that serves requests starts that server with :func:`start_metrics_server`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import metadata
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request, send_from_directory
from flask.typing import ResponseReturnValue
from flask_smorest import Api
from prometheus_client import CollectorRegistry, Counter, Histogram
from werkzeug.middleware.proxy_fix import ProxyFix

from shared import headers, json_limits
from shared.errors import error_body, register_error_handlers
from shared.metrics import MetricsServer
from shared.settings import Settings

#: Swagger UI's files come from the swagger-ui-py package: /docs works offline. Its Swagger
#: UI is 5.x, the first to render OpenAPI 3.1 (swagger-ui-bundle's 4.x refuses the document).
SWAGGER_UI_STATIC = "/docs/static/"
SWAGGER_UI_DISTRIBUTION = "swagger-ui-py"

ReadinessCheck = Callable[[], None]
API = "api"
METRICS_REGISTRY = "metrics_registry"
METRICS_SERVER = "metrics_server"
READINESS_CHECKS = "readiness_checks"


def extension(name: str, app: Flask | None = None) -> Any:
    """What the factory registered as ``name`` on ``app`` (the current app by default);
    each service types it in its module of accessors."""
    return (app or current_app).extensions[name]


def smorest_api(app: Flask | None = None) -> Api:
    """The app's flask-smorest ``Api``: its blueprints and OpenAPI document."""
    api: Api = extension(API, app)
    return api


def metrics_registry(app: Flask | None = None) -> CollectorRegistry:
    """The app's Prometheus registry, served on its metrics port."""
    registry: CollectorRegistry = extension(METRICS_REGISTRY, app)
    return registry


def readiness_checks(app: Flask | None = None) -> list[tuple[str, ReadinessCheck]]:
    """The checks ``/readyz`` runs, by name (:func:`add_readiness_check`)."""
    checks: list[tuple[str, ReadinessCheck]] = extension(READINESS_CHECKS, app)
    return checks


def settings(app: Flask | None = None) -> Settings:
    """The settings of ``app`` (the current app by default), parsed once at start-up."""
    parsed: Settings = (app or current_app).config["SETTINGS"]
    return parsed


def create_base_app(name: str, settings: Settings, *, title: str, version: str) -> Flask:
    """A Flask app with the shared config, error shape, health checks and metrics.

    The service adds its blueprints to :func:`api` and its readiness checks
    with :func:`add_readiness_check`.
    """
    app = Flask(name)
    if settings.trusted_proxy_hops:
        # the client address, scheme and host as the operator's own proxies saw them
        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
    app.config.update(
        SETTINGS=settings,
        API_TITLE=title,
        API_VERSION=version,
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=SWAGGER_UI_STATIC,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    api = Api(app)
    app.extensions[API] = api
    register_error_handlers(app)
    app.before_request(_check_json_limits)
    headers.init_app(app)
    app.extensions[READINESS_CHECKS] = []
    _init_health(app)
    _init_metrics(app, name)
    _init_swagger_ui_files(app)
    return app


def _init_swagger_ui_files(app: Flask) -> None:
    # located, not imported: the package's own module pulls in its handlers for every framework
    folder = str(metadata.distribution(SWAGGER_UI_DISTRIBUTION).locate_file("swagger_ui/static"))

    @app.get(SWAGGER_UI_STATIC + "<path:filename>")
    def swagger_ui_file(filename: str) -> Response:
        return send_from_directory(folder, filename, max_age=24 * 3600)


def start_metrics_server(app: Flask) -> int | None:
    """Serve the app's registry on its ``METRICS_PORT``, in this process; the bound port.

    Call it in the process that handles requests (after a server forks its worker). An app
    not made by :func:`create_base_app` (the bench's anchors) has none: None.
    """
    server: MetricsServer | None = app.extensions.get(METRICS_SERVER)
    return None if server is None else server.start()


def _check_json_limits() -> ResponseReturnValue | None:
    """Refuse a JSON body that nests too deep or holds a huge number, before it is parsed."""
    if (
        not request.is_json
        or not request.content_length
        and not request.headers.get("Transfer-Encoding")
    ):
        return None
    text = request.get_data(cache=True).decode("utf-8", "replace")  # 413 past the size limit
    try:
        json_limits.check(text)
    except json_limits.JSONLimitError as exc:
        response = jsonify(error_body(400, str(exc), {"json": [str(exc)]}))
        response.status_code = 400
        return response
    return None


def add_readiness_check(app: Flask, name: str, check: ReadinessCheck) -> None:
    """Register ``check`` (raises when the dependency is unreachable) for ``/readyz``."""
    readiness_checks(app).append((name, check))


def _init_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> ResponseReturnValue:
        failures: dict[str, str] = {}
        for check_name, check in readiness_checks(app):
            try:
                check()
            except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
                failures[check_name] = f"{type(exc).__name__}: {exc}"
        if failures:
            response = jsonify(error_body(503, "Not ready.", failures))
            response.status_code = 503
            response.headers["Retry-After"] = "5"
            return response
        return jsonify(status="ready")


def _init_metrics(app: Flask, name: str) -> None:
    registry = CollectorRegistry()
    requests_total = Counter(
        "http_requests_total",
        "HTTP requests served.",
        ["method", "endpoint", "status"],
        registry=registry,
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "Time to serve an HTTP request.",
        ["method", "endpoint", "status"],
        registry=registry,
    )
    app.extensions[METRICS_REGISTRY] = registry
    config = settings(app)
    app.extensions[METRICS_SERVER] = MetricsServer(
        registry,
        host=config.host,
        port=config.metrics_port,
        checks=lambda: dict(readiness_checks(app)),
    )

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def record(response: Response) -> Response:
        started = g.pop("request_started", None)
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        status = str(response.status_code)
        if started is not None:
            latency.labels(request.method, endpoint, status).observe(time.perf_counter() - started)
        requests_total.labels(request.method, endpoint, status).inc()
        return response
