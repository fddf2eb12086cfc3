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
from shared import records

log = logging.getLogger(__name__)

CACHE_PREFIX = "cm:cache:"


class SnapshotSource(Protocol):
    def get(self) -> scoring.CatalogArrays: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: ``done``, ``already`` (final before), or ``gone``."""

    status: str
    webhook: bool = False


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


def match_submission(
    client: redis.Redis, source: SnapshotSource, submission_id: str, *, cache_ttl: int
) -> Outcome:
    """Compute and store the result of a submission; safe to run any number of times.

    A submission already final is left as it is, so a redelivered or re-sent task changes
    nothing. Identical answers under the same quiz and catalog version come from the cache.
    """
    previous = records.start(client, submission_id)
    if previous is None:
        return Outcome("gone")
    if records.is_final(previous):
        return Outcome("already")
    record = records.load(client, submission_id)
    if record is None:
        return Outcome("gone")
    catalog = source.get()
    key = cache_key(record.request, catalog.version + catalog.regional_version)
    cached = client.get(key)
    if cached is not None:
        body = json.loads(str(cached))
    else:
        body = compute(record.request, catalog)
        client.set(key, json.dumps(body, separators=(",", ":"), sort_keys=True), ex=cache_ttl)
    changed = records.finish(client, submission_id, body)
    return Outcome(
        "done" if changed else "already",
        webhook=changed and record.webhook is not None,
    )
