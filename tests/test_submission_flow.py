"""The submission flow over real processes: quiz service, Redis, a Celery matcher, catalog."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers, scale_items
from shared.celery import MATCH_QUEUE, MATCH_TASK, create_celery
from shared.records import ANSWER_CACHE_PREFIX
from shared.settings import Settings
from tests.conftest import Stack
from tests.support import HttpService, free_port, metric, submit, wait_final, wait_until

pytestmark = pytest.mark.integration


def test_quiz_list_and_definition(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    listed = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes", timeout=5).json()["quizzes"]
    assert {q["id"] for q in listed} == {
        "career-match",
        "career-match-short",
        "career-match-adaptive",
    }
    assert quiz["version"] and quiz["estimated_minutes"] == 10
    interest = [i for i in scale_items(quiz) if "area" in i]
    assert len(interest) == 60
    assert {a: sum(i["area"] == a for i in interest) for a in "RIASEC"} == dict.fromkeys(
        "RIASEC", 10
    )
    item_ids = {i["id"] for s in quiz["sections"] for i in s["items"]}
    assert {"max_job_zone", "min_annual_wage"} <= item_ids


def test_submit_poll_done(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    answers = random_answers(quiz, seed=1, max_job_zone=4, min_annual_wage=40000)
    response = submit(quiz_stack.quiz_url, answers)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert response.headers["Location"] == f"/v1/results/{accepted['id']}"
    assert int(response.headers["Retry-After"]) >= 1
    assert accepted["status"] == "queued"
    assert accepted["quiz_version"] == quiz["version"]
    assert len(accepted["id"]) >= 22 and accepted["deletion_token"]
    doc = wait_final(quiz_stack.quiz_url, accepted["id"])
    assert doc["status"] == "done", doc
    assert doc["completed_at"] >= doc["created_at"]
    profile = doc["profile"]
    assert set(profile["interests"]) == set("RIASEC")
    assert all(0 <= v <= 40 for v in profile["interests"].values())
    assert len(profile["code"]) == 3
    matches = doc["matches"]
    assert len(matches) >= 20
    assert [m["rank"] for m in matches] == list(range(1, len(matches) + 1))
    for match in matches:
        assert 0 <= match["score"] <= 100
        assert set(match["components"]) >= {"interests", "values", "skills"}
        assert all(v is None or 0 <= v <= 1 for v in match["components"].values())
        assert match["reasons"]
        assert match["fit"] in ("Best", "Great", "Good", None)
    within = [m["within_limits"] for m in matches]
    assert within == sorted(within, reverse=True), "careers within limits rank first"
    for match in matches:
        if match["within_limits"]:
            assert match["job_zone"] is None or match["job_zone"] <= 4
    assert doc["suggested_skills"]
    assert "O*NET" in doc["attribution"]["onet"] and "Bureau of Labor" in doc["attribution"]["bls"]
    urls = doc["attribution"]["license_urls"]
    assert isinstance(urls, list) and all(u.startswith("https://") for u in urls)


def test_event_stream_ends_with_result(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=2)).json()
    url = quiz_stack.quiz_url + accepted["links"]["events"]
    events: list[tuple[str, dict[str, Any]]] = []
    with requests.get(url, stream=True, timeout=30) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        name, data = None, []
        for line in stream.iter_lines(decode_unicode=True):
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and name:
                events.append((name, json.loads("\n".join(data))))
                name, data = None, []
    names = [n for n, _ in events]
    assert names[-1] == "done", names
    assert set(names) <= {"queued", "running", "done"}
    assert events[-1][1]["matches"] and events[-1][1]["id"] == accepted["id"]


def test_idempotency_key(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    key = str(uuid.uuid4())
    answers = random_answers(quiz, seed=3)
    first = submit(quiz_stack.quiz_url, answers, headers={"Idempotency-Key": key})
    second = submit(quiz_stack.quiz_url, answers, headers={"Idempotency-Key": key})
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["deletion_token"] == second.json()["deletion_token"]
    other = submit(
        quiz_stack.quiz_url, random_answers(quiz, seed=4), headers={"Idempotency-Key": key}
    )
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["errors"]
    wait_final(quiz_stack.quiz_url, first.json()["id"])
    client = quiz_stack.redis.client()
    assert client.hget(f"cm:sub:{first.json()['id']}", "deliveries") == "1", "one job only"


def _errors(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) >= {"code", "status", "message"}
    assert body["code"] == response.status_code
    return body.get("errors", {})


def test_bad_answers_name_each_item(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    items = scale_items(quiz)
    answers = random_answers(quiz)
    del answers[items[0]["id"]]
    answers[items[1]["id"]] = 9
    answers[items[2]["id"]] = "3"
    answers[items[3]["id"]] = True
    answers[items[4]["id"]] = 2.5
    answers["not_an_item"] = 1
    answers["max_job_zone"] = 7
    answers["min_annual_wage"] = -5
    response = submit(quiz_stack.quiz_url, answers)
    assert response.status_code == 422
    errors = _errors(response)["answers"]
    expected = {items[i]["id"] for i in range(5)} | {
        "not_an_item",
        "max_job_zone",
        "min_annual_wage",
    }
    assert set(errors) == expected


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (b"{not json", 400, None),
        (b"[]", 422, None),
        (b'{"answers": []}', 422, "answers"),
        (b'{"answers": {}, "extra": 1}', 422, None),
        (b"{}", 422, "answers"),
    ],
)
def test_malformed_bodies(quiz_stack: Stack, body: bytes, status: int, field: str | None) -> None:
    response = requests.post(
        f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == status, response.text
    errors = _errors(response)
    if field:
        assert field in errors


def test_other_client_errors(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    assert submit(quiz_stack.quiz_url, random_answers(quiz), quiz_id="nope").status_code == 404
    assert requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/nope", timeout=5).status_code == 404
    huge = requests.post(
        f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
        data=b'{"answers": {"x": "' + b"a" * 200_000 + b'"}}',
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert huge.status_code == 413 and huge.json()["code"] == 413
    unknown_site = submit(
        quiz_stack.quiz_url, random_answers(quiz), params={"site": "no-such-site"}
    )
    assert unknown_site.status_code == 422 and "site" in _errors(unknown_site)
    bad_key = submit(
        quiz_stack.quiz_url, random_answers(quiz), headers={"Idempotency-Key": "x" * 300}
    )
    assert bad_key.status_code == 422 and "Idempotency-Key" in _errors(bad_key)
    for result_id in ("short", "A" * 32, "../../etc/passwd"):
        response = requests.get(f"{quiz_stack.quiz_url}/v1/results/{result_id}", timeout=5)
        assert response.status_code == 404 and response.json()["code"] == 404


def test_delete_with_token(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=5)).json()
    url = quiz_stack.quiz_url + accepted["links"]["result"]
    assert requests.delete(url, timeout=5).status_code == 403
    wrong = requests.delete(url, headers={"X-Deletion-Token": "wrong"}, timeout=5)
    assert wrong.status_code == 403
    ok = requests.delete(url, headers={"X-Deletion-Token": accepted["deletion_token"]}, timeout=5)
    assert ok.status_code == 204
    assert requests.get(url, timeout=5).status_code == 404


def test_same_id_processed_twice(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    """Two more deliveries of a finished submission's task both run, and change nothing."""
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=6)).json()
    before = wait_final(quiz_stack.quiz_url, accepted["id"])
    celery = create_celery(Settings.from_env({"REDIS_URL": quiz_stack.redis_url}))
    celery.send_task(MATCH_TASK, args=[accepted["id"]], queue=MATCH_QUEUE)
    celery.send_task(MATCH_TASK, args=[accepted["id"]], queue=MATCH_QUEUE)
    # the task logs each run's outcome: "already" is a run that found the result final
    ran = f"submission {accepted['id']}: already"
    wait_until(lambda: quiz_stack.worker_log().count(ran) >= 2, 30, "both deliveries to run")
    after = requests.get(quiz_stack.quiz_url + accepted["links"]["result"], timeout=5).json()
    assert after == before
    log = quiz_stack.worker_log()
    assert log.count(ran) == 2 and log.count(f"submission {accepted['id']}: done") == 1


