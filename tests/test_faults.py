"""Faults mid-run: every accepted submission still finishes.

Each test runs its own stack (private Redis, catalog, quiz, two matcher workers, a sweep
every second that re-sends what stays pending for 6 s), breaks one part while submissions
are in flight, and checks that each submission the quiz accepted ends ``done``.
"""

from __future__ import annotations

import os
import random
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import start_worker, worker_env
from tests.support import HttpService, RedisServer, ServiceProcess, wait_final, wait_until

pytestmark = pytest.mark.integration


@dataclass
class FaultStack:
    redis: RedisServer
    catalog: HttpService
    quiz: HttpService
    workers: list[ServiceProcess]
    env: dict[str, str]
    logs: Path

    def add_worker(self) -> ServiceProcess:
        worker = start_worker(self.env, self.logs / f"fault-matcher-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker


@pytest.fixture()
def stack(
    tmp_path: Path, artifacts_dir: Path, request: pytest.FixtureRequest
) -> Iterator[FaultStack]:
    logs = artifacts_dir / "logs" / request.node.name
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("*.log"):
        old.unlink()
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    catalog = HttpService("services.catalog", {}, logs / "catalog.log")
    catalog.start()
    # hundreds of submissions from 127.0.0.1 in seconds: the limits are tested elsewhere
    unlimited = {"SUBMIT_LIMIT_PER_ADDRESS": "100000/minute"}
    quiz = HttpService("services.quiz", {"REDIS_URL": redis.url, **unlimited}, logs / "quiz.log")
    quiz.start()
    env = worker_env(redis.url, catalog.url) | {
        "STALE_AFTER_SECONDS": "6",
        "SWEEP_INTERVAL_SECONDS": "1",
        "MATCH_MAX_RETRIES": "10",
        "MAX_ATTEMPTS": "20",
    }
    fault = FaultStack(redis, catalog, quiz, [], env, logs)
    fault.add_worker()
    fault.add_worker()
    yield fault
    for worker in fault.workers:
        worker.stop()
    quiz.stop()
    catalog.stop()
    redis.stop()


def _quiz(stack: FaultStack) -> dict[str, Any]:
    return requests.get(f"{stack.quiz.url}/v1/quizzes/career-match", timeout=5).json()


def _answers(quiz: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return random_answers(quiz, seed=rng.randrange(2**32))


def submit_until_accepted(
    stack: FaultStack, answers: dict[str, Any], key: str, deadline: float
) -> tuple[str, int]:
    """POST like a careful client: retry on 503 with the same Idempotency-Key."""
    refusals = 0
    while time.monotonic() < deadline:
        try:
            response = requests.post(
                f"{stack.quiz.url}/v1/quizzes/career-match/submissions",
                json={"answers": answers},
                headers={"Idempotency-Key": key},
                timeout=10,
            )
        except requests.ConnectionError:
            response = None
        if response is not None and response.status_code == 202:
            return response.json()["id"], refusals
        assert response is None or response.status_code == 503, response.text
        if response is not None:
            assert int(response.headers["Retry-After"]) > 0
        refusals += 1
        time.sleep(0.3)
    raise AssertionError("never accepted")


def statuses(stack: FaultStack, ids: list[str]) -> dict[str, str]:
    out = {}
    for result_id in ids:
        response = requests.get(f"{stack.quiz.url}/v1/results/{result_id}", timeout=5)
        out[result_id] = response.json()["status"] if response.ok else str(response.status_code)
    return out


def wait_all_done(stack: FaultStack, ids: list[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    for result_id in ids:
        doc = wait_final(stack.quiz.url, result_id, max(1.0, deadline - time.monotonic()))
        assert doc["status"] == "done", doc


def test_killed_workers_lose_nothing(stack: FaultStack) -> None:
    quiz, rng = _quiz(stack), random.Random(1)
    deadline = time.monotonic() + 60
    # the workers keep up with one client's POSTs: hold them while the backlog is posted,
    # let them start on it, then kill them in the middle of it
    for worker in stack.workers:
        assert worker.proc is not None
        os.killpg(worker.proc.pid, signal.SIGSTOP)
    ids = [
        submit_until_accepted(stack, _answers(quiz, rng), str(uuid.uuid4()), deadline)[0]
        for _ in range(150)
    ]
    for worker in stack.workers:
        assert worker.proc is not None
        os.killpg(worker.proc.pid, signal.SIGCONT)
    time.sleep(0.1)
    for worker in list(stack.workers):  # kill -9 every worker, pool processes included
        worker.stop(signal.SIGKILL)
    done_before = sum(s == "done" for s in statuses(stack, ids).values())
    stack.add_worker()
    wait_all_done(stack, ids)
    assert done_before < len(ids), "the kill came too late to test anything"


def test_catalog_down_mid_run(stack: FaultStack) -> None:
    quiz, rng = _quiz(stack), random.Random(2)
    deadline = time.monotonic() + 60
    ids = [
        submit_until_accepted(stack, _answers(quiz, rng), str(uuid.uuid4()), deadline)[0]
        for _ in range(20)
    ]
    wait_all_done(stack, ids)  # the workers now hold the snapshot, Redis holds a copy
    stack.catalog.stop()
    for worker in list(stack.workers):
        worker.stop()
    stack.add_worker()  # a worker started while the catalog is down
    more = [
        submit_until_accepted(stack, _answers(quiz, rng), str(uuid.uuid4()), deadline)[0]
        for _ in range(20)
    ]
    wait_all_done(stack, more)
    assert "from redis" in stack.workers[-1].log_path.read_text() or "copy in Redis" in (
        stack.workers[-1].log_path.read_text()
    )


def test_redis_restart_mid_run(stack: FaultStack) -> None:
    quiz, rng = _quiz(stack), random.Random(3)
    deadline = time.monotonic() + 120
    ids = [
        submit_until_accepted(stack, _answers(quiz, rng), str(uuid.uuid4()), deadline)[0]
        for _ in range(40)
    ]
    stack.redis.stop()
    answers, key = _answers(quiz, rng), str(uuid.uuid4())
    refused = requests.post(
        f"{stack.quiz.url}/v1/quizzes/career-match/submissions",
        json={"answers": answers},
        headers={"Idempotency-Key": key},
        timeout=30,
    )
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    time.sleep(2)
    stack.redis.start()  # same port, same append-only file
    retried, _ = submit_until_accepted(stack, answers, key, deadline)
    again, _ = submit_until_accepted(stack, answers, key, deadline)
    assert retried == again, "one submission for one Idempotency-Key"
    ids += [retried]
    ids += [
        submit_until_accepted(stack, _answers(quiz, rng), str(uuid.uuid4()), deadline)[0]
        for _ in range(20)
    ]
    wait_all_done(stack, ids)
    wait_until(lambda: all(w.alive() for w in stack.workers), 5, "workers alive")
