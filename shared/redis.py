"""The Redis client factory and the Flask extension that holds one client per app."""

from __future__ import annotations

from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

#: Errors that mean "Redis cannot be reached right now" rather than a bug.
REDIS_DOWN_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    redis.exceptions.ReadOnlyError,
)


def create_redis(url: str, *, socket_timeout: float = 5.0) -> redis.Redis:
    """A client for ``url`` that returns text, fails fast and retries briefly on a blip."""
    client: redis.Redis = redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=2.0,
        socket_timeout=socket_timeout,
        health_check_interval=15,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
        retry_on_error=[redis.exceptions.ConnectionError, redis.exceptions.TimeoutError],
    )
    return client


class FlaskRedis:
    """``init_app`` style holder: one client per Flask app, made from the app's settings."""

    def init_app(self, app: Any) -> None:
        app.extensions["redis"] = create_redis(app.config["SETTINGS"].redis_url)

    @staticmethod
    def client(app: Any) -> redis.Redis:
        """The client of ``app``."""
        client: redis.Redis = app.extensions["redis"]
        return client