def _scored(stack: Stack) -> float:
    """Submissions the stack's workers have scored (answer cache misses)."""
    pages = [requests.get(f"{w.metrics_url}/metrics", timeout=5).text for w in stack.workers]
    return sum(metric(page, "career_match_scoring_seconds_count") for page in pages)


def test_identical_answers_served_from_cache(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    client = quiz_stack.redis.client()
    answers = random_answers(quiz, seed=8)
    first = wait_final(quiz_stack.quiz_url, submit(quiz_stack.quiz_url, answers).json()["id"])
    # the answer cache entry for these answers names the record that holds their result
    digest = client.hget(f"cm:sub:{first['id']}", "answers_digest")
    [key] = client.keys(f"{ANSWER_CACHE_PREFIX}*:{digest}")
    holder = client.get(key)
    assert holder is not None
    scored = _scored(quiz_stack)
    second = wait_final(quiz_stack.quiz_url, submit(quiz_stack.quiz_url, answers).json()["id"])
    assert first["id"] != second["id"]
    assert first["matches"] == second["matches"] and first["profile"] == second["profile"]
    assert len(client.keys("cm:cache:*")) >= 1
    # served from the cache: not scored, and the entry still names the same holder (a
    # scored result points the entry at its own record)
    assert _scored(quiz_stack) == scored
    assert client.get(key) == holder


def test_results_expire(quiz_stack: Stack, quiz: dict[str, Any], tmp_path: Any) -> None:
    quiz_service = HttpService(
        "services.quiz",
        {"REDIS_URL": quiz_stack.redis_url, "RESULT_TTL_SECONDS": "2"},
        tmp_path / "quiz-ttl.log",
    )
    quiz_service.start()
    try:
        accepted = requests.post(
            f"{quiz_service.url}/v1/quizzes/career-match/submissions",
            json={"answers": random_answers(quiz, seed=9)},
            timeout=5,
        ).json()
        url = quiz_service.url + accepted["links"]["result"]
        assert requests.get(url, timeout=5).status_code == 200
        time.sleep(3.5)
        gone = requests.get(url, timeout=5)
        assert gone.status_code == 404, gone.text
    finally:
        quiz_service.stop()


def test_redis_down_is_503_not_500(quiz: dict[str, Any], tmp_path: Any) -> None:
    quiz_service = HttpService(
        "services.quiz",
        {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
        tmp_path / "quiz-noredis.log",
    )
    quiz_service.start()
    try:
        response = requests.post(
            f"{quiz_service.url}/v1/quizzes/career-match/submissions",
            json={"answers": random_answers(quiz)},
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) > 0
        assert response.json()["code"] == 503
        result = requests.get(f"{quiz_service.url}/v1/results/{'A' * 32}", timeout=30)
        assert result.status_code == 503
        assert requests.get(f"{quiz_service.url}/readyz", timeout=30).status_code == 503
        assert requests.get(f"{quiz_service.url}/healthz", timeout=5).status_code == 200
    finally:
        quiz_service.stop()


def test_openapi_health_and_metrics(quiz_stack: Stack) -> None:
    spec = requests.get(f"{quiz_stack.quiz_url}/openapi.json", timeout=5).json()
    assert {
        "/v1/quizzes",
        "/v1/quizzes/{quiz_id}",
        "/v1/quizzes/career-match/submissions",
        "/v1/quizzes/career-match-short/submissions",
        "/v1/results/{result_id}",
        "/v1/results/{result_id}/events",
    } <= set(spec["paths"])
    post = spec["paths"]["/v1/quizzes/career-match/submissions"]["post"]
    # the current version's answers, or a previous version's naming it (quiz_version)
    bodies = post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    current, *previous = (b["properties"]["quiz_version"]["const"] for b in bodies)
    assert "quiz_version" not in bodies[0]["required"] and current not in previous
    assert all("quiz_version" in b["required"] for b in bodies[1:])
    body = bodies[0]["properties"]["answers"]
    answers = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert answers["additionalProperties"] is False and len(answers["required"]) >= 60
    assert answers["properties"]["max_job_zone"] == {"enum": [1, 2, 3, 4, 5]}
    assert set(post["responses"]["202"]["links"]) == {
        "GetResult",
        "GetResultEvents",
        "DeleteResult",
    }
    assert {"400", "403", "404", "409", "413", "422", "429", "503"} <= set(post["responses"])
    assert "202" in post["responses"] and "422" in post["responses"]
    assert requests.get(f"{quiz_stack.quiz_url}/healthz", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{quiz_stack.quiz_url}/readyz", timeout=5).status_code == 200
    assert requests.get(f"{quiz_stack.quiz_url}/docs", timeout=5).status_code == 200
    assert "swagger-ui-bundle.js" in requests.get(f"{quiz_stack.quiz_url}/docs", timeout=5).text
    bundle = requests.get(f"{quiz_stack.quiz_url}/docs/static/swagger-ui-bundle.js", timeout=5)
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert requests.get(f"{quiz_stack.quiz_url}/metrics", timeout=5).status_code == 404
    metrics = requests.get(f"{quiz_stack.quiz.metrics_url}/metrics", timeout=5).text
    assert "http_requests_total" in metrics
    assert 'career_match_submissions_total{outcome="new",quiz_id="career-match"}' in metrics
    assert 'career_match_submissions_total{outcome="repeat",quiz_id="career-match"}' in metrics
    assert "career_match_queue_length " in metrics
    assert "career_match_pending_submissions " in metrics


def test_answers_to_the_previous_quiz_version_are_accepted_for_a_while(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    from datetime import UTC, date, datetime, timedelta

    from services.quiz.quizzes import PREVIOUS_DIR, PREVIOUS_VERSION_DAYS, QUIZ_DIR

    old = json.loads((QUIZ_DIR / PREVIOUS_DIR / "career-match-2026.11.1.json").read_text())
    assert old["version"] != quiz["version"]
    answers = random_answers(old, seed=3)
    # the current version refuses them: items were replaced and added
    assert submit(quiz_stack.quiz_url, answers).status_code == 422
    response = requests.post(
        f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
        json={"answers": answers, "quiz_version": old["version"]},
        timeout=10,
    )
    deadline = date.fromisoformat(old["superseded_at"]) + timedelta(days=PREVIOUS_VERSION_DAYS)
    if datetime.now(UTC).date() <= deadline:
        assert response.status_code == 202, response.text
        accepted = response.json()
        assert accepted["quiz_version"] == old["version"]
        doc = wait_final(quiz_stack.quiz_url, accepted["id"])
        assert doc["status"] == "done" and doc["quiz_version"] == old["version"]
        assert len(doc["matches"]) >= 20
    else:
        assert response.status_code == 422
        assert "no longer accepted" in response.json()["message"]
    unknown = requests.post(
        f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
        json={"answers": answers, "quiz_version": "1999.01.1"},
        timeout=10,
    )
    assert unknown.status_code == 422
    assert "quiz_version" in unknown.json()["errors"]
