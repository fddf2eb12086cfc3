"""The published OpenAPI documents are the contract: typed, and true of what is served.

Every document is checked against the schema ``/openapi.json`` publishes for it, so a type
that drifts from what a view returns fails here (and schemathesis checks every response).
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import Stack
from tests.support import submit, wait_final

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def spec(quiz_stack: Stack) -> dict[str, Any]:
    return dict(requests.get(f"{quiz_stack.quiz_url}/openapi.json", timeout=5).json())


def _validator(spec: dict[str, Any], component: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": spec["components"]}
    )


def _response_component(spec: dict[str, Any], path: str, method: str, status: str) -> str:
    content = spec["paths"][path][method]["responses"][status]["content"]
    return str(content["application/json"]["schema"]["$ref"]).rsplit("/", 1)[-1]


def test_the_bodies_people_use_are_typed(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    result = schemas[_response_component(spec, "/v1/results/{result_id}", "get", "200")]
    match_ref = result["properties"]["matches"]["items"]["$ref"].rsplit("/", 1)[-1]
    match = schemas[match_ref]
    assert {"code", "title", "score", "reasons", "skill_gaps"} <= set(match["properties"])
    assert match["properties"]["score"] == {"type": "number", "minimum": 0, "maximum": 100}
    assert result["properties"]["profile"] == {"$ref": "#/components/schemas/Profile"}
    quiz = schemas[_response_component(spec, "/v1/quizzes/{quiz_id}", "get", "200")]
    section = schemas[quiz["properties"]["sections"]["items"]["$ref"].rsplit("/", 1)[-1]]
    item = schemas[section["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert item["properties"]["type"] == {"enum": ["choice", "number", "scale"]}
    accepted = _response_component(spec, "/v1/quizzes/career-match/submissions", "post", "202")
    assert "deletion_token" in schemas[accepted]["required"]
    events = spec["paths"]["/v1/results/{result_id}/events"]["get"]["responses"]["200"]
    data = events["content"]["text/event-stream"]["schema"]["properties"]["data"]
    assert data["contentSchema"] == {"$ref": "#/components/schemas/ResultDocument"}


def test_served_documents_match_their_published_schemas(
    quiz_stack: Stack, spec: dict[str, Any]
) -> None:
    base = quiz_stack.quiz_url
    for quiz_id in ("career-match", "career-match-short"):
        definition = requests.get(f"{base}/v1/quizzes/{quiz_id}", timeout=5).json()
        _validator(spec, "QuizDefinition").validate(definition)
        body = {"answers": random_answers(definition, seed=11)}
        submission = f"/v1/quizzes/{quiz_id}/submissions"
        request_schema = spec["paths"][submission]["post"]["requestBody"]["content"]
        jsonschema.Draft202012Validator(
            {**request_schema["application/json"]["schema"], "components": spec["components"]}
        ).validate(body)
        accepted = submit(base, body["answers"], quiz_id)
        assert accepted.status_code == 202, accepted.text
        _validator(spec, "AcceptedSubmission").validate(accepted.json())
        doc = wait_final(base, accepted.json()["id"])
        assert doc["status"] == "done", doc
        assert doc["matches"] and doc["matches"][0]["reasons"]
        _validator(spec, "ResultDocument").validate(doc)


def test_a_variant_is_documented_and_matches_its_schemas(
    quiz_stack: Stack, spec: dict[str, Any]
) -> None:
    operation = spec["paths"]["/v1/results/{result_id}/variants"]["post"]
    assert operation["operationId"] == "create_variant"
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    body = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert {"preferences", "weights", "set_aside"} == set(body["properties"])
    assert "422" in operation["responses"] and "404" in operation["responses"]
    accepted = _response_component(spec, "/v1/results/{result_id}/variants", "post", "202")
    assert accepted == "AcceptedSubmission"
    result = spec["components"]["schemas"]["ResultDocument"]["properties"]
    assert {"variant_of", "changes", "set_aside"} <= set(result)
    base = quiz_stack.quiz_url
    definition = requests.get(f"{base}/v1/quizzes/career-match", timeout=5).json()
    first = wait_final(base, submit(base, random_answers(definition, seed=12)).json()["id"])
    changes = {
        "preferences": {"max_job_zone": 3},
        "weights": {"values": 0.5},
        "set_aside": [first["matches"][1]["code"]],
    }
    response = requests.post(f"{base}/v1/results/{first['id']}/variants", json=changes, timeout=5)
    assert response.status_code == 202, response.text
    _validator(spec, "AcceptedSubmission").validate(response.json())
    doc = wait_final(base, response.json()["id"])
    assert doc["status"] == "done" and doc["set_aside"] and doc["changes"] == changes
    _validator(spec, "ResultDocument").validate(doc)


def test_a_wrong_document_fails_the_published_schema(spec: dict[str, Any]) -> None:
    """The check above can fail: the schemas refuse what they do not describe."""
    validator = _validator(spec, "ResultDocument")
    good = {
        "id": "x",
        "status": "queued",
        "quiz_id": "career-match",
        "quiz_version": "1",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": None,
        "started_at": None,
        "completed_at": None,
        "links": {"result": "/r", "events": "/e", "page": "/p"},
    }
    assert validator.is_valid(good)
    assert not validator.is_valid(good | {"status": "lost"})
    assert not validator.is_valid(good | {"matches": [{"code": "11-1011.00", "score": 101}]})


def test_the_document_names_no_site_key(
    quiz_stack: Stack, quiz: dict[str, Any], spec: dict[str, Any]
) -> None:
    """Who the tenants are is nobody's business: before, ``site`` was an enum of every key."""
    text = requests.get(f"{quiz_stack.quiz_url}/openapi.json", timeout=5).text
    for key in ("test-site", "keyed-site", "other-site"):
        assert key not in text
    assert '"demo"' not in text  # the committed site; "demo" alone may be an English word
    submit_op = spec["paths"]["/v1/quizzes/career-match/submissions"]["post"]
    (site,) = [p for p in submit_op["parameters"] if p["name"] == "site"]
    assert "enum" not in site["schema"] and site["schema"]["pattern"]
    # a well-formed key that is not registered: the documented 422, naming the field
    response = requests.post(
        f"{quiz_stack.quiz_url}/v1/quizzes/career-match/submissions",
        params={"site": "not-registered"},
        json={"answers": random_answers(quiz)},
        timeout=5,
    )
    assert response.status_code == 422 and "422" in submit_op["responses"]
    assert list(response.json()["errors"]) == ["site"]
