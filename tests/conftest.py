"""Shared fixtures: real Redis, services and workers; the quiz, a webhook endpoint, source rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from services.catalog.build import regional
from tests.support import (
    HttpService,
    RedisServer,
    ServiceProcess,
    WebhookReceiver,
    free_port,
    onet_dir,
    read_csv,
    wait_until,
)

#: A Standard Webhooks secret for the test site (base64 of 32 fixed bytes).
TEST_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#: The test site's API key, for server-to-server submissions.
TEST_API_KEY = "cmk_" + "t3st" * 11
#: A site that wants webhooks only for keyed submissions, at most 3 an hour.
KEYED_API_KEY = "cmk_" + "k3yd" * 11
KEYED_WEBHOOK_LIMIT = 3


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave logs and screenshots for people to look at (git-ignored)."""
    path = Path(__file__).resolve().parent.parent / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One private redis-server for the test session, on a free loopback port."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), maxmemory="256mb")
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def redis_client(redis_server: RedisServer) -> redis.Redis:
    """A client of the session's Redis server."""
    return redis_server.client()


@pytest.fixture(scope="session")
def catalog_service(artifacts_dir: Path) -> Iterator[HttpService]:
    """The catalog service as a real HTTP server, serving the committed dataset."""
    service = HttpService(
        "services.catalog", {"LOG_LEVEL": "warning"}, artifacts_dir / "logs" / "catalog.log"
    )
    service.start()
    yield service
    service.stop()


@dataclass
class Stack:
    """The whole product on loopback: Redis, catalog, quiz service, matcher workers."""

    redis: RedisServer
    catalog: HttpService
    quiz: HttpService
    workers: list[ServiceProcess]
    host_port: int
    webhook_port: int
    env: dict[str, str] = field(default_factory=dict)

    @property
    def quiz_url(self) -> str:
        return self.quiz.url

    @property
    def catalog_url(self) -> str:
        return self.catalog.url

    @property
    def redis_url(self) -> str:
        return self.redis.url

    @property
    def host_origin(self) -> str:
        """The origin of a host page that the site ``test-site`` allows to embed the quiz."""
        return f"http://127.0.0.1:{self.host_port}"

    def worker_log(self) -> str:
        """What the matcher workers have logged so far."""
        return "\n".join(w.log_path.read_text(errors="replace") for w in self.workers)


def worker_env(redis_url: str, catalog_url: str) -> dict[str, str]:
    """Environment of a matcher worker in tests: quick sweeps, short retries."""
    return {
        "REDIS_URL": redis_url,
        "CATALOG_URL": catalog_url,
        "LOG_LEVEL": "info",
        "SWEEP_INTERVAL_SECONDS": "2",
        "STALE_AFTER_SECONDS": "20",
        "MATCH_MAX_RETRIES": "6",
        "CATALOG_TIMEOUT_SECONDS": "2",
    }


def start_worker(env: dict[str, str], log_path: Path) -> ServiceProcess:
    """Start one matcher worker process and wait until it consumes from the queue."""
    worker = ServiceProcess("services.matcher", env, log_path)
    worker.start()

    def ready() -> bool:
        if not worker.alive():
            raise RuntimeError(f"matcher exited:\n{worker.log_tail()}")
        return "ready." in worker.log_path.read_text(errors="replace")

    wait_until(ready, 60, "the matcher worker to be ready")
    return worker


@pytest.fixture(scope="session")
def quiz_stack(
    redis_server: RedisServer, catalog_service: HttpService, artifacts_dir: Path
) -> Iterator[Stack]:
    """Redis, catalog, the quiz service (with test sites) and one real matcher worker."""
    host_port, other_port, webhook_port = free_port(), free_port(), free_port()
    sites = {
        "test-site": {
            "name": "Test host",
            "allowed_origins": [f"http://127.0.0.1:{host_port}", f"http://localhost:{host_port}"],
            "webhook_url": f"http://127.0.0.1:{webhook_port}/hooks/career-match",
            "webhook_secret": TEST_WEBHOOK_SECRET,
            "api_keys": [TEST_API_KEY],
            "theme": {"accent": "#0b6e4f", "font": "system-ui"},
        },
        "keyed-site": {
            "name": "Keyed host",
            "allowed_origins": [f"http://127.0.0.1:{host_port}"],
            "webhook_url": f"http://127.0.0.1:{webhook_port}/hooks/keyed",
            "webhook_secret": TEST_WEBHOOK_SECRET,
            "api_keys": [KEYED_API_KEY],
            "webhooks_only_keyed": True,
            "webhook_limit": f"{KEYED_WEBHOOK_LIMIT}/hour",
        },
        "other-site": {
            "name": "Another host",
            "allowed_origins": [f"http://127.0.0.1:{other_port}"],
            "theme": {"accent": "#6a1b9a", "font": "system-ui"},
        },
    }
    logs = artifacts_dir / "logs"
    for old in logs.glob("*.log"):
        old.unlink()
    quiz = HttpService(
        "services.quiz",
        {
            "REDIS_URL": redis_server.url,
            "SITES_JSON": json.dumps(sites),
            "LOG_LEVEL": "info",
            "PAGES_URL": catalog_service.url,
            "CATALOG_URL": catalog_service.url,
            # every test posts from 127.0.0.1; tests/test_rate_limits.py tests the limits
            "SUBMIT_LIMIT_PER_ADDRESS": "100000/minute",
            "SUBMIT_LIMIT_PER_SITE": "100000/minute",
        },
        logs / "quiz.log",
    )
    quiz.start()
    env = worker_env(redis_server.url, catalog_service.url) | {"SITES_JSON": json.dumps(sites)}
    workers = [start_worker(env, logs / "matcher-1.log")]
    stack = Stack(redis_server, catalog_service, quiz, workers, host_port, webhook_port, env)
    yield stack
    for worker in stack.workers:
        worker.stop()
    quiz.stop()


@pytest.fixture(scope="session")
def quiz(quiz_stack: Stack) -> dict[str, Any]:
    """The full quiz's definition, as the quiz service serves it to clients."""
    response = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/career-match", timeout=5)
    assert response.status_code == 200
    definition: dict[str, Any] = response.json()
    return definition


@pytest.fixture()
def webhooks(quiz_stack: Stack) -> Iterator[WebhookReceiver]:
    """The test sites' webhook endpoint, taking every delivery the stack sends meanwhile."""
    receiver = WebhookReceiver(quiz_stack.webhook_port)
    yield receiver
    receiver.close()


@pytest.fixture(scope="session")
def regional_dir() -> Path:
    """The regional pay sources staged beside the O*NET data (skips when absent)."""
    return onet_dir().parent / "regional"


@pytest.fixture(scope="session")
def states(regional_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The BLS state pay rows, by (SOC code, state)."""
    rows = read_csv(regional_dir / regional.STATES_FILE)
    return {(r["OCC_CODE"], r["PRIM_STATE"]): r for r in rows}


@pytest.fixture(scope="session")
def jobbank(regional_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The Job Bank wage rows, by (NOC code, economic region)."""
    return {
        (r["NOC_2021"], r["ER_Code"]): r for r in read_csv(regional_dir / regional.JOBBANK_FILE)
    }


@pytest.fixture(scope="session")
def crosswalk(regional_dir: Path) -> dict[str, list[str]]:
    """The NOC codes each O*NET code maps to."""
    mapped: dict[str, list[str]] = {}
    for row in read_csv(regional_dir / regional.CROSSWALK_FILE):
        mapped.setdefault(row["onet"], []).append(row["noc"].zfill(5))
    return mapped
