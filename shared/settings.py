"""Settings read from the environment once, typed and validated, with defaults in code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
HTTP = ("http", "https")
#: The official O*NET 29.3 text release, from the O*NET Resource Center.
ONET_TEXT_RELEASE_URL = "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip"


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


@dataclass(frozen=True)
class Settings:
    """Everything a service reads from its environment. Build it with :meth:`from_env`."""

    host: str
    port: int
    redis_url: str
    catalog_url: str
    public_url: str
    log_level: str
    log_format: str
    web_threads: int
    result_ttl: int
    idempotency_ttl: int
    max_body_bytes: int
    sse_max_seconds: int
    catalog_data_dir: Path
    onet_data_dir: Path
    sites_file: Path
    quiz_dir: Path
    sites_json: str
    worker_concurrency: int
    match_soft_time_limit: int
    match_time_limit: int
    match_max_retries: int
    visibility_timeout: int
    sweep_interval: int
    stale_after: int
    max_attempts: int
    catalog_timeout: float
    snapshot_ttl: int
    quiz_public_url: str
    pages_url: str
    onet_text_url: str
    onet_download_timeout: float

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, port: int = 8000) -> Settings:
        """Read and validate every setting; ``port`` is the service's default ``PORT``."""
        env = os.environ if environ is None else environ
        settings = cls(
            host=env_str(env, "HOST", "127.0.0.1"),
            port=env_int(env, "PORT", port, minimum=0),
            redis_url=env_url(
                env, "REDIS_URL", "redis://127.0.0.1:6379/0", ("redis", "rediss", "unix")
            ),
            catalog_url=env_url(env, "CATALOG_URL", "http://127.0.0.1:8001", ("http", "https")),
            public_url=env_str(env, "PUBLIC_URL", "").rstrip("/"),
            log_level=env_choice(env, "LOG_LEVEL", "info", ("debug", "info", "warning", "error")),
            log_format=env_choice(env, "LOG_FORMAT", "text", ("text", "json")),
            web_threads=env_int(env, "WEB_THREADS", 16, minimum=1),
            result_ttl=env_int(env, "RESULT_TTL_SECONDS", 30 * 24 * 3600, minimum=1),
            idempotency_ttl=env_int(env, "IDEMPOTENCY_TTL_SECONDS", 24 * 3600, minimum=1),
            max_body_bytes=env_int(env, "MAX_BODY_BYTES", 64 * 1024, minimum=1024),
            sse_max_seconds=env_int(env, "SSE_MAX_SECONDS", 120, minimum=1),
            catalog_data_dir=Path(
                env_str(env, "CATALOG_DATA_DIR", str(REPO_ROOT / "services" / "catalog" / "data"))
            ),
            onet_data_dir=Path(
                env_str(env, "ONET_DATA_DIR", str(REPO_ROOT.parent / "shared" / "data" / "onet"))
            ),
            sites_file=Path(
                env_str(env, "SITES_FILE", str(REPO_ROOT / "services" / "quiz" / "sites.json"))
            ),
            sites_json=env_str(env, "SITES_JSON", ""),
            quiz_dir=Path(
                env_str(env, "QUIZ_DIR", str(REPO_ROOT / "services" / "quiz" / "quizzes"))
            ),
            worker_concurrency=env_int(env, "WORKER_CONCURRENCY", 1, minimum=1),
            match_soft_time_limit=env_int(env, "MATCH_SOFT_TIME_LIMIT", 30, minimum=1),
            match_time_limit=env_int(env, "MATCH_TIME_LIMIT", 60, minimum=1),
            match_max_retries=env_int(env, "MATCH_MAX_RETRIES", 8, minimum=0),
            visibility_timeout=env_int(env, "VISIBILITY_TIMEOUT", 3600, minimum=1),
            sweep_interval=env_int(env, "SWEEP_INTERVAL_SECONDS", 15, minimum=1),
            stale_after=env_int(env, "STALE_AFTER_SECONDS", 120, minimum=1),
            max_attempts=env_int(env, "MAX_ATTEMPTS", 5, minimum=1),
            catalog_timeout=env_float(env, "CATALOG_TIMEOUT_SECONDS", 5.0, minimum=0.1),
            snapshot_ttl=env_int(env, "SNAPSHOT_TTL_SECONDS", 7 * 24 * 3600, minimum=1),
            # where people take the quiz (pages link there) and where the pages live (the
            # quiz's result links there); both are public URLs, not the services' own ports
            quiz_public_url=env_url(env, "QUIZ_PUBLIC_URL", "http://127.0.0.1:8000", HTTP),
            pages_url=env_url(env, "PAGES_URL", "http://127.0.0.1:8001", HTTP),
            onet_text_url=env_url(env, "ONET_TEXT_URL", ONET_TEXT_RELEASE_URL, HTTP),
            onet_download_timeout=env_float(
                env, "ONET_DOWNLOAD_TIMEOUT_SECONDS", 20.0, minimum=0.1
            ),
        )
        if settings.match_time_limit <= settings.match_soft_time_limit:
            raise SettingsError("MATCH_TIME_LIMIT: must be greater than MATCH_SOFT_TIME_LIMIT")
        return settings

    def as_dict(self) -> dict[str, object]:
        """The settings as plain values, for logs and debugging."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
