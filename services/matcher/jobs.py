"""The matcher's work for one submission, as plain functions the tasks and tests call."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

import redis

from services.matcher import profile as profiles
from services.matcher import regional, result, scoring
from services.matcher.metrics import SCORING_SECONDS
from shared import records
from shared.contract import SubmissionRequestSchema, submission_key
from shared.ids import is_valid_id

#: The parts a quiz version may weigh (see services/quiz/quizzes.py).
WEIGHT_PARTS = ("interests", "values", "skills")

log = logging.getLogger(__name__)

CACHE_PREFIX = "cm:cache:"


class SnapshotSource(Protocol):
    def get(self) -> scoring.CatalogArrays: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: ``done``, ``already`` (final before), or ``gone``.

    ``record`` is the submission as loaded, when this run finished it (for the webhook).
    """

    status: str
    record: records.Record | None = None


def cache_key(request: dict[str, Any], catalog_version: str) -> str:
    """The result cache key: the same answers, quiz version and catalog give one result."""
    basis = {
        "quiz": request["quiz_id"],
        "version": request["quiz_version"],
        "catalog": catalog_version,
        "answers": request["answers"],
        "weights": request["weights"],
    }
    digest = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return CACHE_PREFIX + digest


def compute(request: dict[str, Any], catalog: scoring.CatalogArrays) -> dict[str, Any]:
    """Score one submission's answers against every career; the result body.

    The body is built to ``shared.contract.ResultBodySchema`` by ``result.match`` and not
    validated again here (validating took most of the time): the tests validate every
    document they make, including the golden files (``tests/golden``).
    """
    person = profiles.build_profile(
        request["answers"], request["items"], skill_ids=catalog.skill_ids
    )
    place = regional.place_from_answers(request["answers"])
    pay = None if place is None else regional.pay_limit(place, catalog)
    body = result.match(person, catalog, request["weights"], pay=pay)
    if place is not None:
        body["place"] = regional.place_document(place)
    return body


#: Why a submission could not be scored, for the person who sent it.
UNREADABLE = "The stored submission could not be read; please submit again."
OFF_CONTRACT = "The stored submission does not match any quiz this matcher can score ({})."
TOO_MANY_DELIVERIES = "The matcher stopped this submission after {} attempts to score it."


def check_request(request: Any) -> str | None:
    """Why a stored request cannot be scored (wrong shape, unknown parts), or None."""
    errors = SubmissionRequestSchema().validate(request if isinstance(request, dict) else {})
    if errors:
        return OFF_CONTRACT.format("fields: " + ", ".join(sorted(errors)))
    unknown_weights = set(request["weights"]) - set(WEIGHT_PARTS)
    if unknown_weights:
        return OFF_CONTRACT.format("weights: " + ", ".join(sorted(unknown_weights)))
    item_ids = {item["id"] for item in request["items"]}
    unknown_answers = set(request["answers"]) - item_ids
    if unknown_answers:
        return OFF_CONTRACT.format(f"{len(unknown_answers)} answers to no item")
    return None


def match_submission(
    client: redis.Redis,
    source: SnapshotSource,
    submission_id: Any,
    *,
    cache_ttl: int,
    max_deliveries: int = 10,
) -> Outcome:
    """Compute and store the result of a submission; safe to run any number of times.

    A submission already final is left as it is, so a redelivered or re-sent task changes
    nothing. Identical answers under the same quiz and catalog version come from the cache.
    A message for no valid id is dropped; a record that cannot be read or scored, or that
    was delivered more than ``max_deliveries`` times (a task that kills its worker is
    redelivered), ends ``failed`` with a reason instead of coming back forever.
    """
    if not isinstance(submission_id, str) or not is_valid_id(submission_id):
        log.warning("dropped a match task for an invalid id %.80r", submission_id)
        return Outcome("gone")
    previous = records.start(client, submission_id)
    if previous is None:
        return Outcome("gone")
    if records.is_final(previous):
        return Outcome("already")
    try:
        record = records.load(client, submission_id)
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("submission %s has a corrupt record: %r", submission_id, exc)
        records.fail(client, submission_id, UNREADABLE)
        return Outcome("failed")
    if record is None:
        client.delete(submission_key(submission_id))  # a hash with no request: nothing to do
        return Outcome("gone")
    reason = check_request(record.request)
    if reason is None and record.deliveries > max_deliveries:
        reason = TOO_MANY_DELIVERIES.format(record.deliveries - 1)
    if reason is not None:
        log.warning("submission %s cannot be scored: %s", submission_id, reason)
        records.fail(client, submission_id, reason)
        return Outcome("failed")
    catalog = source.get()
    key = cache_key(record.request, catalog.version + catalog.regional_version)
    body = _cached_result(client, key)
    if body is None:
        with SCORING_SECONDS.time():
            body = compute(record.request, catalog)
    changed = records.finish(client, submission_id, body)
    if changed:
        # the cache points at this record's result rather than holding a second copy
        client.set(key, submission_id, ex=cache_ttl)
    return Outcome("done", record) if changed else Outcome("already")


def _cached_result(client: redis.Redis, key: str) -> dict[str, Any] | None:
    """The result of an earlier submission with the same answers, if it is still stored."""
    holder = client.get(key)
    if holder is None:
        return None
    text = client.hget(submission_key(str(holder)), "result")
    if text is None:  # that submission expired, was deleted or evicted
        return None
    try:
        body: dict[str, Any] = json.loads(records.unpack(str(text)))
    except ValueError:
        return None
    return body
