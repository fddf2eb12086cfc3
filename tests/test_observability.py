"""Metrics on the metrics port (the matcher's under prefork), JSON logs that follow one id."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import start_worker, worker_env
from tests.support import (
    HttpService,
    RedisServer,
    ServiceProcess,
    metric,
    submit,
    wait_final,
    wait_until,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def json_stack(
    tmp_path_factory: pytest.TempPathFactory, catalog_service: HttpService, artifacts_dir: Path
) -> Iterator[tuple[HttpService, ServiceProcess]]:
    """A quiz service and a matcher with two prefork pool processes, logging JSON.

    Their own Redis: no other test's worker may take these tasks from the queue.
    """
    redis_server = RedisServer(tmp_path_factory.mktemp("redis-json"))
    redis_server.start()
    logs = artifacts_dir / "logs"
    for name in ("quiz-json.log", "matcher-json.log"):
        (logs / name).unlink(missing_ok=True)
    quiz = HttpService(
        "services.quiz",
        {"REDIS_URL": redis_server.url, "LOG_FORMAT": "json", "LOG_LEVEL": "info"},
        logs / "quiz-json.log",
    )
    quiz.start()
    env = {
        **worker_env(redis_server.url, catalog_service.url),
        "LOG_FORMAT": "json",
        "WORKER_CONCURRENCY": "2",
    }
    worker = start_worker(env, logs / "matcher-json.log")
    yield quiz, worker
    worker.stop()
    quiz.stop()
    redis_server.stop()


def _submit(quiz: HttpService, answers: dict[str, Any]) -> str:
    response = submit(quiz.url, answers)
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def _wait_done(quiz: HttpService, ids: list[str]) -> None:
    for submission_id in ids:
        assert wait_final(quiz.url, submission_id)["status"] == "done", submission_id


def test_matcher_metrics_count_the_tasks_sent(
    json_stack: tuple[HttpService, ServiceProcess],
) -> None:
    quiz, worker = json_stack
    definition = requests.get(f"{quiz.url}/v1/quizzes/career-match", timeout=5).json()
    before = requests.get(f"{worker.metrics_url}/metrics", timeout=5).text
    sent = 12
    ids = [_submit(quiz, random_answers(definition, seed=1000 + n)) for n in range(sent)]
    # Scraped during the run: the queue depth and task counts are there while work goes on.
    during = requests.get(f"{worker.metrics_url}/metrics", timeout=5).text
    assert 'career_match_queue_length{queue="match"}' in during
    _wait_done(quiz, ids)

    def counted() -> bool:
        text = requests.get(f"{worker.metrics_url}/metrics", timeout=5).text
        done = metric(text, "career_match_tasks_total", task="match", outcome="done")
        return (
            done - metric(before, "career_match_tasks_total", task="match", outcome="done") >= sent
        )

    wait_until(counted, 10, "the task counts to reach the submissions sent")
    after = requests.get(f"{worker.metrics_url}/metrics", timeout=5).text
    done = metric(after, "career_match_tasks_total", task="match", outcome="done") - metric(
        before, "career_match_tasks_total", task="match", outcome="done"
    )
    assert done == sent
    results = metric(after, "career_match_results_total", status="done") - metric(
        before, "career_match_results_total", status="done"
    )
    assert results == sent
    assert metric(after, "career_match_task_duration_seconds_count", task="match") >= sent
    assert metric(after, "career_match_scoring_seconds_count") >= 1
    assert metric(after, "career_match_catalog_fetches_total", outcome="200") >= 1
    assert "career_match_catalog_snapshot_age_seconds" in after
    # Both pool processes wrote their own files; the main process serves the sum.
    assert requests.get(f"{worker.metrics_url}/readyz", timeout=5).status_code == 200
    quiz_metrics = requests.get(f"{quiz.metrics_url}/metrics", timeout=5).text
    assert (
        metric(
            quiz_metrics, "career_match_submissions_total", quiz_id="career-match", outcome="new"
        )
        >= sent
    )


def _lines(path: Path, submission_id: str) -> list[dict[str, Any]]:
    found = []
    for line in path.read_text(errors="replace").splitlines():
        if submission_id in line:
            found.append(json.loads(line))
    return found


def test_one_grep_follows_a_submission_across_quiz_and_matcher(
    json_stack: tuple[HttpService, ServiceProcess],
) -> None:
    quiz, worker = json_stack
    definition = requests.get(f"{quiz.url}/v1/quizzes/career-match", timeout=5).json()
    submission_id = _submit(quiz, random_answers(definition, seed=4242))
    _wait_done(quiz, [submission_id])
    time.sleep(0.5)  # the worker's last line may still be on its way to the file
    quiz_lines = _lines(quiz.log_path, submission_id)
    matcher_lines = _lines(worker.log_path, submission_id)
    assert any("accepted" in line["message"] for line in quiz_lines), quiz_lines
    assert all(line.get("submission_id") == submission_id for line in quiz_lines)
    tagged = [line for line in matcher_lines if line.get("submission_id") == submission_id]
    assert any(line["message"].endswith(": done") for line in tagged), matcher_lines
    # Celery's own lines for the task carry the id too, though their text does not name it.
    assert any(submission_id not in line["message"] for line in tagged), matcher_lines


def test_matcher_readiness_needs_redis_and_a_catalog_or_its_copy(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    from scripts.processes import free_port
    from shared.records import SNAPSHOT_KEY

    server = RedisServer(tmp_path / "redis")
    server.start()
    dead_catalog = f"http://127.0.0.1:{free_port()}"
    worker = start_worker(
        worker_env(server.url, dead_catalog), artifacts_dir / "logs" / "matcher-ready.log"
    )
    try:
        ready = requests.get(f"{worker.metrics_url}/readyz", timeout=10)
        assert ready.status_code == 503 and "catalog" in ready.text
        server.client().hset(SNAPSHOT_KEY, mapping={"etag": '"x"', "body": "{}"})
        assert requests.get(f"{worker.metrics_url}/readyz", timeout=10).status_code == 200
        assert requests.get(f"{worker.metrics_url}/healthz", timeout=5).status_code == 200
        server.stop()
        down = requests.get(f"{worker.metrics_url}/readyz", timeout=20)
        assert down.status_code == 503 and "redis" in down.text
    finally:
        worker.stop()
        server.stop()
