"""The matcher's work for one submission, as plain functions the tasks and tests call."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

import redis

from services.matcher import catalog_arrays, explain, regional, result
from services.matcher import profile as profiles
from services.matcher.metrics import SCORING_SECONDS
from shared import records
from shared.contract.codec import ContractError
from shared.contract.request import WEIGHT_PARTS, SubmissionRequest, answers_digest
from shared.contract.result import ResultBody
from shared.ids import is_valid_id
from shared.records import submission_key

#: The parts a quiz version may weigh (see services/quiz/quizzes.py).

log = logging.getLogger(__name__)


class SnapshotSource(Protocol):
    def get(self) -> catalog_arrays.CatalogArrays: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: ``done``, ``already`` (final before), or ``gone``.

    ``record`` is the submission as loaded, when this run finished it (for the webhook).
    """

    status: str
    record: records.Record | None = None


def cache_prefix(catalog: catalog_arrays.CatalogArrays) -> str:
    """The answer cache's keys for results scored against ``catalog`` (and its pay data)."""
    return records.answer_cache_prefix(catalog.version + catalog.regional_version)


def compute(request: SubmissionRequest, catalog: catalog_arrays.CatalogArrays) -> ResultBody:
    """Score one submission's answers against every career; the result body.

    The body is built to ``shared.contract.ResultBody`` by ``result.match`` and not
    checked again here (checking took most of the time): the tests check every document
    they make (``contract.check_result``), the golden files (``tests/golden``) included.
    """
    person = profiles.build_profile(
        request["answers"], request["items"], skill_ids=catalog.skill_ids
    )
    place = regional.place_from_answers(request["answers"])
    pay = None if place is None else regional.pay_limit(place, catalog)
    set_aside = request.get("set_aside") or []
    body = result.match(person, catalog, request["weights"], pay=pay, set_aside=set_aside)
    if place is not None:
        body["place"] = regional.place_document(place)
    if set_aside:
        leave_out(body, set_aside, catalog)
    return body


def leave_out(body: ResultBody, codes: list[str], catalog: catalog_arrays.CatalogArrays) -> None:
    """Say in ``body`` which careers were set aside (``codes`` the catalog knows), and
    leave them out of its careers beyond the limits too (``result.match`` left them out
    of the matches)."""
    excluded = set(codes)
    if "beyond_limits" in body:
        careers = [c for c in body["beyond_limits"]["careers"] if c["code"] not in excluded]
        body["beyond_limits"] = {
            "note": explain.beyond_limits_note(len(careers)) if careers else None,
            "careers": careers,
        }
    rows = {code: i for i, code in enumerate(catalog.codes)}
    body["set_aside"] = [
        {"code": code, "title": catalog.titles[rows[code]]} for code in codes if code in rows
    ]


#: Why a submission could not be scored, for the person who sent it.
UNREADABLE = "The stored submission could not be read; please submit again."
OFF_CONTRACT = "The stored submission does not match any quiz this matcher can score ({})."
TOO_MANY_DELIVERIES = "The matcher stopped this submission after {} attempts to score it."


def check_request(request: SubmissionRequest) -> str | None:
    """Why a request of the right shape still cannot be scored (unknown parts), or None."""
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

    Two round trips to Redis: claim and read the record, looking in the answer cache at
    the same time, then store the result (which also announces it and fills the cache).
    A record without the answers digest (stored by an older quiz) costs a third, its own
    cache lookup.
    """
    if not isinstance(submission_id, str) or not is_valid_id(submission_id):
        log.warning("dropped a match task for an invalid id %.80r", submission_id)
        return Outcome("gone")
    catalog = source.get()  # before the claim: its version names the cache entry to read
    prefix = cache_prefix(catalog)
    claim = records.start(client, submission_id, cache_prefix=prefix)
    if claim is None:
        return Outcome("gone")
    if records.is_final(claim.previous):
        return Outcome("already")
    record = claim.record
    if record is None:
        client.delete(submission_key(submission_id))  # a hash with no request: nothing to do
        return Outcome("gone")
    request = _request_to_score(client, record, max_deliveries)
    if request is None:
        return Outcome("failed")
    digest = answers_digest(request)
    key = prefix + digest
    if record.answers_digest == digest:
        stored = claim.cached  # the claim looked under this very key
    else:  # no digest stored (an older quiz), or one that does not match: look now
        stored = _cached_result(client, key)
    if stored is not None:
        changed = records.finish_stored(client, submission_id, stored)
    else:
        with SCORING_SECONDS.time():
            body = compute(request, catalog)
        # the cache points at this record's result rather than holding a second copy
        changed = records.finish(client, submission_id, body, cache=(key, cache_ttl))
    return Outcome("done", record) if changed else Outcome("already")


def _request_to_score(
    client: redis.Redis, record: records.Record, max_deliveries: int
) -> SubmissionRequest | None:
    """The record's request when it can be scored; else None, the record marked ``failed``
    with the reason (unreadable, off contract, or delivered too many times)."""
    try:
        request = record.request  # the matcher's read boundary: checked against the contract
    except ContractError as exc:
        reason: str | None = OFF_CONTRACT.format(exc)
    except ValueError as exc:  # not JSON, or corrupt compression
        log.warning("submission %s has a corrupt record: %r", record.id, exc)
        records.fail(client, record.id, UNREADABLE)
        return None
    else:
        reason = check_request(request)
    if reason is None and record.deliveries > max_deliveries:
        reason = TOO_MANY_DELIVERIES.format(record.deliveries - 1)
    if reason is not None:
        log.warning("submission %s cannot be scored: %s", record.id, reason)
        records.fail(client, record.id, reason)
        return None
    return request


def _cached_result(client: redis.Redis, key: str) -> str | None:
    """The stored result of an earlier submission with the same answers, if it is kept."""
    holder = client.get(key)
    if holder is None:
        return None
    text = client.hget(submission_key(str(holder)), "result")
    return None if text is None else str(text)  # None: expired, deleted or evicted
