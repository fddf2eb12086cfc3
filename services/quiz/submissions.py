"""Accepting submissions and showing results: the quiz service's domain, with no Flask in it."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from celery import Celery

from services.quiz.quizzes import Quiz
from services.quiz.variants import Variant
from shared import idempotency, records
from shared.celery import MATCH_QUEUE, MATCH_TASK
from shared.contract.request import RequestHeader, SubmissionRequest
from shared.ids import new_id, new_token, token_hash
from shared.redis import is_sentinel_url, wait_for_replica
from shared.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Accepted:
    """A stored submission: what the client gets back after a POST."""

    id: str
    deletion_token: str
    header: RequestHeader
    status: str
    fresh: bool


class Deleted(Exception):
    """The Idempotency-Key stands for a submission its sender deleted: it stays deleted."""


def body_hash(
    quiz: Quiz, answers: dict[str, float | str], site: str | None, variant: Variant | None = None
) -> str:
    """A fingerprint of what was submitted, to tell a retry from a different request."""
    basis: dict[str, Any] = {"quiz": quiz.id, "answers": answers, "site": site}
    if variant is not None:
        basis["variant"] = {"of": variant.variant_of, "changes": variant.changes}
    canonical = json.dumps(basis, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def new_request(
    quiz: Quiz,
    answers: dict[str, float | str],
    *,
    submission_id: str,
    site: str | None = None,
    variant: Variant | None = None,
) -> SubmissionRequest:
    """The request the matcher reads: validated answers, and how this quiz version reads
    them; a variant's weights, careers set aside, origin and changes."""
    request: SubmissionRequest = {
        "id": submission_id,
        "quiz_id": quiz.id,
        "quiz_version": quiz.version,
        "created_at": records.utc_now(),
        "site": site,
        "answers": answers,
        "items": quiz.scoring_items(),
        "weights": quiz.weights,
    }
    if variant is not None:
        request["weights"] = variant.weights
        if variant.set_aside:
            request["set_aside"] = variant.set_aside
        request["variant_of"] = variant.variant_of
        request["changes"] = variant.changes
    return request


def submit(
    client: redis.Redis,
    celery: Celery,
    settings: Settings,
    quiz: Quiz,
    answers: dict[str, float | str],
    *,
    attribution: dict[str, Any] | None = None,
    idempotency_key: uuid.UUID | None = None,
    variant: Variant | None = None,
) -> Accepted:
    """Store validated answers (or a variant's) as a new submission and send it to the
    matcher.

    The record is written before the task is sent, so a lost or unsendable message only
    delays the work: the matcher's sweep re-sends whatever stays pending. With an
    idempotency key, a retry of the same request gets the same submission and no new job.
    """
    submission_id, token = new_id(), new_token()
    site = attribution["site"] if attribution else None
    if idempotency_key is not None:
        binding = idempotency.claim(
            client,
            site or "-",
            idempotency_key,
            body_hash(quiz, answers, site, variant),
            submission_id,
            token,
            settings.idempotency_ttl,
        )
        submission_id, token = binding.id, binding.token
        if not binding.fresh:
            existing = records.load(client, submission_id)
            if existing is not None:
                # the first attempt may have been answered 503 because no replica confirmed
                # its record: this answer accepts it, so it must hold on a replica too
                _replicated(client, settings)
                return Accepted(submission_id, token, existing.header, existing.status, False)
            if records.is_deleted(client, submission_id):
                raise Deleted("The submission of this Idempotency-Key was deleted.")
            # the first attempt claimed the key but never stored its record: store it now
    request = new_request(quiz, answers, submission_id=submission_id, site=site, variant=variant)
    records.create(
        client,
        request,
        ttl=settings.result_ttl,
        deletion_hash=token_hash(token),
        attribution=attribution,
    )
    _replicated(client, settings)
    enqueue(celery, submission_id)
    log.info(
        "submission %s accepted for quiz %s",
        submission_id,
        quiz.id,
        extra={"submission_id": submission_id, "quiz_id": quiz.id},
    )
    header: RequestHeader = {
        "id": submission_id,
        "quiz_id": quiz.id,
        "quiz_version": quiz.version,
        "created_at": request["created_at"],
    }
    if variant is not None:
        header["variant_of"] = variant.variant_of
        header["changes"] = variant.changes
    return Accepted(submission_id, token, header, "queued", fresh=True)


def enqueue(celery: Celery, submission_id: str) -> bool:
    """Send the match task by name; False (and a log line) when the broker refused it."""
    try:
        celery.send_task(
            MATCH_TASK,
            args=[submission_id],
            queue=MATCH_QUEUE,
            # sent through the default exchange straight to the queue, which the workers
            # declare: re-declaring it on each message would only cost time
            declare=[],
            retry=True,
            retry_policy={
                "max_retries": 2,
                "interval_start": 0.1,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
        )
    except Exception:  # noqa: BLE001 - the record is stored; the sweep re-sends it later
        log.warning(
            "could not send %s for %s; the sweep will re-send it",
            MATCH_TASK,
            submission_id,
            exc_info=True,
        )
        return False
    return True


def can_delete(record: records.Record, token: str | None) -> bool:
    """Whether ``token`` is the deletion token given out when the record was created."""
    return (
        bool(token)
        and record.deletion_hash is not None
        and hmac.compare_digest(record.deletion_hash, token_hash(token or ""))
    )


def delete(client: redis.Redis, settings: Settings, submission_id: str) -> None:
    """Delete a submission and its result (its variants stay), so that it stays deleted:
    a replay of its Idempotency-Key within the window is refused (``Deleted``)."""
    records.delete(client, submission_id, tombstone_ttl=settings.idempotency_ttl)


def _replicated(client: redis.Redis, settings: Settings) -> None:
    """Through Sentinel, return only once a replica holds every write so far.

    Replication is asynchronous: a failover may lose what the master acknowledged last.
    Accept only what a replica holds too (``NotReplicated`` answers 503).
    """
    if is_sentinel_url(settings.redis_url):
        wait_for_replica(client, settings.replica_wait_ms)
