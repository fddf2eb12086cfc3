"""``make test-slow``: a hung Redis and one client's many connections at the default limits.

A quiz with the default ``WEB_CONNECTIONS_PER_CLIENT`` (200) and ``REDIS_WEB_TIMEOUT_SECONDS``
on a Redis of its own, over loopback. The same functions take ``make bench``'s figures
(:mod:`bench.resilience`); here only the answers are asserted, the times are printed.
Before issue 23, a stopped Redis held a GET for 3.3 s and a POST for 5.3 s (7.6 s with 20
at once) before their 503, and any number of connections from one address were served.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from bench import resilience
from scripts.sample_answers import random_answers
from shared.settings import Settings
from tests.support import HttpService, RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DEFAULTS = Settings.from_env({})
QUIZ = "career-match"


@pytest.fixture(scope="module")
def own_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("overload-redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def quiz(own_redis: RedisServer, artifacts_dir: Path) -> Iterator[HttpService]:
    """The quiz at its default limits (the fixtures' own raise the connection cap)."""
    service = HttpService(
        "services.quiz",
        {
            "REDIS_URL": own_redis.url,
            "WEB_CONNECTIONS_PER_CLIENT": str(DEFAULTS.connections_per_client),
            "REDIS_WEB_TIMEOUT_SECONDS": str(DEFAULTS.redis_web_timeout),
        },
        artifacts_dir / "logs" / "quiz-overload.log",
    )
    service.start()
    yield service
    service.stop()


def test_one_address_gets_its_connections_and_no_more(quiz: HttpService) -> None:
    cap = DEFAULTS.connections_per_client
    figures = resilience.connection_cap(quiz.port, cap)
    print("connection cap:", figures)
    assert figures["held"] == cap
    assert figures["one_more_status"] == 429
    assert figures["other_address_status"] == 200


def test_a_hung_redis_answers_503_on_every_web_path(
    quiz: HttpService, own_redis: RedisServer
) -> None:
    definition: dict[str, Any] = requests.get(f"{quiz.url}/v1/quizzes/{QUIZ}", timeout=10).json()
    first = {"answers": random_answers(definition, seed=50_000)}
    accepted = requests.post(f"{quiz.url}/v1/quizzes/{QUIZ}/submissions", json=first, timeout=10)
    assert accepted.status_code == 202, accepted.text
    second = {"answers": random_answers(definition, seed=50_001)}
    paths = resilience.hung_redis_paths(quiz.url, accepted.json()["id"], second)
    figures = resilience.hung_redis(own_redis, paths)
    print("hung Redis, seconds to the answer:", figures)
    for name, path in figures.items():
        assert path["statuses"] == {"503": path["at_once"] + 1}, name
        assert path["all_retry_after"], name
    # and once Redis answers again, so does the quiz
    again = requests.post(f"{quiz.url}/v1/quizzes/{QUIZ}/submissions", json=second, timeout=10)
    assert again.status_code == 202, again.text
