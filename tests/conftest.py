"""Fixtures that start real things: a private Redis server and the services over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import HttpService, RedisServer


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


@pytest.fixture(scope="session")
def catalog_service(artifacts_dir: Path) -> Iterator[HttpService]:
    """The catalog service as a real HTTP server, serving the committed dataset."""
    service = HttpService("services.catalog", {"LOG_LEVEL": "warning"},
                          artifacts_dir / "logs" / "catalog.log")
    service.start()
    yield service
    service.stop()
