"""Submission limits over real HTTP and Redis: per address, per site, behind trusted proxies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.addresses import request_from
from tests.conftest import TEST_API_KEY
from tests.support import HttpService, RedisServer

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"
SHOP = "http://127.0.0.1:9"  # the shop's page origin (nothing needs to listen there)


@pytest.fixture(scope="module")
def limited(
    redis_server: RedisServer, artifacts_dir: Path, request: pytest.FixtureRequest
) -> Iterator[HttpService]:
    """A quiz service with small limits, its own Redis database, one trusted proxy."""
    sites = {
        "shop": {"allowed_origins": [SHOP], "api_keys": [TEST_API_KEY]},
    }
    service = HttpService(
        "services.quiz",
        {
            "REDIS_URL": redis_server.url.rsplit("/", 1)[0] + "/7",
            "SITES_JSON": json.dumps(sites),
            "SUBMIT_LIMIT_PER_ADDRESS": "5/minute",
            "SUBMIT_LIMIT_PER_SITE": "8/minute",
            "TRUSTED_PROXY_HOPS": "1",
        },
        artifacts_dir / "logs" / "quiz-limited.log",
    )
    redis_server.client().flushdb()
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="module")
def answers(limited: HttpService) -> dict[str, Any]:
    quiz = requests.get(f"{limited.url}/v1/quizzes/career-match", timeout=5).json()
    return random_answers(quiz, seed=9)


def _post(service: HttpService, source: str, answers: Any, **headers: str) -> Any:
    return request_from(
        source,
        "POST",
        service.url + SUBMIT + headers.pop("query", ""),
        json_body={"answers": answers},
        headers=headers,
    )


def test_per_address_limit_gives_429_with_retry_after(
    limited: HttpService, answers: dict[str, Any]
) -> None:
    replies = [_post(limited, "127.0.0.11", answers) for _ in range(7)]
    assert [r.status for r in replies] == [202] * 5 + [429] * 2
    # an accepted submission's Retry-After is when to poll its result, not the window's
    # reset (up to 60 s here); the limit's figures come with a refusal only
    for accepted in replies[:5]:
        assert accepted.headers["retry-after"] == "1"
        assert not [h for h in accepted.headers if h.lower().startswith("x-ratelimit")]
    over = replies[-1]
    assert 0 < int(over.headers["retry-after"]) <= 60
    assert over.headers["x-ratelimit-limit"] == "5"
    assert over.headers["x-ratelimit-remaining"] == "0"
    assert int(over.headers["x-ratelimit-reset"]) >= int(over.headers["retry-after"])
    body = over.json()
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == 429
    assert "address" in body["message"]
    # another address is not affected
    assert _post(limited, "127.0.0.12", answers).status == 202
    # bad input counts too: a flood of garbage is limited like any other
    garbage = [
        request_from("127.0.0.13", "POST", limited.url + SUBMIT, json_body={"x": 1}).status
        for _ in range(6)
    ]
    assert garbage == [422] * 5 + [429]


def test_forwarded_for_is_read_only_from_the_trusted_hop(
    limited: HttpService, answers: dict[str, Any]
) -> None:
    # one trusted proxy: the right-most X-Forwarded-For entry is the client
    statuses = [
        _post(limited, "127.0.0.14", answers, **{"X-Forwarded-For": f"10.0.0.{n}, 192.0.2.7"})
        for n in range(7)
    ]
    assert [r.status for r in statuses] == [202] * 5 + [429] * 2, "left entries are ignored"
    other = _post(limited, "127.0.0.14", answers, **{"X-Forwarded-For": "192.0.2.8"})
    assert other.status == 202, "another client behind the same proxy has its own count"


def test_per_site_limit_counts_keyed_and_browser_apart(
    limited: HttpService, answers: dict[str, Any]
) -> None:
    # claims the service refuses (403) do not use up the site's allowance
    forged = [_post(limited, f"127.0.2.{n}", answers, query="?site=shop").status for n in range(4)]
    assert forged == [403] * 4
    # browser submissions count per client within the site: ten visitors, over the site's
    # eight a minute, are not locked out (before, the last two got 429 for up to a minute)
    browser = [
        _post(limited, f"127.0.1.{n}", answers, query="?site=shop", Origin=SHOP).status
        for n in range(10)
    ]
    assert browser == [202] * 10
    # keyed submissions have their own allowance
    keyed = [
        _post(limited, f"127.0.3.{n}", answers, Authorization=f"Bearer {TEST_API_KEY}").status
        for n in range(9)
    ]
    assert keyed == [202] * 8 + [429]


def test_variants_count_as_submissions(limited: HttpService, answers: dict[str, Any]) -> None:
    first = _post(limited, "127.0.0.21", answers)
    assert first.status == 202
    variants = limited.url + f"/v1/results/{first.json()['id']}/variants"
    replies = [
        request_from(
            "127.0.0.21", "POST", variants, json_body={"preferences": {"max_job_zone": n}}
        ).status
        for n in (1, 2, 3, 4, 5)
    ]
    assert replies == [202] * 4 + [429]
    assert _post(limited, "127.0.0.21", answers).status == 429


def test_other_routes_are_not_limited(limited: HttpService) -> None:
    statuses = {
        request_from("127.0.0.11", "GET", limited.url + "/v1/quizzes").status for _ in range(10)
    }
    assert statuses == {200}
