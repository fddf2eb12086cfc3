"""The Redis client factory and the Flask extension that holds one client per app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel

from shared.settings import SENTINEL_SCHEME, parse_sentinel_url

#: Errors that mean "Redis cannot be reached right now" rather than a bug.
REDIS_DOWN_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    redis.exceptions.BusyLoadingError,
    redis.exceptions.ReadOnlyError,
    # a Redis at its memory limit refuses writes until memory is freed: retry later
    redis.exceptions.OutOfMemoryError,
)

#: How long a web request waits for a free pooled connection (a burst, not a sick Redis).
POOL_WAIT_SECONDS = 5.0

REPLICATION_PROBE_KEY = "cm:replication-probe"


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether Redis refused a write because it is at ``maxmemory`` with nothing evictable.

    Redis says so in three shapes: a plain ``OOM`` error; inside a Lua script, an error whose
    text names it; and for a transaction, an ``EXECABORT`` naming it when memory ran out
    while its commands were queued (which of these comes depends on where the limit is hit).
    """
    if isinstance(exc, redis.exceptions.OutOfMemoryError):
        return True
    return isinstance(exc, redis.exceptions.ResponseError) and "OOM command not allowed" in str(exc)


@contextmanager
def full_is_out_of_memory() -> Iterator[None]:
    """Raise a full Redis's refusal, in whichever shape it came, as ``OutOfMemoryError``:
    one of ``REDIS_DOWN_ERRORS``, which the web services answer with 503 and the matcher's
    tasks retry with backoff (a script's or a transaction's refusal is otherwise a plain
    ``ResponseError``, which looks like a bug)."""
    try:
        yield
    except redis.exceptions.OutOfMemoryError:
        raise
    except redis.exceptions.ResponseError as exc:
        if is_out_of_memory(exc):
            raise redis.exceptions.OutOfMemoryError(str(exc)) from exc
        raise


class NotReplicated(redis.exceptions.ConnectionError):
    """A write did not reach a replica in time: with Sentinel, the submission is not accepted."""


def retry_policy(*, retry_on_timeout: bool) -> Retry:
    """Two quick retries of a dropped connection, and of a timeout only if asked.

    The errors are named explicitly: redis-py's ``Retry`` retries ``TimeoutError`` unless
    told otherwise, so ``retry_on_timeout=False`` alone (or a ``retry_on_error`` list)
    still gave a hung Redis three full socket timeouts (3.3 s for a 1 s timeout).
    """
    errors = _retried_errors(retry_on_timeout)
    return Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2, supported_errors=errors)


def _retried_errors(retry_on_timeout: bool) -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (redis.exceptions.ConnectionError,)
    return errors + (redis.exceptions.TimeoutError,) if retry_on_timeout else errors


def create_redis(
    url: str,
    *,
    socket_timeout: float | None = 5.0,
    retry_on_timeout: bool = True,
    max_connections: int | None = None,
) -> redis.Redis:
    """A client for ``url`` that returns text, fails fast and retries briefly on a blip.

    For web requests: ``retry_on_timeout=False`` retries a dropped connection only (see
    :func:`retry_policy`), so a Redis that hangs answers within ``socket_timeout``; and
    ``max_connections`` makes requests share that many connections, each waiting at most
    :data:`POOL_WAIT_SECONDS` for a free one, however many requests are in flight.

    A ``redis+sentinel://`` URL gives a client of the master the sentinels name now; after
    a failover, its next connection goes to the new master.
    """
    options: dict[str, Any] = {
        "decode_responses": True,
        "socket_connect_timeout": min(2.0, socket_timeout or 2.0),
        "socket_timeout": socket_timeout,
        "health_check_interval": 15,
        "retry": retry_policy(retry_on_timeout=retry_on_timeout),
        "retry_on_error": list(_retried_errors(retry_on_timeout)),
    }
    if is_sentinel_url(url):
        parts = parse_sentinel_url(url)
        sentinel = Sentinel(  # type: ignore[no-untyped-call]
            list(parts.sentinels),
            socket_connect_timeout=1.0,
            socket_timeout=1.0,
            sentinel_kwargs={"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        )
        if max_connections is not None:
            options["max_connections"] = max_connections
        master: redis.Redis = sentinel.master_for(  # type: ignore[no-untyped-call]
            parts.master, db=parts.db, password=parts.password, **options
        )
        return master
    if max_connections is not None:
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=POOL_WAIT_SECONDS, **options
        )
        return redis.Redis(connection_pool=pool)
    client: redis.Redis = redis.Redis.from_url(url, **options)
    return client


def limits_storage(url: str) -> tuple[str, dict[str, Any]]:
    """The ``limits`` library's storage URI and options for ``url`` (Flask-Limiter, webhooks).

    ``limits`` names a Sentinel master by the URL's path alone, so the database travels as
    an option; counters are read from the master, never from a lagging replica.
    """
    if not is_sentinel_url(url):
        return url, {}
    parts = parse_sentinel_url(url)
    hosts = ",".join(f"{host}:{port}" for host, port in parts.sentinels)
    auth = f":{parts.password}@" if parts.password else ""
    return f"{SENTINEL_SCHEME}://{auth}{hosts}/{parts.master}", {
        "db": parts.db,
        "use_replicas": False,
    }


def is_sentinel_url(url: str) -> bool:
    """Whether ``url`` names Redis through Sentinel."""
    return url.startswith(SENTINEL_SCHEME + "://")


def wait_for_replica(client: redis.Redis, timeout_ms: int) -> None:
    """Block until every write made so far reached at least one replica.

    ``WAIT`` counts the writes of its own connection, and the pool may hand out another
    one; so a small write and ``WAIT 1`` go down one connection together. A replica applies
    the master's single replication stream in order, so once it has this write it has every
    write before it, such as the submission record. Raises :class:`NotReplicated` (a "Redis
    is down" error: the web services answer 503) when none confirmed within ``timeout_ms``.
    """
    pipe = client.pipeline(transaction=False)
    pipe.set(REPLICATION_PROBE_KEY, "1", px=60_000)
    pipe.execute_command("WAIT", 1, timeout_ms)  # type: ignore[no-untyped-call]
    acknowledged = int(pipe.execute()[-1])
    if acknowledged < 1:
        raise NotReplicated(f"no replica confirmed the write within {timeout_ms} ms")


class FlaskRedis:
    """``init_app`` style holder: one client per Flask app, made from the app's settings,
    stored in ``app.extensions[FlaskRedis.NAME]``."""

    NAME = "redis"

    def init_app(self, app: Any) -> None:
        settings = app.config["SETTINGS"]
        app.extensions[self.NAME] = create_redis(
            settings.redis_url,
            socket_timeout=settings.redis_web_timeout,
            retry_on_timeout=False,
            max_connections=settings.redis_web_connections,
        )
