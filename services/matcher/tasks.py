"""Celery tasks of the matcher: serialization, retries and acks only; the work is in jobs.py."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

import redis
import requests
from celery import Celery, Task

from services.matcher import jobs, metrics, scoring, webhooks
from services.matcher.catalog_client import CatalogClient, CatalogUnavailable
from shared import records
from shared.attribution import attribution
from shared.celery import MATCH_TASK, WEBHOOK_QUEUE, WEBHOOK_TASK
from shared.contract.result import public_document
from shared.ids import is_valid_id
from shared.redis import REDIS_DOWN_ERRORS, create_redis
from shared.settings import Settings
from shared.sites import Site, load_sites

log = logging.getLogger(__name__)

#: Failures that may heal by themselves: retried with exponential backoff and jitter.
TRANSIENT = (CatalogUnavailable, *REDIS_DOWN_ERRORS)


class MatcherTask(Task):  # type: ignore[misc]
    """Base task: one Redis client and one catalog client per worker process, made lazily."""

    abstract = True

    @property
    def settings(self) -> Settings:
        settings: Settings = self.app.conf["career_match_settings"]
        return settings

    @cached_property
    def redis(self) -> redis.Redis:
        return create_redis(self.settings.redis_url)

    @cached_property
    def catalog(self) -> CatalogClient:
        return _catalog_client(self.app, self.redis)

    @cached_property
    def sites(self) -> dict[str, Site]:
        """The site configuration, read once per worker process (restart to reload)."""
        return load_sites(self.settings)

    @cached_property
    def webhook_limiter(self) -> webhooks.SiteLimiter:
        return webhooks.SiteLimiter(self.settings.redis_url, self.settings.site_webhook_limit)

    def site_for_webhook(self, record: records.Record) -> Site | None:
        """The site whose webhook should get this submission's result, if any."""
        attribution = record.attribution or {}
        site = self.sites.get(str(attribution.get("site") or ""))
        if site is None or not site.wants_webhook(attribution.get("method")):
            return None
        return site

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


def _catalog_client(app: Celery, client: redis.Redis) -> CatalogClient:
    settings: Settings = app.conf["career_match_settings"]
    return CatalogClient(
        settings.catalog_url,
        client,
        scoring.catalog_arrays,
        timeout=settings.catalog_timeout,
        copy_ttl=settings.snapshot_ttl,
    )


def register_tasks(app: Celery, settings: Settings) -> None:
    """Declare the matcher's tasks on ``app``."""
    app.conf["career_match_settings"] = settings

    @app.task(
        name=MATCH_TASK,
        bind=True,
        base=MatcherTask,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=TRANSIENT,
        retry_backoff=1,
        retry_backoff_max=60,
        retry_jitter=True,
        max_retries=settings.match_max_retries,
    )
    def match_submission(
        self: MatcherTask, submission_id: Any = None, *junk: Any, **junk_kwargs: Any
    ) -> str:
        if junk or junk_kwargs:  # not a message the quiz sends: drop it, never retry it
            log.warning("dropped a match task with unexpected arguments")
            return "gone"
        outcome = jobs.match_submission(
            self.redis,
            self.catalog,
            submission_id,
            cache_ttl=settings.answer_cache_ttl,
            # every retry and every re-send is a delivery; more than all of them is a loop
            max_deliveries=(settings.match_max_retries + 1) * settings.max_attempts + 1,
        )
        log.info("submission %s: %s", submission_id, outcome.status)
        if outcome.record is not None and self.site_for_webhook(outcome.record) is not None:
            self.app.send_task(WEBHOOK_TASK, args=[submission_id], queue=WEBHOOK_QUEUE)
        return outcome.status

    @app.task(
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
        if junk or junk_kwargs or not isinstance(submission_id, str):
            log.warning("dropped a webhook task with unexpected arguments")
            return None
        if not is_valid_id(submission_id):
            return None
        try:
            record = records.load(self.redis, submission_id)
        except (ValueError, KeyError, TypeError):
            log.warning("no webhook for %s: its record is corrupt", submission_id)
            return None
        if record is None or record.status != "done":
            return None
        site = self.site_for_webhook(record)
        if site is None:  # the site's webhook or its policy changed since the submission
            return None
        if self.request.retries == 0 and not self.webhook_limiter.hit(site):
            log.warning("webhook for %s not sent: site %s is over its limit", record.id, site.key)
            return None
        payload = {
            "type": "result.done",
            "timestamp": record.completed_at,
            "attribution": record.attribution,
            "data": public_document(record, attribution()),
        }
        status = webhooks.deliver(
            str(site.webhook_url), str(site.webhook_secret), f"msg_{record.id}", payload
        )
        log.info("submission %s: webhook answered %d", submission_id, status)
        return status
