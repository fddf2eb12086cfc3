"""Celery tasks of the matcher: serialization, retries and acks only.

The work is plain functions the tests call: ``jobs.match_submission`` scores a submission,
``webhooks.deliver_result`` sends its result to a site. The tasks are shared tasks, taken
by the app ``worker.create_worker_app`` makes; ``init_app`` gives that app the settings
they read, and the retry limit the deployment sets.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

import redis
import requests
from celery import Celery, Task, shared_task

from services.matcher import catalog_arrays, jobs, metrics, webhooks
from services.matcher.catalog_client import CatalogClient, CatalogUnavailable
from shared import records
from shared.celery import MATCH_TASK, WEBHOOK_QUEUE, WEBHOOK_TASK
from shared.ids import is_valid_id
from shared.redis import REDIS_DOWN_ERRORS, create_redis
from shared.settings import Settings
from shared.sites import Site, load_sites

log = logging.getLogger(__name__)

#: Failures that may heal by themselves: retried with exponential backoff and jitter.
TRANSIENT = (CatalogUnavailable, *REDIS_DOWN_ERRORS)
#: Where ``init_app`` leaves the settings in the app's configuration.
SETTINGS_KEY = "career_match_settings"


def init_app(app: Celery, settings: Settings) -> None:
    """Ready ``app`` to run the matcher's tasks: call before the app is first used.

    The match task's retry limit is the deployment's (``MATCH_MAX_RETRIES``), so it is set
    with Celery's ``task_annotations`` rather than in the decorator.
    """
    app.conf[SETTINGS_KEY] = settings
    app.conf.task_annotations = {MATCH_TASK: {"max_retries": settings.match_max_retries}}


class MatcherTask(Task):  # type: ignore[misc]
    """Base task: one Redis client and one catalog client per worker process, made lazily."""

    abstract = True

    @property
    def settings(self) -> Settings:
        settings: Settings = self.app.conf[SETTINGS_KEY]
        return settings

    @cached_property
    def redis(self) -> redis.Redis:
        return create_redis(self.settings.redis_url)

    @cached_property
    def catalog(self) -> CatalogClient:
        return CatalogClient(
            self.settings.catalog_url,
            self.redis,
            catalog_arrays.catalog_arrays,
            timeout=self.settings.catalog_timeout,
            copy_ttl=self.settings.snapshot_ttl,
        )

    @cached_property
    def sites(self) -> dict[str, Site]:
        """The site configuration, read once per worker process (restart to reload)."""
        return load_sites(self.settings)

    @cached_property
    def webhook_limiter(self) -> webhooks.SiteLimiter:
        return webhooks.SiteLimiter(self.settings.redis_url, self.settings.site_webhook_limit)

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        """A task that will not run again marks its submission failed, with a reason."""
        if self.name != MATCH_TASK or not args or not isinstance(args[0], str):
            return
        if not is_valid_id(args[0]):
            return
        if isinstance(exc, CatalogUnavailable):
            reason = "The career catalog could not be reached; please submit again later."
        elif isinstance(exc, REDIS_DOWN_ERRORS):
            reason = "Storage was unavailable for too long; please submit again later."
        else:
            reason = "The matcher hit an internal error while scoring these answers."
        try:
            if records.fail(self.redis, str(args[0]), reason):
                metrics.RESULTS.labels("failed").inc()
            log.warning("submission %s failed: %s", args[0], reason)
        except REDIS_DOWN_ERRORS:
            log.warning("could not mark %s failed; the sweep will", args[0])


@shared_task(
    name=MATCH_TASK,
    bind=True,
    base=MatcherTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=1,
    retry_backoff_max=60,
    retry_jitter=True,
)
def match_submission(
    self: MatcherTask, submission_id: Any = None, *junk: Any, **junk_kwargs: Any
) -> str:
    """Score one submission (``jobs.match_submission``), then send its webhook if wanted."""
    if junk or junk_kwargs:  # not a message the quiz sends: drop it, never retry it
        log.warning("dropped a match task with unexpected arguments")
        return "gone"
    settings = self.settings
    outcome = jobs.match_submission(
        self.redis,
        self.catalog,
        submission_id,
        cache_ttl=settings.answer_cache_ttl,
        # every retry and every re-send is a delivery; more than all of them is a loop
        max_deliveries=(settings.match_max_retries + 1) * settings.max_attempts + 1,
    )
    log.info("submission %s: %s", submission_id, outcome.status)
    if outcome.record is not None and webhooks.site_for(outcome.record, self.sites) is not None:
        self.app.send_task(WEBHOOK_TASK, args=[submission_id], queue=WEBHOOK_QUEUE)
    return outcome.status


@shared_task(
    name=WEBHOOK_TASK,
    bind=True,
    base=MatcherTask,
    acks_late=True,
    autoretry_for=(requests.RequestException, webhooks.WebhookRejected, *REDIS_DOWN_ERRORS),
    retry_backoff=2,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=10,
)
def deliver_webhook(
    self: MatcherTask, submission_id: Any = None, *junk: Any, **junk_kwargs: Any
) -> int | None:
    """Send a finished submission's result to its site (``webhooks.deliver_result``)."""
    if junk or junk_kwargs or not isinstance(submission_id, str):
        log.warning("dropped a webhook task with unexpected arguments")
        return None
    status = webhooks.deliver_result(
        self.redis,
        self.sites,
        self.webhook_limiter,
        submission_id,
        retry=self.request.retries > 0,
    )
    if status is not None:
        log.info("submission %s: webhook answered %d", submission_id, status)
    return status
