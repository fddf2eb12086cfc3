"""The quiz service's OpenAPI document, made from the types the service checks with.

- Every document a client reads (a result, an accepted submission, a quiz definition) is a
  component generated from its type in ``shared.contract`` or ``services.quiz.definition``;
  the views declare it as their response.
- Each quiz has its own submission operation (``/v1/quizzes/career-match/submissions``,
  ...) whose body is that quiz's compiled answer rules (``Quiz.answers``): item ids,
  ranges, choices, which are required, and the pay rules.
- Links lead from a submission to its result, event stream and deletion, and from a result
  to its event stream, so that clients (and schemathesis' stateful tests) can follow them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import msgspec
from flask.views import MethodView
from flask_smorest import Api, Blueprint

from services.quiz.definition import NextStep, QuizDefinition
from services.quiz.quizzes import PREVIOUS_VERSION_DAYS, Quiz
from shared.contract.result import AcceptedSubmission, ResultDocument

REF_TEMPLATE = "#/components/schemas/{name}"
#: The documents the views declare as their responses, by component name.
DOCUMENTS = (ResultDocument, AcceptedSubmission, QuizDefinition, NextStep)

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


def reference(kind: Any) -> dict[str, str]:
    """The OpenAPI reference to the component of ``kind`` (one of ``DOCUMENTS``)."""
    return {"$ref": REF_TEMPLATE.format(name=kind.__name__)}


def register_documents(api: Api, quizzes: Iterable[Quiz]) -> None:
    """Add the documents' and every quiz's answers' schemas to ``api``'s components."""
    _, components = msgspec.json.schema_components(DOCUMENTS, ref_template=REF_TEMPLATE)
    for quiz in quizzes:
        components.update(quiz.answers.json_schema(REF_TEMPLATE)[1])
        if quiz.adaptive:
            components.update(quiz.step_answers.json_schema(REF_TEMPLATE)[1])
    for name, schema in sorted(components.items()):
        api.spec.components.schema(name, component=schema)


def add_quiz_route(
    routes: Blueprint,
    base: type[MethodView],
    post: Callable[..., Any],
    quiz_id: str,
    path: str,
    endpoint: str,
    doc: dict[str, Any],
) -> None:
    """Route ``path`` of the quiz ``quiz_id`` to its own subclass of ``base``, whose
    ``post`` (``base.post``, maybe decorated further) is documented with ``doc``: each
    quiz's operation says its own answers, though one view serves them all (the view is
    given ``quiz_id``)."""
    documented = Blueprint.doc(**doc)(post)
    name = f"{base.__name__}_{quiz_id.replace('-', '_')}"
    view = type(name, (base,), {"post": documented})
    routes.add_url_rule(
        path, view_func=view, endpoint=endpoint, defaults={"quiz_id": quiz_id}, tags=["quiz"]
    )


def next_doc(quiz: Quiz, previous: list[Quiz], max_skipped: int) -> dict[str, Any]:
    """What the ``next`` operation of the adaptive ``quiz`` adds to the generated one: a
    body of its answers so far and the optional items skipped, or of a previous version
    still accepted (``previous``) naming its ``quiz_version``."""
    bodies = [_next_body(quiz, max_skipped, version_required=False)]
    bodies += [_next_body(old, max_skipped, version_required=True) for old in previous]
    return {
        "operationId": "next_" + quiz.id.replace("-", "_"),
        "summary": f"The next question of {quiz.definition['title']}, or done.",
        "requestBody": {"required": True, "content": {"application/json": _one_of(bodies)}},
    }


def submission_doc(quiz: Quiz, previous: list[Quiz]) -> dict[str, Any]:
    """What the submission operation of ``quiz`` adds to the generated one (``blp.doc``):
    a body of the current version's answers, or of a previous version still accepted
    (``previous``) naming its ``quiz_version``."""
    bodies = [_body(quiz, version_required=False)]
    bodies += [_body(old, version_required=True) for old in previous]
    return {
        "operationId": "submit_" + quiz.id.replace("-", "_"),
        "summary": f"Submit answers to {quiz.definition['title']} (version {quiz.version}).",
        "requestBody": {"required": True, "content": {"application/json": _one_of(bodies)}},
        "responses": {202: {"links": RESULT_LINKS}},
    }


def _one_of(bodies: list[dict[str, Any]]) -> dict[str, Any]:
    """The media type of a body of one of ``bodies`` (one per quiz version)."""
    return {"schema": bodies[0] if len(bodies) == 1 else {"oneOf": bodies}}


def _next_body(quiz: Quiz, max_skipped: int, *, version_required: bool) -> dict[str, Any]:
    answers, _ = quiz.step_answers.json_schema(REF_TEMPLATE)
    optional = [i for i, item in quiz.items.items() if item["type"] != "scale"]
    properties = {
        "answers": answers,
        "skipped": {
            "type": "array",
            "items": {"enum": optional},
            "maxItems": max_skipped,
            "description": "The optional questions the person chose not to answer.",
        },
        "quiz_version": _version_property(quiz),
    }
    return {
        "type": "object",
        "title": f"Answers so far to version {quiz.version}",
        "properties": properties,
        "required": ["answers", "quiz_version"] if version_required else ["answers"],
        "additionalProperties": False,
    }


def _body(quiz: Quiz, *, version_required: bool) -> dict[str, Any]:
    answers: dict[str, Any] = quiz.answers.json_schema(REF_TEMPLATE)[0]
    if quiz.adaptive:  # said in words: as a schema it is costly for clients' generators
        answers = {
            "allOf": [answers],
            "description": "Any item may be left out, but each interest area needs at "
            "least one answer (else 422).",
        }
    return {
        "type": "object",
        "title": f"Answers to version {quiz.version}",
        "properties": {"answers": answers, "quiz_version": _version_property(quiz)},
        "required": ["answers", "quiz_version"] if version_required else ["answers"],
        "additionalProperties": False,
    }


def _version_property(quiz: Quiz) -> dict[str, Any]:
    """The ``quiz_version`` of a body of answers to this version of the quiz."""
    replaced = f", replaced on {quiz.superseded_at}" if quiz.superseded_at else " (the current one)"
    return {
        "const": quiz.version,
        "description": f"Version {quiz.version}{replaced}. A previous version is accepted "
        f"for {PREVIOUS_VERSION_DAYS} days after it was replaced; without one, the current.",
    }
