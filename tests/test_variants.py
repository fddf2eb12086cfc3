"""Variants of a result over the real stack: changed limits, place, weights, careers set aside."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from shared.records import ANSWER_CACHE_PREFIX
from tests.conftest import Stack
from tests.support import WebhookReceiver, metric, submit, wait_final

pytestmark = pytest.mark.integration


def _variant(stack: Stack, result_id: str, changes: Any, **kwargs: Any) -> requests.Response:
    return requests.post(
        f"{stack.quiz_url}/v1/results/{result_id}/variants", json=changes, timeout=10, **kwargs
    )


def _done(stack: Stack, response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 202, response.text
    doc = wait_final(stack.quiz_url, response.json()["id"])
    assert doc["status"] == "done", doc
    return doc


def _encoded(matches: list[dict[str, Any]]) -> bytes:
    return json.dumps(matches, sort_keys=True, separators=(",", ":")).encode()


#: What a match says of it among the careers shown with it (the groups the answers do not
#: separate): it changes with the careers shown.
AMONG_SHOWN = ("shown_score", "score_group", "score_text")


def _unshown(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The matches without what they say of the other careers shown."""
    return [{k: v for k, v in m.items() if k not in AMONG_SHOWN} for m in matches]


def _forget_cached_results(client: redis.Redis) -> None:
    """Empty the answer cache, so that the next result is computed, not copied."""
    for key in client.scan_iter(ANSWER_CACHE_PREFIX + "*"):
        client.delete(key)


def _scored(stack: Stack) -> float:
    """Submissions the stack's workers have scored (answer cache misses)."""
    pages = [requests.get(f"{w.metrics_url}/metrics", timeout=5).text for w in stack.workers]
    return sum(metric(page, "career_match_scoring_seconds_count") for page in pages)


