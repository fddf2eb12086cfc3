"""The adaptive quiz through the real stack: steps from ``/next`` to done, then a submission
scored by a real matcher worker against the same catalog snapshot."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from scripts.sample_answers import persona_answers, random_answers
from services.quiz.adaptive import MIN_ASKED, THRESHOLD
from services.quiz.quizzes import PREVIOUS_DIR, PREVIOUS_VERSION_DAYS, QUIZ_DIR
from tests.conftest import Stack
from tests.support import HttpService, free_port, submit, wait_final

pytestmark = pytest.mark.integration

QUIZ_ID = "career-match-adaptive"


@pytest.fixture(scope="module")
def adaptive_quiz(quiz_stack: Stack) -> dict[str, Any]:
    response = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes/{QUIZ_ID}", timeout=5)
    assert response.status_code == 200
    definition: dict[str, Any] = response.json()
    return definition


def step(stack: Stack, body: dict[str, Any], quiz_id: str = QUIZ_ID) -> requests.Response:
    return requests.post(f"{stack.quiz_url}/v1/quizzes/{quiz_id}/next", json=body, timeout=10)


def test_listed_with_the_full_quizs_items(
    quiz_stack: Stack, quiz: dict[str, Any], adaptive_quiz: dict[str, Any]
) -> None:
    listed = requests.get(f"{quiz_stack.quiz_url}/v1/quizzes", timeout=5).json()["quizzes"]
    assert QUIZ_ID in {q["id"] for q in listed}
    assert adaptive_quiz["sections"] == quiz["sections"]
    assert adaptive_quiz["version"] == quiz["version"]
    assert adaptive_quiz["scales"] == quiz["scales"] and adaptive_quiz["weights"] == quiz["weights"]


def test_steps_to_done_then_a_done_result(quiz_stack: Stack, adaptive_quiz: dict[str, Any]) -> None:
    # a person who likes social and artistic work, rates people skills high, wants a degree
    person = persona_answers(
        adaptive_quiz,
        {"S": 4, "A": 3, "E": 2, "I": 1},
        skills={"2.B.1.a": 4, "2.B.1.f": 3, "2.A.2.c": 3},
        value=3,
        max_job_zone=4,
    )
    items = {i["id"]: i for s in adaptive_quiz["sections"] for i in s["items"]}
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    asked: list[str] = []
    stabilities: list[float] = []
    while True:
        response = step(quiz_stack, {"answers": answers, "skipped": skipped})
        assert response.status_code == 200, response.text
        doc = response.json()
        assert doc["asked"] == len(asked)
        stabilities.append(doc["stability"])
        if doc["done"]:
            break
        item = doc["item"]
        assert item == items[item["id"]] and item["id"] not in asked
        assert doc["left_estimate"] >= 1
        asked.append(item["id"])
        if item["id"] in person:
            answers[item["id"]] = person[item["id"]]
        else:
            skipped.append(item["id"])
    assert asked[:3] == ["location", "max_job_zone", "min_annual_wage"]
    assert MIN_ASKED <= len(answers) - 1 < len([i for i in items.values() if i["type"] == "scale"])
    assert stabilities[-1] >= THRESHOLD > min(stabilities)
    response = submit(quiz_stack.quiz_url, answers, quiz_id=QUIZ_ID)
    assert response.status_code == 202, response.text
    result = wait_final(quiz_stack.quiz_url, response.json()["id"])
    assert result["status"] == "done", result
    assert result["quiz_id"] == QUIZ_ID
    assert len(result["matches"]) >= 10
    snapshot = requests.get(f"{quiz_stack.catalog_url}/v1/catalog/snapshot", timeout=30).json()
    assert result["catalog_version"] == snapshot["version"]


def test_bad_steps_name_the_field(quiz_stack: Stack) -> None:
    bad = step(quiz_stack, {"answers": {"int_r01": 9}})
    assert bad.status_code == 422
    assert "int_r01" in bad.json()["errors"]["answers"]
    unknown = step(quiz_stack, {"answers": {"no_such_item": 1}})
    assert unknown.status_code == 422
    assert "no_such_item" in unknown.json()["errors"]["answers"]
    skipped = step(quiz_stack, {"answers": {}, "skipped": ["int_r01"]})
    assert skipped.status_code == 422
    assert "int_r01" in skipped.json()["errors"]["skipped"][0]
    shape = step(quiz_stack, {"answers": [1, 2]})
    assert shape.status_code == 422 and "answers" in shape.json()["errors"]
    missing = step(quiz_stack, {})
    assert missing.status_code == 422 and "answers" in missing.json()["errors"]
    fixed = step(quiz_stack, {"answers": {}}, quiz_id="career-match")
    assert fixed.status_code == 409 and "adaptive" in fixed.json()["message"]
    assert step(quiz_stack, {"answers": {}}, quiz_id="no-such-quiz").status_code == 404


def test_a_canadian_pay_minimum_is_asked_in_two_steps(quiz_stack: Stack) -> None:
    place = {"location": "CA-ON", "max_job_zone": 4}
    amount = step(quiz_stack, {"answers": place})
    assert amount.status_code == 200 and amount.json()["item"]["id"] == "min_wage_cad"
    # the amount alone is fine between steps; its unit is the next question
    unit = step(quiz_stack, {"answers": place | {"min_wage_cad": 25}})
    assert unit.status_code == 200, unit.text
    assert unit.json()["item"]["id"] == "min_wage_cad_per"
    us_pay = step(quiz_stack, {"answers": place | {"min_annual_wage": 50000}})
    assert us_pay.status_code == 422 and "min_annual_wage" in us_pay.json()["errors"]["answers"]


def test_a_submission_needs_every_interest_area(quiz_stack: Stack) -> None:
    response = submit(quiz_stack.quiz_url, {"int_r01": 4, "int_i01": 2}, quiz_id=QUIZ_ID)
    assert response.status_code == 422
    assert "A, S, E, C" in str(response.json()["errors"]["answers"])


def test_no_snapshot_ever_is_503_with_retry_after(quiz_stack: Stack, tmp_path: Any) -> None:
    """A quiz service whose catalog is down and whose Redis holds no copy answers 503."""
    empty_db = quiz_stack.redis_url.rsplit("/", 1)[0] + "/6"
    requests_env = {
        "REDIS_URL": empty_db,
        "CATALOG_URL": f"http://127.0.0.1:{free_port()}",
        "CATALOG_TIMEOUT_SECONDS": "0.5",
        "LOG_LEVEL": "warning",
    }
    service = HttpService("services.quiz", requests_env, tmp_path / "quiz.log")
    service.start()
    try:
        response = requests.post(
            f"{service.url}/v1/quizzes/{QUIZ_ID}/next",
            json={"answers": {}, "skipped": ["location", "max_job_zone", "min_annual_wage"]},
            timeout=10,
        )
    finally:
        service.stop()
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) >= 1


#: Previous versions of the full quiz in a copy of the quiz files: one replaced today, one
#: replaced a day longer ago than answers to it are accepted.
ACCEPTED, EXPIRED = "2026.11.1", "2026.12.2"


@pytest.fixture(scope="module")
def previous_service(
    quiz_stack: Stack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[HttpService, dict[str, Any]]]:
    """A quiz service on the stack's Redis and catalog, over a copy of the quiz files whose
    previous versions of the full quiz were replaced on the days the test needs."""
    quiz_dir = tmp_path_factory.mktemp("quizzes") / "quizzes"
    shutil.copytree(QUIZ_DIR, quiz_dir)
    today = datetime.now(UTC).date()
    replaced = {ACCEPTED: today, EXPIRED: today - timedelta(days=PREVIOUS_VERSION_DAYS + 1)}
    for version, day in replaced.items():
        path = quiz_dir / PREVIOUS_DIR / f"career-match-{version}.json"
        path.write_text(json.dumps(json.loads(path.read_text()) | {"superseded_at": str(day)}))
    env = {
        "REDIS_URL": quiz_stack.redis_url,
        "CATALOG_URL": quiz_stack.catalog_url,
        "QUIZ_DIR": str(quiz_dir),
        "LOG_LEVEL": "warning",
    }
    old = json.loads((quiz_dir / PREVIOUS_DIR / f"career-match-{ACCEPTED}.json").read_text())
    service = HttpService("services.quiz", env, quiz_dir.parent / "quiz.log")
    service.start()
    yield service, old
    service.stop()


def test_answers_begun_under_a_previous_version_are_still_taken(
    previous_service: tuple[HttpService, dict[str, Any]],
) -> None:
    service, old = previous_service
    answers = random_answers(old, seed=5)
    assert "int_r10" in answers  # an item of the old version that the current one dropped
    url = f"{service.url}/v1/quizzes/{QUIZ_ID}"
    current = requests.post(f"{url}/next", json={"answers": {"int_r10": 3}}, timeout=10)
    assert current.status_code == 422 and "int_r10" in current.json()["errors"]["answers"]
    so_far = {"answers": {"int_r10": 3, "max_job_zone": 4}, "quiz_version": ACCEPTED}
    step_response = requests.post(f"{url}/next", json=so_far, timeout=30)
    assert step_response.status_code == 200, step_response.text
    items = {i["id"]: i for s in old["sections"] for i in s["items"]}
    doc = step_response.json()
    assert doc["asked"] == 2 and doc["item"] == items[doc["item"]["id"]]
    body = {"answers": answers, "quiz_version": ACCEPTED}
    response = requests.post(f"{url}/submissions", json=body, timeout=10)
    assert response.status_code == 202, response.text
    assert response.json()["quiz_version"] == ACCEPTED
    result = wait_final(service.url, response.json()["id"])
    assert result["status"] == "done", result
    assert result["quiz_id"] == QUIZ_ID and result["quiz_version"] == ACCEPTED
    assert len(result["matches"]) >= 10


def test_a_version_replaced_too_long_ago_is_refused_naming_it(
    previous_service: tuple[HttpService, dict[str, Any]],
) -> None:
    service, _ = previous_service
    url = f"{service.url}/v1/quizzes/{QUIZ_ID}"
    body = {"answers": {"int_r01": 3}, "quiz_version": EXPIRED}
    for operation in ("next", "submissions"):
        response = requests.post(f"{url}/{operation}", json=body, timeout=10)
        assert response.status_code == 422, (operation, response.text)
        errors = response.json()["errors"]["quiz_version"]
        assert "no longer accepted" in errors[0], operation
    # the document offers the version still accepted, not the one no longer accepted
    spec = requests.get(f"{service.url}/openapi.json", timeout=10).json()
    for operation in ("next", "submissions"):
        post = spec["paths"][f"/v1/quizzes/{QUIZ_ID}/{operation}"]["post"]
        bodies = post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
        versions = [b["properties"]["quiz_version"]["const"] for b in bodies[1:]]
        assert ACCEPTED in versions and EXPIRED not in versions, operation
