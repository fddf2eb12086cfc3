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


#: Where webargs files its messages: one key per request location.
_LOCATIONS = {"json", "query", "headers", "files", "form", "path", "view_args", "cookies"}


def register_error_handlers(app: Flask) -> None:
    """Turn every error, expected or not, into the shared JSON shape.

    flask-smorest's own handler covers ``abort``; this adds the cases it does not: a
    dependency that is down becomes 503 with ``Retry-After``, and anything unexpected a 500
    that leaks no detail.
    """
    app.register_error_handler(HTTPException, handle_http)
    for error_class in REDIS_DOWN_ERRORS:
        app.register_error_handler(cast(type[Exception], error_class), handle_redis_down)
    app.register_error_handler(redis.exceptions.ResponseError, handle_redis_full)
    app.register_error_handler(Exception, handle_unexpected)


def handle_http(exc: HTTPException) -> ResponseReturnValue:
    """An HTTP error (``abort``, a failed validation, a 404...) in the shared shape."""
    data = getattr(exc, "data", None) or {}
    errors = _by_field(data.get("messages") or data.get("errors"))
    code = exc.code or 500
    response = jsonify(error_body(code, _message(code, data.get("message"), errors, exc), errors))
    response.status_code = code
    for name, value in exc.get_headers() if code != 500 else []:
        if name.lower() != "content-type":
            response.headers[name] = value
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


def _by_field(errors: Any) -> Any:
    """webargs nests messages under the request location; the field names matter most."""
    if not isinstance(errors, dict) or not set(errors) <= _LOCATIONS:
        return errors
    flat: dict[str, Any] = {}
    for location_errors in errors.values():
        if isinstance(location_errors, dict):
            flat.update(location_errors)
    return flat or errors


def _message(code: int, given: str | None, errors: Any, exc: HTTPException) -> str | None:
    """The message given, else for a 422 the fields at fault, else the exception's own."""
    if not given and code == 422 and isinstance(errors, dict) and errors:
        names = ", ".join(str(name) for name in errors if name != "_schema")
        given = f"Invalid fields: {names}." if names else "The body must be a JSON object."
    return given or exc.description


def handle_redis_down(exc: Exception) -> ResponseReturnValue:
    """Redis unreachable: 503, retry shortly."""
    log.warning("redis unavailable: %s", exc)
    return _unavailable("The service is briefly unavailable; retry shortly.")


def handle_redis_full(exc: Exception) -> ResponseReturnValue:
    """Redis out of memory: 503, retry shortly; any other Redis error is unexpected."""
    # maxmemory reached with nothing evictable (only pending work is left): try later.
    if not is_out_of_memory(exc):
        return handle_unexpected(exc)
    log.warning("redis out of memory: %s", exc)
    return _unavailable("The service is full right now; retry shortly.")


def _unavailable(message: str) -> ResponseReturnValue:
    response = jsonify(error_body(503, message))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handle_unexpected(exc: Exception) -> ResponseReturnValue:
    """Anything else: logged with its traceback, answered with a 500 that leaks no detail."""
    log.exception("unhandled error")
    response = jsonify(error_body(500))
    response.status_code = 500
    return response