@pytest.fixture(scope="module")
def origin(quiz_stack: Stack, quiz: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A done result with limits, its answers."""
    answers = random_answers(quiz, seed=21, max_job_zone=5, min_annual_wage=30000)
    return _done(quiz_stack, submit(quiz_stack.quiz_url, answers)), answers


@pytest.mark.parametrize(
    "preferences",
    [
        {"max_job_zone": 2},
        {"min_annual_wage": 90000},
        {"min_annual_wage": None},
        {"location": "US-CA"},
        {
            "location": "CA-ON",
            "min_annual_wage": None,
            "min_wage_cad": 35,
            "min_wage_cad_per": "hour",
        },
    ],
    ids=["training", "pay", "no-pay-minimum", "us-place", "canadian-place-and-pay"],
)
def test_a_variant_ranks_as_a_fresh_submission_with_its_preferences(
    quiz_stack: Stack,
    redis_client: redis.Redis,
    origin: tuple[dict[str, Any], dict[str, Any]],
    preferences: dict[str, Any],
) -> None:
    first, answers = origin
    accepted = _variant(quiz_stack, first["id"], {"preferences": preferences})
    assert accepted.json()["variant_of"] == first["id"]
    variant = _done(quiz_stack, accepted)
    assert variant["id"] != first["id"]
    assert variant["variant_of"] == first["id"]
    assert variant["changes"] == {"preferences": preferences}
    assert _encoded(variant["matches"]) != _encoded(first["matches"])
    _forget_cached_results(redis_client)  # the fresh one computed again, not copied
    same = {k: v for k, v in (answers | preferences).items() if v is not None}
    fresh = _done(quiz_stack, submit(quiz_stack.quiz_url, same))
    assert "variant_of" not in fresh
    assert _encoded(variant["matches"]) == _encoded(fresh["matches"])
    assert variant.get("place") == fresh.get("place")
    assert variant["profile"] == fresh["profile"]


def test_a_variant_weighs_the_parts_as_asked_and_back(
    quiz_stack: Stack, origin: tuple[dict[str, Any], dict[str, Any]], quiz: dict[str, Any]
) -> None:
    first, _ = origin
    weights = quiz["weights"]
    variant = _done(quiz_stack, _variant(quiz_stack, first["id"], {"weights": {"skills": 0}}))
    assert variant["changes"] == {"weights": {"skills": 0}}
    assert _encoded(variant["matches"]) != _encoded(first["matches"])
    total = weights["interests"] + weights["values"]
    for match in variant["matches"]:
        parts = match["components"]
        assert set(parts) == {"interests", "values"}
        if None not in parts.values():
            expected = (weights["interests"] * parts["interests"]) + (
                weights["values"] * parts["values"]
            )
            assert match["score"] == pytest.approx(100 * expected / total, abs=0.06)
    back = _variant(quiz_stack, variant["id"], {"weights": {"skills": weights["skills"]}})
    again = _done(quiz_stack, back)
    assert again["variant_of"] == variant["id"]
    assert _encoded(again["matches"]) == _encoded(first["matches"])


def test_careers_set_aside_make_way_for_the_next_and_come_back(
    quiz_stack: Stack, origin: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, _ = origin
    codes = [first["matches"][0]["code"], first["matches"][3]["code"]]
    variant = _done(quiz_stack, _variant(quiz_stack, first["id"], {"set_aside": codes}))
    assert [c["code"] for c in variant["set_aside"]] == codes
    assert variant["set_aside"][0]["title"] == first["matches"][0]["title"]
    assert len(variant["matches"]) == len(first["matches"])
    kept = [dict(m) for m in first["matches"] if m["code"] not in codes]
    for rank, match in enumerate(kept, start=1):
        match["rank"] = rank
    # the same careers ranked up; their groups are made again among the careers now shown
    assert _encoded(_unshown(variant["matches"][: len(kept)])) == _encoded(_unshown(kept))
    assert not {m["code"] for m in variant["matches"]} & set(codes)
    undone = _done(quiz_stack, _variant(quiz_stack, variant["id"], {"set_aside": []}))
    assert "set_aside" not in undone
    assert _encoded(undone["matches"]) == _encoded(first["matches"])
    # asked again, both come from the answer cache: scored once, reused since
    scored = _scored(quiz_stack)
    again = _done(quiz_stack, _variant(quiz_stack, undone["id"], {"set_aside": codes}))
    assert _encoded(again["matches"]) == _encoded(variant["matches"])
    back = _done(quiz_stack, _variant(quiz_stack, again["id"], {"set_aside": []}))
    assert _encoded(back["matches"]) == _encoded(first["matches"])
    assert _scored(quiz_stack) == scored


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"answers": {"R1": 3}}, "answers"),
        ({"preferences": {"R1": 3}}, "preferences"),
        ({"preferences": {"max_job_zone": 9}}, "preferences"),
        ({"preferences": {"max_job_zone": "3"}}, "preferences"),
        ({"preferences": {"location": "CA-ON"}}, "preferences"),  # US pay minimum in Canada
        ({"preferences": {"location": "US-ZZ"}}, "preferences"),
        ({"weights": {"interests": 2}}, "weights"),
        ({"weights": {"luck": 1}}, "weights"),
        ({"weights": {"interests": 0, "values": 0, "skills": 0}}, "weights"),
        ({"set_aside": ["not-a-code"]}, "set_aside"),
        ({"set_aside": ["99-9999.99"]}, "set_aside"),
        ({"set_aside": "11-1011.00"}, "set_aside"),
    ],
)
def test_bad_changes_are_422_naming_the_field(
    quiz_stack: Stack,
    origin: tuple[dict[str, Any], dict[str, Any]],
    changes: dict[str, Any],
    field: str,
) -> None:
    response = _variant(quiz_stack, origin[0]["id"], changes)
    assert response.status_code == 422, response.text
    assert field in response.json()["errors"], response.json()


def test_no_change_is_a_copy_from_the_cache(
    quiz_stack: Stack, origin: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, _ = origin
    wait_final(quiz_stack.quiz_url, _variant(quiz_stack, first["id"], {}).json()["id"])
    scored = _scored(quiz_stack)
    copy = _done(quiz_stack, _variant(quiz_stack, first["id"], {}))
    assert copy["id"] != first["id"] and copy["changes"] == {}
    assert _encoded(copy["matches"]) == _encoded(first["matches"])
    assert _scored(quiz_stack) == scored


def test_the_pay_rule_is_named_as_in_a_submission(
    quiz_stack: Stack, origin: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    response = _variant(quiz_stack, origin[0]["id"], {"preferences": {"location": "CA-ON"}})
    errors = response.json()["errors"]["preferences"]
    answers = origin[1] | {"location": "CA-ON"}
    refused = submit(quiz_stack.quiz_url, answers).json()["errors"]["answers"]
    assert errors == refused and "min_annual_wage" in errors


def test_a_weight_the_quiz_version_does_not_use_stays_zero(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    short = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/career-match-short", timeout=5)
    answers = random_answers(short.json(), seed=3)
    accepted = submit(quiz_stack.quiz_url, answers, quiz_id="career-match-short").json()
    response = _variant(quiz_stack, accepted["id"], {"weights": {"values": 0.5}})
    assert response.status_code == 422
    assert "values" in response.json()["errors"]["weights"]


def test_unknown_and_deleted_results_have_no_variants(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    assert _variant(quiz_stack, "x" * 32, {"weights": {"skills": 0}}).status_code == 404
    assert _variant(quiz_stack, "../etc", {"weights": {"skills": 0}}).status_code == 404
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=22)).json()
    deleted = requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{accepted['id']}",
        headers={"X-Deletion-Token": accepted["deletion_token"]},
        timeout=5,
    )
    assert deleted.status_code == 204
    response = _variant(quiz_stack, accepted["id"], {"weights": {"skills": 0}})
    assert response.status_code == 404 and response.json()["code"] == 404


def test_deleting_the_origin_keeps_the_variant_and_the_other_way(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    first = submit(quiz_stack.quiz_url, random_answers(quiz, seed=23)).json()
    accepted = _variant(quiz_stack, first["id"], {"preferences": {"max_job_zone": 3}}).json()
    assert accepted["deletion_token"] and accepted["deletion_token"] != first["deletion_token"]
    variant = wait_final(quiz_stack.quiz_url, accepted["id"])
    token = {"X-Deletion-Token": first["deletion_token"]}
    url = f"{quiz_stack.quiz_url}/v1/results/"
    # the origin's token does not delete the variant
    assert requests.delete(url + accepted["id"], headers=token, timeout=5).status_code == 403
    assert requests.delete(url + first["id"], headers=token, timeout=5).status_code == 204
    kept = requests.get(url + accepted["id"], timeout=5)
    assert kept.status_code == 200
    assert kept.json()["variant_of"] == first["id"] and kept.json()["matches"]
    assert kept.json()["matches"] == variant["matches"]


def test_webhook_marks_a_variant(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    site = {"params": {"site": "test-site"}, "headers": {"Origin": quiz_stack.host_origin}}
    first = submit(quiz_stack.quiz_url, random_answers(quiz, seed=24), **site).json()
    webhooks.until(first["id"])
    accepted = _variant(quiz_stack, first["id"], {"preferences": {"max_job_zone": 2}}, **site)
    assert accepted.status_code == 202, accepted.text
    variant_id = accepted.json()["id"]
    delivered = next(
        d.payload for d in webhooks.until(variant_id) if d.payload["data"]["id"] == variant_id
    )
    assert delivered["type"] == "result.done"
    assert delivered["data"]["variant_of"] == first["id"]
    assert delivered["data"]["changes"] == {"preferences": {"max_job_zone": 2}}
    assert delivered["attribution"]["site"] == "test-site"


def test_a_deleted_variant_stays_deleted_when_its_key_is_sent_again(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    """The same Idempotency-Key and changes after the variant was deleted: 410, not a new
    variant (schemathesis found a 500 here once)."""
    first = submit(quiz_stack.quiz_url, random_answers(quiz, seed=29)).json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    changes = {"preferences": {"max_job_zone": 2}}
    accepted = _variant(quiz_stack, first["id"], changes, headers=key)
    assert accepted.status_code == 202, accepted.text
    token = {"X-Deletion-Token": accepted.json()["deletion_token"]}
    url = f"{quiz_stack.quiz_url}/v1/results/{accepted.json()['id']}"
    assert requests.delete(url, headers=token, timeout=5).status_code == 204
    again = _variant(quiz_stack, first["id"], changes, headers=key)
    assert again.status_code == 410, again.text
    assert "Idempotency-Key" in again.json()["errors"]
