"""Settings read from the environment once, typed and validated, with defaults in code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from limits import parse_many

REPO_ROOT = Path(__file__).resolve().parent.parent
HTTP = ("http", "https")
#: The official O*NET 29.3 text release, from the O*NET Resource Center.
ONET_TEXT_RELEASE_URL = "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"

#: ``redis+sentinel://[:password@]host:port[,host:port...]/<master name>[/<db>]``: Redis
#: behind Sentinel. Every client (records, caches, the Celery broker) asks the sentinels
#: for the current master.
SENTINEL_SCHEME = "redis+sentinel"


@dataclass(frozen=True)
class SentinelUrl:
    """The parts of a ``redis+sentinel://`` URL."""

    sentinels: tuple[tuple[str, int], ...]
    master: str
    db: int
    password: str | None


def parse_sentinel_url(url: str) -> SentinelUrl:
    """Split a ``redis+sentinel://`` URL; ``ValueError`` names what is wrong."""
    parsed = urlparse(url)
    if parsed.scheme != SENTINEL_SCHEME:
        raise ValueError(f"expected a {SENTINEL_SCHEME}:// URL, got {url!r}")
    hosts = parsed.netloc.rpartition("@")[2]
    sentinels: list[tuple[str, int]] = []
    for part in hosts.split(","):
        host, _, port = part.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"sentinel address {part!r} is not host:port")
        sentinels.append((host.strip("[]"), int(port)))
    path = [p for p in parsed.path.split("/") if p]
    if not path:
        raise ValueError("the URL names no master (redis+sentinel://host:port/<master>/<db>)")
    db = path[1] if len(path) > 1 else "0"
    if not db.isdigit():
        raise ValueError(f"database {db!r} is not a number")
    return SentinelUrl(tuple(sentinels), path[0], int(db), parsed.password or None)


class SettingsError(ValueError):
    """A variable in the environment has a value that cannot be used; the message names it."""


def env_str(env: Mapping[str, str], name: str, default: str) -> str:
    """The variable as text, or the default when it is unset or empty."""
    value = env.get(name, "").strip()
    return value or default


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    """The variable as an integer no smaller than ``minimum``."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected an integer, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_float(env: Mapping[str, str], name: str, default: float, *, minimum: float = 0.0) -> float:
    """The variable as a number no smaller than ``minimum``."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name}: must be at least {minimum}, got {value}")
    return value


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """The variable as a boolean: 1/true/yes/on or 0/false/no/off."""
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}: expected true or false, got {raw!r}")


def env_choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    """The variable, which must be one of ``choices`` (case-insensitive)."""
    value = env_str(env, name, default).lower()
    if value not in choices:
        raise SettingsError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def env_url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    """The variable as a URL whose scheme is one of ``schemes`` and that names a host."""
    value = env_str(env, name, default)
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not (parsed.hostname or parsed.path):
        raise SettingsError(
            f"{name}: expected a URL starting with {' or '.join(s + '://' for s in schemes)}, "
            f"got {value!r}"
        )
    return value.rstrip("/") if parsed.scheme.startswith("http") else value


def env_limit(env: Mapping[str, str], name: str, default: str) -> str:
    """The variable as a rate limit in Flask-Limiter's notation (``10/minute;500/day``)."""
    value = env_str(env, name, default)
    try:
        parse_many(value)
    except ValueError:
        raise SettingsError(
            f"{name}: expected a rate limit like 10/minute or 10/minute;500/day, got {value!r}"
        ) from None
    return value


def env_redis_url(env: Mapping[str, str], name: str, default: str) -> str:
    """The variable as a Redis URL: ``redis://``, ``rediss://``, ``unix://`` or a well-formed
    ``redis+sentinel://`` (:func:`parse_sentinel_url`)."""
    value = env_url(env, name, default, ("redis", "rediss", "unix", SENTINEL_SCHEME))
    if value.startswith(SENTINEL_SCHEME + "://"):
        try:
            parse_sentinel_url(value)
        except ValueError as exc:
            raise SettingsError(f"{name}: {exc}") from None
    return value


# The variables grouped by concern; each group returns its fields of :class:`Settings`.
# ``tests/test_docs.py`` finds the variables through the ``env_*`` calls below.


