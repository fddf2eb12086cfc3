"""One JSON error shape, ``{code, status, message, errors}``, for every service."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, cast

import redis
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from shared.redis import REDIS_DOWN_ERRORS, is_out_of_memory

log = logging.getLogger(__name__)

#: Seconds a client should wait before retrying when a dependency is down.
RETRY_AFTER_SECONDS = 5


def error_body(code: int, message: str | None = None, errors: Any = None) -> dict[str, Any]:
    """The error document for HTTP status ``code``."""
    status = HTTPStatus(code)
    body: dict[str, Any] = {
        "code": code,
        "status": status.phrase,
        "message": message or status.description,
        "errors": errors or {},
    }
    return body


def register_error_handlers(app: Flask) -> None:
    """Turn every error, expected or not, into the shared JSON shape.

    flask-smorest's own handler covers ``abort``; this adds the cases it does not: a
    dependency that is down becomes 503 with ``Retry-After``, and anything unexpected a 500
    that leaks no detail.
    """

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> ResponseReturnValue:
        data = getattr(exc, "data", None) or {}
        errors = data.get("messages") or data.get("errors")
        if isinstance(errors, dict) and set(errors) <= {
            "json",
            "query",
            "headers",
            "files",
            "form",
            "path",
            "view_args",
            "cookies",
        }:
            # webargs nests messages under the request location; the field names matter most
            flat: dict[str, Any] = {}
            for location_errors in errors.values():
                if isinstance(location_errors, dict):
                    flat.update(location_errors)
            errors = flat or errors
        code = exc.code or 500
        message = data.get("message")
        if not message and code == 422 and isinstance(errors, dict) and errors:
            names = ", ".join(str(name) for name in errors if name != "_schema")
            message = f"Invalid fields: {names}." if names else "The body must be a JSON object."
        message = message or exc.description
        response = jsonify(error_body(code, message, errors))
        response.status_code = code
        for name, value in exc.get_headers() if code != 500 else []:
            if name.lower() != "content-type":
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response

    def handle_redis_down(exc: Exception) -> ResponseReturnValue:
        log.warning("redis unavailable: %s", exc)
        response = jsonify(error_body(503, "The service is briefly unavailable; retry shortly."))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for error_class in REDIS_DOWN_ERRORS:
        app.register_error_handler(cast(type[Exception], error_class), handle_redis_down)

    @app.errorhandler(redis.exceptions.ResponseError)
    def handle_redis_full(exc: Exception) -> ResponseReturnValue:
        # maxmemory reached with nothing evictable (only pending work is left): try later.
        if not is_out_of_memory(exc):
            return handle_unexpected(exc)
        log.warning("redis out of memory: %s", exc)
        response = jsonify(error_body(503, "The service is full right now; retry shortly."))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> ResponseReturnValue:
        log.exception("unhandled error")
        response = jsonify(error_body(500))
        response.status_code = 500
        return response
