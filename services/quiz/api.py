"""HTTP views of the quiz service: quizzes, submissions, results and their event streams."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import ValidationError

from services.quiz import events, metrics, sites, submissions
from services.quiz.quizzes import Quiz, resolve_version
from services.quiz.schemas import (
    AcceptedSchema,
    DeletionHeaderSchema,
    IdempotencyHeaderSchema,
    QuizDefinitionSchema,
    QuizListSchema,
    ResultSchema,
    SubmissionBodySchema,
    SubmissionQuerySchema,
)
from shared import idempotency, records
from shared.attribution import attribution
from shared.contract.codec import encode
from shared.contract.result import Links, ResultDocument, links_for, public_document
from shared.ids import is_valid_id
from shared.redis import FlaskRedis
from shared.settings import Settings

log = logging.getLogger(__name__)

blp = Blueprint("quiz", __name__, url_prefix="/v1", description="Quizzes, submissions, results.")

#: What each error status means here; every operation documents the ones it can answer.
ERRORS = {
    400: "The body is not JSON, or nests too deep, or holds a number too long.",
    401: "The Authorization header holds no API key of any site.",
    403: "Not allowed: a site claimed without its Origin or API key, or a wrong deletion token.",
    404: "No such quiz or result (unknown, expired or deleted).",
    409: "The Idempotency-Key was used before with another body.",
    413: "The body is larger than the service accepts.",
    429: "Too many submissions from this address or for this site; see Retry-After.",
    503: "Storage briefly unavailable or full; retry after Retry-After.",
}


#: One Server-Sent Event of a result's stream: ``data`` is the result document as JSON
#: (``{"id"}`` only for ``deleted``, ``{"id", "message"}`` for ``timeout`` and ``error``);
#: the stream starts with a frame holding only ``retry``.
SSE_EVENT_SCHEMA = {
    "type": "object",
    "properties": {
        "event": {
            "type": "string",
            "enum": ["queued", "running", "done", "failed", "deleted", "timeout", "error"],
        },
        "id": {"type": "string"},
        "data": {"type": "string", "contentMediaType": "application/json"},
        "retry": {"type": "integer"},
    },
}


def _errors(*codes: int) -> Any:
    """Document the JSON error responses ``codes`` of an operation."""

    def decorate(view: Any) -> Any:
        for code in codes:
            view = blp.alt_response(code, schema=ErrorSchema, description=ERRORS[code])(view)
        return view

    return decorate


def _settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def _quiz(quiz_id: str) -> Quiz:
    quiz: Quiz | None = current_app.extensions["quizzes"].get(quiz_id)
    if quiz is None:
        abort(404, message=f"No quiz with id {quiz_id!r}.")
    return quiz  # type: ignore[return-value]


def _own_origin() -> str:
    return _settings().public_url or request.host_url.rstrip("/")


def _links(submission_id: str) -> Links:
    return links_for(submission_id)


def _record(result_id: str) -> records.Record:
    record = None
    if is_valid_id(result_id):
        try:
            record = records.load(FlaskRedis.client(current_app), result_id)
            if record is not None:
                record.header  # noqa: B018 - a request that cannot be read: no result
        except (ValueError, KeyError, TypeError):  # a corrupt record: the matcher fails it
            record = None
    if record is None:
        abort(404, message="No result with this id; it may have expired or been deleted.")
    return record  # type: ignore[return-value]


def _document(record: records.Record) -> ResultDocument:
    """The public document of ``record``; its result is checked against the contract here,
    where the quiz reads it back (a result off the contract is the matcher's fault: 500)."""
    try:
        return public_document(record, attribution())
    except ValueError as exc:
        log.error("result %s does not match the contract: %s", record.id, exc)
        abort(500, message="This result could not be read; please submit the answers again.")
        raise  # unreachable: abort raises


def _json(doc: Mapping[str, Any], headers: dict[str, str] | None = None) -> Response:
    """``doc`` as the response body, encoded once (no second pass through a schema)."""
    return Response(encode(doc), mimetype="application/json", headers=headers)


@blp.route("/quizzes")
class Quizzes(MethodView):
    @blp.doc(operationId="list_quizzes")
    @blp.response(200, QuizListSchema)
    @_errors(503)
    def get(self) -> dict[str, Any]:
        """The quizzes a person can take."""
        quizzes = current_app.extensions["quizzes"].values()
        return {"quizzes": [quiz.summary() for quiz in quizzes]}


@blp.route("/quizzes/<quiz_id>")
class QuizDefinition(MethodView):
    @blp.doc(operationId="get_quiz")
    @blp.response(200, QuizDefinitionSchema)
    @_errors(404)
    def get(self, quiz_id: str) -> dict[str, Any]:
        """A quiz's current version: sections, items, scales."""
        return _quiz(quiz_id).definition


@blp.route("/quizzes/<quiz_id>/submissions")
class Submissions(MethodView):
    @blp.arguments(SubmissionBodySchema)
    @blp.arguments(SubmissionQuerySchema, location="query", as_kwargs=True)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(
        202,
        AcceptedSchema,
        headers={
            "Location": {"schema": {"type": "string"}, "description": "The result to poll."},
            "Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."},
        },
    )
    @_errors(400, 401, 403, 404, 409, 413, 429, 503)
    def post(
        self,
        body: dict[str, Any],
        quiz_id: str,
        site: str | None = None,
        idempotency_key: uuid.UUID | None = None,
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Submit answers; the result is computed in the background.

        Answers an accepted submission with 202, a ``Location`` to poll and ``Retry-After``.
        """
        try:
            quiz = resolve_version(
                _quiz(quiz_id),
                current_app.extensions["previous_quizzes"],
                body.get("quiz_version"),
                datetime.now(UTC).date(),
            )
        except ValidationError as exc:
            abort(
                422,
                message="quiz_version: " + " ".join(str(m) for m in exc.messages),
                errors={"json": {"quiz_version": exc.messages}},
            )
        try:
            answers = quiz.validate_answers(body["answers"])
        except ValidationError as exc:
            abort(
                422,
                message="Some answers are missing or invalid.",
                errors={"json": {"answers": exc.messages}},
            )
        try:
            attribution = sites.attribute(
                current_app,
                site,
                origin=request.headers.get("Origin"),
                authorization=request.headers.get("Authorization"),
                own_origin=_own_origin(),
            )
        except sites.NotAttributable as exc:
            abort(exc.status, message=exc.message, errors=exc.errors)
        try:
            accepted = submissions.submit(
                FlaskRedis.client(current_app),
                current_app.extensions["celery"],
                _settings(),
                quiz,
                answers,
                attribution=attribution.as_record(),
                idempotency_key=idempotency_key,
            )
        except idempotency.Conflict as exc:
            abort(409, message=str(exc), errors={"headers": {"Idempotency-Key": [str(exc)]}})
        metrics.count_submission(current_app, quiz.id, accepted.fresh)
        links = _links(accepted.id)
        doc = {
            "id": accepted.id,
            "status": accepted.status,
            "quiz_id": accepted.header["quiz_id"],
            "quiz_version": accepted.header["quiz_version"],
            "created_at": accepted.header["created_at"],
            "links": links,
            "deletion_token": accepted.deletion_token,
        }
        return doc, 202, {"Location": links["result"], "Retry-After": "1"}


@blp.route("/results/<result_id>")
class Result(MethodView):
    @blp.doc(operationId="get_result")
    @blp.response(200, ResultSchema)
    @_errors(404, 503)
    def get(self, result_id: str) -> Any:
        """A submission's status, and its result once done."""
        record = _record(result_id)
        doc = _document(record)
        if records.is_final(record.status):
            return _json(doc)
        return _json(doc, {"Retry-After": "1", "Cache-Control": "no-store"})

    @blp.doc(operationId="delete_result")
    @blp.arguments(DeletionHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(204)
    @_errors(403, 404, 503)
    def delete(self, result_id: str, token: str | None = None) -> None:
        """Delete a submission and its result, with the token given at submission."""
        record = _record(result_id)
        if not submissions.can_delete(record, token):
            abort(
                403,
                message="X-Deletion-Token is missing or wrong.",
                errors={"headers": {"X-Deletion-Token": ["Missing or wrong."]}},
            )
        records.delete(FlaskRedis.client(current_app), record.id)


@blp.route("/results/<result_id>/events")
class ResultEvents(MethodView):
    @blp.doc(operationId="get_result_events")
    @blp.response(200, SSE_EVENT_SCHEMA, content_type="text/event-stream")
    @_errors(404, 503)
    def get(self, result_id: str) -> Response:
        """Server-Sent Events: each status change, ending with the final document."""
        record = _record(result_id)
        client = FlaskRedis.client(current_app)
        event_hub = events.hub(current_app)
        slot = event_hub.acquire(request.remote_addr or "-")
        if slot is None:
            abort(
                503,
                message="Too many open event streams; poll the result or retry later.",
                headers={"Retry-After": str(events.BUSY_RETRY_AFTER_SECONDS)},
            )

        def view(rec: records.Record) -> ResultDocument:
            return public_document(rec, attribution())  # ValueError: an error event

        settings = _settings()
        body = events.stream(
            event_hub,
            client,
            record,
            view,
            max_seconds=settings.sse_max_seconds,
            heartbeat_seconds=settings.sse_heartbeat_seconds,
        )
        # no stream_with_context: the stream reads no Flask globals, so it does not keep
        # the request's context (environ, request, app context) alive for its lifetime
        response = Response(
            body,
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        response.call_on_close(slot.release)  # type: ignore[union-attr]
        return response