def _process(env: Mapping[str, str], port: int) -> dict[str, Any]:
    """Where a service listens and how it logs."""
    return {
        "host": env_str(env, "HOST", "127.0.0.1"),
        "port": env_int(env, "PORT", port, minimum=0),
        "log_level": env_choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
        "log_format": env_choice(env, "LOG_FORMAT", "text", ("text", "json")),
        "metrics_port": env_int(env, "METRICS_PORT", 9100, minimum=0),
    }


def _redis(env: Mapping[str, str]) -> dict[str, Any]:
    """The Redis server, the web side's connections to it, and how long what it keeps lives."""
    return {
        "redis_url": env_redis_url(env, "REDIS_URL", "redis://127.0.0.1:6379/0"),
        "redis_web_timeout": env_float(env, "REDIS_WEB_TIMEOUT_SECONDS", 1.0, minimum=0.05),
        "redis_web_connections": env_int(env, "REDIS_WEB_CONNECTIONS", 100, minimum=1),
        "replica_wait_ms": env_int(env, "REDIS_REPLICA_WAIT_MS", 500, minimum=1),
        "result_ttl": env_int(env, "RESULT_TTL_SECONDS", 30 * 24 * 3600, minimum=1),
        "idempotency_ttl": env_int(env, "IDEMPOTENCY_TTL_SECONDS", 24 * 3600, minimum=1),
        "snapshot_ttl": env_int(env, "SNAPSHOT_TTL_SECONDS", 7 * 24 * 3600, minimum=1),
        "answer_cache_ttl": env_int(env, "ANSWER_CACHE_TTL_SECONDS", 24 * 3600, minimum=1),
    }


def _web(env: Mapping[str, str]) -> dict[str, Any]:
    """The HTTP server's bounds: connections, timeouts, body size and event streams."""
    return {
        "web_connections": env_int(env, "WEB_CONNECTIONS", 5000, minimum=10),
        "header_timeout": env_float(env, "HTTP_HEADER_TIMEOUT_SECONDS", 5.0, minimum=0.5),
        "body_timeout": env_float(env, "HTTP_BODY_TIMEOUT_SECONDS", 10.0, minimum=0.5),
        "max_body_bytes": env_int(env, "MAX_BODY_BYTES", 64 * 1024, minimum=1024),
        "trusted_proxy_hops": env_int(env, "TRUSTED_PROXY_HOPS", 0, minimum=0),
        "sse_max_streams": env_int(env, "SSE_MAX_STREAMS", 4000, minimum=1),
        "sse_max_streams_per_client": env_int(env, "SSE_MAX_STREAMS_PER_CLIENT", 100, minimum=1),
        "sse_max_seconds": env_int(env, "SSE_MAX_SECONDS", 120, minimum=1),
        "sse_heartbeat_seconds": env_float(env, "SSE_HEARTBEAT_SECONDS", 10.0, minimum=0.1),
    }


def _rate_limits(env: Mapping[str, str]) -> dict[str, Any]:
    """Rate limits, in Flask-Limiter's notation."""
    return {
        "site_webhook_limit": env_limit(env, "SITE_WEBHOOK_LIMIT", "1000/hour"),
        "submit_limit_per_address": env_limit(
            env, "SUBMIT_LIMIT_PER_ADDRESS", "60/minute;600/hour"
        ),
        "submit_limit_per_site": env_limit(env, "SUBMIT_LIMIT_PER_SITE", "600/minute;20000/hour"),
    }


def _files(env: Mapping[str, str]) -> dict[str, Any]:
    """The data on disk: the catalog, the O*NET files, the sites and the quizzes."""
    quiz = REPO_ROOT / "services" / "quiz"
    return {
        "catalog_data_dir": Path(
            env_str(env, "CATALOG_DATA_DIR", str(REPO_ROOT / "services" / "catalog" / "data"))
        ),
        "onet_data_dir": Path(
            env_str(env, "ONET_DATA_DIR", str(REPO_ROOT.parent / "shared" / "data" / "onet"))
        ),
        "sites_file": Path(env_str(env, "SITES_FILE", str(quiz / "sites.json"))),
        "sites_json": env_str(env, "SITES_JSON", ""),
        "quiz_dir": Path(env_str(env, "QUIZ_DIR", str(quiz / "quizzes"))),
    }


