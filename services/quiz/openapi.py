"""The quiz service's OpenAPI document, made to say exactly what the service accepts.

flask-smorest documents the views; this adds what it cannot know from them:

- one submission operation per quiz (``/v1/quizzes/career-match/submissions``, ...), each
  with that quiz's real answer schema (item ids, integer ranges, choices, which are
  required), instead of one path whose body is "any object";
- the registered site keys as the values of ``site``;
- links from a submission to its result, event stream and deletion, and from a result to
  its event stream, so that clients (and schemathesis' stateful tests) can follow them.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask

from services.quiz.location import MIN_ANNUAL_WAGE
from services.quiz.quizzes import Quiz
from shared.regions import CANADA, LOCATION, MIN_WAGE_CAD, MIN_WAGE_CAD_PER

SUBMISSIONS_PATH = "/v1/quizzes/{quiz_id}/submissions"
RESULT_LINKS = {
    "GetResult": {
        "operationId": "get_result",
        "parameters": {"result_id": "$response.body#/id"},
        "description": "The submission's status, and its result once done.",
    },
    "GetResultEvents": {
        "operationId": "get_result_events",
        "parameters": {"result_id": "$response.body#/id"},
        "description": "The submission's status changes as Server-Sent Events.",
    },
    "DeleteResult": {
        "operationId": "delete_result",
        "parameters": {
            "result_id": "$response.body#/id",
            "header.X-Deletion-Token": "$response.body#/deletion_token",
        },
        "description": "Delete the submission and its result with the token given here.",
    },
}


def answers_schema(quiz: Quiz) -> dict[str, Any]:
    """The JSON Schema of ``quiz``'s answers, as ``Quiz.validate_answers`` checks them."""
    scales = quiz.definition["scales"]
    properties: dict[str, Any] = {}
    required: list[str] = []
    for item in quiz.items.values():
        if item["type"] == "scale":
            scale = scales[item["scale"]]
            properties[item["id"]] = {
                "type": "integer",
                "minimum": scale["min"],
                "maximum": scale["max"],
            }
            required.append(item["id"])
        elif item["type"] == "choice":
            values = [option["value"] for option in item["options"]]
            kind = "string" if all(isinstance(v, str) for v in values) else "integer"
            properties[item["id"]] = {"type": kind, "enum": values}
        else:
            properties[item["id"]] = {
                "type": "number",
                "minimum": item["min"],
                "maximum": item["max"],
            }
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if LOCATION in properties:
        schema["allOf"] = [_pay_minimum_fits_the_place()]
    return schema


def _pay_minimum_fits_the_place() -> dict[str, Any]:
    """``location.check_location_answers`` as JSON Schema: the minimum's currency follows
    the place (CAD per hour or year in Canada, US dollars a year anywhere else)."""
    return {
        "if": {
            "required": [LOCATION],
            "properties": {LOCATION: {"type": "string", "pattern": f"^{CANADA}-"}},
        },
        "then": {
            "not": {"required": [MIN_ANNUAL_WAGE]},
            "anyOf": [
                {"not": {"required": [MIN_WAGE_CAD]}},
                {"required": [MIN_WAGE_CAD_PER]},
            ],
        },
        "else": {
            "not": {"anyOf": [{"required": [MIN_WAGE_CAD]}, {"required": [MIN_WAGE_CAD_PER]}]}
        },
    }


def _submission_operation(template: dict[str, Any], quiz: Quiz, sites: list[str]) -> Any:
    operation = copy.deepcopy(template)
    operation["operationId"] = "submit_" + quiz.id.replace("-", "_")
    operation["summary"] = f"Submit answers to {quiz.definition['title']} (version {quiz.version})."
    operation["requestBody"] = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"answers": answers_schema(quiz)},
                    "required": ["answers"],
                    "additionalProperties": False,
                }
            }
        },
    }
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "query" and parameter["name"] == "site":
            parameter["schema"] = {"type": "string", "enum": sites}
    operation["responses"]["202"]["links"] = RESULT_LINKS
    return operation


def init_app(app: Flask) -> None:
    """Rewrite the registered paths of ``app.extensions["api"]``'s document (see above)."""
    spec = app.extensions["api"].spec
    paths: dict[str, Any] = spec._paths  # apispec keeps the paths here; nothing else edits them
    template = paths.pop(SUBMISSIONS_PATH)["post"]
    quizzes: dict[str, Quiz] = app.extensions["quizzes"]
    sites = sorted(app.extensions["sites"])
    for quiz in quizzes.values():
        paths[f"/v1/quizzes/{quiz.id}/submissions"] = {
            "post": _submission_operation(template, quiz, sites)
        }
    result = paths["/v1/results/{result_id}"]
    result["get"]["responses"]["200"]["links"] = {
        "GetResultEvents": RESULT_LINKS["GetResultEvents"]
    }
