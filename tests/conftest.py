"""Fixtures that start real things: a private Redis server, the services over HTTP, workers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.support import HttpService, RedisServer, ServiceProcess, free_port, wait_until

#: A Standard Webhooks secret for the test site (base64 of 32 fixed bytes).
TEST_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave logs and screenshots for people to look at (git-ignored)."""
    path = Path(__file__).resolve().parent.parent / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One private redis-server for the test session, on a free loopback port."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
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
            "theme": {"accent": "#0b6e4f", "font": "system-ui"},
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
        },
        logs / "quiz.log",
    )
    quiz.start()
    env = worker_env(redis_server.url, catalog_service.url)
    workers = [start_worker(env, logs / "matcher-1.log")]
    stack = Stack(redis_server, catalog_service, quiz, workers, host_port, webhook_port, env)
    yield stack
    for worker in stack.workers:
        worker.stop()
    quiz.stop()