def _links(env: Mapping[str, str]) -> dict[str, Any]:
    """The other services and public addresses a service reaches or links to."""
    return {
        "catalog_url": env_url(env, "CATALOG_URL", "http://127.0.0.1:8001", HTTP),
        "catalog_timeout": env_float(env, "CATALOG_TIMEOUT_SECONDS", 5.0, minimum=0.1),
        "public_url": env_str(env, "PUBLIC_URL", "").rstrip("/"),
        # where people take the quiz (pages link there) and where the pages live (the
        # quiz's result links there); both are public URLs, not the services' own ports
        "quiz_public_url": env_url(env, "QUIZ_PUBLIC_URL", "http://127.0.0.1:8000", HTTP),
        "pages_url": env_url(env, "PAGES_URL", "http://127.0.0.1:8001", HTTP),
        "onet_text_url": env_url(env, "ONET_TEXT_URL", ONET_TEXT_RELEASE_URL, HTTP),
        "onet_download_timeout": env_float(env, "ONET_DOWNLOAD_TIMEOUT_SECONDS", 20.0, minimum=0.1),
    }


def _matcher(env: Mapping[str, str]) -> dict[str, Any]:
    """The matcher's workers, time limits and retries, and the sweep of stale submissions."""
    group: dict[str, Any] = {
        "worker_concurrency": env_int(env, "WORKER_CONCURRENCY", 1, minimum=1),
        "match_soft_time_limit": env_int(env, "MATCH_SOFT_TIME_LIMIT", 30, minimum=1),
        "match_time_limit": env_int(env, "MATCH_TIME_LIMIT", 60, minimum=1),
        "match_max_retries": env_int(env, "MATCH_MAX_RETRIES", 8, minimum=0),
        "visibility_timeout": env_int(env, "VISIBILITY_TIMEOUT", 3600, minimum=1),
        "sweep_interval": env_int(env, "SWEEP_INTERVAL_SECONDS", 15, minimum=1),
        "stale_after": env_int(env, "STALE_AFTER_SECONDS", 120, minimum=1),
        "max_attempts": env_int(env, "MAX_ATTEMPTS", 5, minimum=1),
    }
    if group["match_time_limit"] <= group["match_soft_time_limit"]:
        raise SettingsError("MATCH_TIME_LIMIT: must be greater than MATCH_SOFT_TIME_LIMIT")
    return group


@dataclass(frozen=True)
class Settings:
    """Everything a service reads from its environment. Build it with :meth:`from_env`."""

    # the process (``_process``)
    host: str
    port: int
    log_level: str
    log_format: str
    metrics_port: int
    # Redis and the lifetimes of what it keeps (``_redis``)
    redis_url: str
    redis_web_timeout: float
    redis_web_connections: int
    replica_wait_ms: int
    result_ttl: int
    idempotency_ttl: int
    snapshot_ttl: int
    answer_cache_ttl: int
    # the HTTP server's bounds (``_web``)
    web_connections: int
    header_timeout: float
    body_timeout: float
    max_body_bytes: int
    trusted_proxy_hops: int
    sse_max_streams: int
    sse_max_streams_per_client: int
    sse_max_seconds: int
    sse_heartbeat_seconds: float
    # rate limits (``_rate_limits``)
    site_webhook_limit: str
    submit_limit_per_address: str
    submit_limit_per_site: str
    # data on disk (``_files``)
    catalog_data_dir: Path
    onet_data_dir: Path
    sites_file: Path
    sites_json: str
    quiz_dir: Path
    # other services and public addresses (``_links``)
    catalog_url: str
    catalog_timeout: float
    public_url: str
    quiz_public_url: str
    pages_url: str
    onet_text_url: str
    onet_download_timeout: float
    # the matcher (``_matcher``)
    worker_concurrency: int
    match_soft_time_limit: int
    match_time_limit: int
    match_max_retries: int
    visibility_timeout: int
    sweep_interval: int
    stale_after: int
    max_attempts: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, port: int = 8000) -> Settings:
        """Read and validate every setting; ``port`` is the service's default ``PORT``."""
        env = os.environ if environ is None else environ
        # each group parses and checks its own variables; the constructor sees every field
        return cls(
            **_process(env, port),
            **_redis(env),
            **_web(env),
            **_rate_limits(env),
            **_files(env),
            **_links(env),
            **_matcher(env),
        )

    def as_dict(self) -> dict[str, object]:
        """The settings as plain values, for logs and debugging."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
