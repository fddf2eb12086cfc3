"""The matcher's Celery app holds the tasks the quiz sends by name, as the contract says."""

from __future__ import annotations

from celery import Celery

from services.matcher import tasks, webhooks
from services.matcher.catalog_client import CatalogUnavailable
from services.matcher.worker import create_worker_app
from shared.celery import MATCH_QUEUE, MATCH_TASK, WEBHOOK_QUEUE, WEBHOOK_TASK
from shared.settings import Settings


def _app(max_retries: int) -> Celery:
    settings = Settings.from_env(
        {"REDIS_URL": "redis://127.0.0.1:6379/0", "MATCH_MAX_RETRIES": str(max_retries)}
    )
    return create_worker_app(settings)


def test_worker_app_takes_the_shared_tasks_with_its_own_retry_limit() -> None:
    four, nine = _app(4), _app(9)
    for app, limit in ((four, 4), (nine, 9)):
        match = app.tasks[MATCH_TASK]
        webhook = app.tasks[WEBHOOK_TASK]
        assert isinstance(match, tasks.MatcherTask) and match.app is app
        assert match.max_retries == limit, "the deployment's MATCH_MAX_RETRIES"
        assert webhook.max_retries == 10
        assert match.acks_late and match.reject_on_worker_lost and webhook.acks_late
        assert CatalogUnavailable in match.autoretry_for
        assert webhooks.WebhookRejected in webhook.autoretry_for
        router = app.amqp.router
        assert router.route({}, MATCH_TASK)["queue"].name == MATCH_QUEUE
        assert router.route({}, WEBHOOK_TASK)["queue"].name == WEBHOOK_QUEUE
