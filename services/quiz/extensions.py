"""Typed access to what the quiz service's factory registers on its app, one accessor each.

Each part stores itself in ``app.extensions`` under its name in its own ``init_app``; views
and helpers read it here (of the current app, or of ``app`` where one is given), never by
importing the factory or reading ``app.extensions`` themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from flask import Flask

from shared.redis import FlaskRedis
from shared.settings import Settings
from shared.web import extension
from shared.web import settings as _settings

if TYPE_CHECKING:
    import redis
    from celery import Celery
    from flask_limiter import Limiter
    from prometheus_client import Counter

    from services.quiz.events import EventHub
    from services.quiz.quizzes import Quiz
    from services.quiz.sites import SiteBook

QUIZZES = "quizzes"
PREVIOUS_QUIZZES = "previous_quizzes"
CELERY = "celery"
EVENTS = "events"
SITES = "sites"
LIMITER = "limiter"
SUBMISSIONS_COUNTER = "submissions_counter"
ASSET_VERSIONS = "embed_asset_versions"


def settings(app: Flask | None = None) -> Settings:
    """The service's settings."""
    return _settings(app)


def quizzes(app: Flask | None = None) -> Mapping[str, Quiz]:
    """The current version of every quiz, by id."""
    return cast("Mapping[str, Quiz]", extension(QUIZZES, app))


def previous_quizzes(app: Flask | None = None) -> Mapping[tuple[str, str], Quiz]:
    """The previous versions still accepted, by (quiz id, version)."""
    return cast("Mapping[tuple[str, str], Quiz]", extension(PREVIOUS_QUIZZES, app))


def redis_client(app: Flask | None = None) -> redis.Redis:
    """The service's Redis client (records, idempotency, rate limits)."""
    return cast("redis.Redis", extension(FlaskRedis.NAME, app))


def celery(app: Flask | None = None) -> Celery:
    """The Celery app the service sends match tasks with (by name)."""
    return cast("Celery", extension(CELERY, app))


def event_hub(app: Flask | None = None) -> EventHub:
    """The process's hub of result event streams."""
    return cast("EventHub", extension(EVENTS, app))


def sites(app: Flask | None = None) -> SiteBook:
    """The registered sites, their API keys and allowed origins."""
    return cast("SiteBook", extension(SITES, app))


def limiter(app: Flask | None = None) -> Limiter:
    """The submissions' rate limiter."""
    return cast("Limiter", extension(LIMITER, app))


def submissions_counter(app: Flask | None = None) -> Counter:
    """The counter of accepted submissions, by quiz and outcome."""
    return cast("Counter", extension(SUBMISSIONS_COUNTER, app))


def asset_versions(app: Flask | None = None) -> Mapping[str, str]:
    """The content hash of each embed asset, by its path under static/ (cache busting)."""
    return cast("Mapping[str, str]", extension(ASSET_VERSIONS, app))
