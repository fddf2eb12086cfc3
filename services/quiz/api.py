"""HTTP views of the quiz service: quizzes, submissions, results and their event streams."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from flask import Response, current_app, request
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import ValidationError

from services.quiz import definition, events, extensions, metrics, sites, submissions, variants
from services.quiz.answers import AnswersRefused
from services.quiz.openapi import RESULT_LINKS, add_quiz_route, reference, submission_doc
from services.quiz.quizzes import Quiz, accepted_versions, resolve_version
from services.quiz.ratelimits import SUBMISSIONS_BLUEPRINT
from services.quiz.schemas import (
    DeletionHeaderSchema,
    IdempotencyHeaderSchema,
    QuizListSchema,
    SubmissionBodySchema,
    SubmissionQuerySchema,
    VariantBodySchema,
)
from shared import idempotency, records
from shared.attribution import attribution
from shared.contract.codec import encode
from shared.contract.request import SubmissionRequest
from shared.contract.result import (
    AcceptedSubmission,
    ResultDocument,
    Status,
    links_for,
    public_document,
)
from shared.ids import is_valid_id

log = logging.getLogger(__name__)

blp = Blueprint("quiz", __name__, url_prefix="/v1", description="Quizzes, submissions, results.")

#: What each error status means here; every operation documents the ones it can answer.
ERRORS = {
    400: "The body is not JSON, or nests too deep, or holds a number too long.",
    401: "The Authorization header holds no API key of any site.",
    403: "Not allowed: a site claimed without its Origin or API key, or a wrong deletion token.",
    404: "No such quiz or result (unknown, expired or deleted).",
    409: "The Idempotency-Key was used before with another body (or, for a variant, the "
    "result is not done yet and careers cannot be set aside).",
    410: "Gone: the Idempotency-Key's submission was deleted (it stays deleted), or the "
    "result's quiz version is no longer served.",
    413: "The body is larger than the service accepts.",
    422: "Invalid input, each field named: answers, the Idempotency-Key, or a site key that "
    "is not registered.",
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
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": reference(ResultDocument),
        },
        "retry": {"type": "integer"},
    },
}


#: The headers of a 202: where the result is, and when to look.
ACCEPTED_HEADERS = {
    "Location": {"schema": {"type": "string"}, "description": "The result to poll."},
    "Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."},
}


def _errors(*codes: int) -> Any:
    """Document the JSON error responses ``codes`` of an operation."""

    def decorate(view: Any) -> Any:
        for code in codes:
            view = blp.alt_response(code, schema=ErrorSchema, description=ERRORS[code])(view)
        return view

    return decorate


def _quiz(quiz_id: str) -> Quiz:
    quiz: Quiz | None = extensions.quizzes().get(quiz_id)
    if quiz is None:
        abort(404, message=f"No quiz with id {quiz_id!r}.")
    return quiz  # type: ignore[return-value]


def _record(result_id: str) -> records.Record:
    record = None
    if is_valid_id(result_id):
        try:
            record = records.load(extensions.redis_client(), result_id)
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


def _json(
    doc: Mapping[str, Any], headers: dict[str, str] | None = None, status: int = 200
) -> Response:
    """``doc`` (typed as the response the view declares) as the body, encoded once."""
    return Response(encode(doc), status=status, mimetype="application/json", headers=headers)


@blp.route("/quizzes")
class Quizzes(MethodView):
    @blp.doc(operationId="list_quizzes")
    @blp.response(200, QuizListSchema)
    @_errors(503)
    def get(self) -> dict[str, Any]:
        """The quizzes a person can take."""
        quizzes = extensions.quizzes().values()
        return {"quizzes": [quiz.summary() for quiz in quizzes]}


@blp.route("/quizzes/<quiz_id>")
class QuizDefinition(MethodView):
    @blp.doc(operationId="get_quiz")
    @blp.response(200, reference(definition.QuizDefinition))
    @_errors(404)
    def get(self, quiz_id: str) -> Response:
        """A quiz's current version: sections, items, scales."""
        return _json(_quiz(quiz_id).definition)


class Submissions(MethodView):
    """A quiz's submissions; routed once per quiz by :func:`submissions_blueprint`."""

    @blp.arguments(SubmissionBodySchema)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(202, reference(AcceptedSubmission), headers=ACCEPTED_HEADERS)
    @_errors(400, 401, 403, 404, 409, 410, 413, 422, 429, 503)
    def post(
        self,
        body: dict[str, Any],
        quiz_id: str,
        site: str | None = None,
        idempotency_key: uuid.UUID | None = None,
    ) -> Response:
        """Submit answers; the result is computed in the background.

        Answers an accepted submission with 202, a ``Location`` to poll and ``Retry-After``.
        """
        quiz = answered_version(_quiz(quiz_id), body.get("quiz_version"))
        answers = _checked_answers(quiz, body["answers"])
        return _submit(quiz, answers, site, idempotency_key)


def _submit(
    quiz: Quiz,
    answers: dict[str, float | str],
    site: str | None,
    idempotency_key: uuid.UUID | None,
    variant: variants.Variant | None = None,
) -> Response:
    """Store checked answers (of a submission or a variant) and send them to the matcher:
    202; 409 for a key used with another body, 410 for a key whose submission was deleted."""
    attribution = _attribution(site)
    try:
        accepted = submissions.submit(
            extensions.redis_client(),
            extensions.celery(),
            extensions.settings(),
            quiz,
            answers,
            attribution=attribution.as_record(),
            idempotency_key=idempotency_key,
            variant=variant,
        )
    except idempotency.Conflict as exc:
        abort(409, message=str(exc), errors={"headers": {"Idempotency-Key": [str(exc)]}})
    except submissions.Deleted as exc:
        abort(410, message=str(exc), errors={"headers": {"Idempotency-Key": [str(exc)]}})
    metrics.count_submission(current_app, quiz.id, accepted.fresh)
    return _accepted(accepted)


def _accepted(accepted: submissions.Accepted) -> Response:
    """The 202 answer to an accepted submission or variant: where to poll, and when."""
    doc: AcceptedSubmission = {
        "id": accepted.id,
        "status": cast(Status, accepted.status),
        "quiz_id": accepted.header["quiz_id"],
        "quiz_version": accepted.header["quiz_version"],
        "created_at": accepted.header["created_at"],
        "links": links_for(accepted.id),
        "deletion_token": accepted.deletion_token,
    }
    if "variant_of" in accepted.header:
        doc["variant_of"] = accepted.header["variant_of"]
        doc["changes"] = accepted.header.get("changes", {})
    location = {"Location": doc["links"]["result"], "Retry-After": "1"}
    return _json(doc, location, status=202)


def answered_version(current: Quiz, version: str | None) -> Quiz:
    """The version of ``current`` the answers were given to (a submission's or an adaptive
    step's ``quiz_version``); 422 naming ``quiz_version`` for one not accepted today."""
    try:
        return resolve_version(
            current, extensions.previous_quizzes(), version, datetime.now(UTC).date()
        )
    except ValidationError as exc:
        abort(
            422,
            message="quiz_version: " + " ".join(str(m) for m in exc.messages),
            errors={"json": {"quiz_version": exc.messages}},
        )
        raise  # unreachable: abort raises


def _checked_answers(quiz: Quiz, answers: Any) -> dict[str, float | str]:
    """The answers as the quiz's rules read them; 422 naming every wrong item."""
    try:
        return quiz.check_answers(answers)
    except AnswersRefused as exc:
        abort(
            422,
            message="Some answers are missing or invalid.",
            errors={"json": {"answers": exc.errors}},
        )
        raise  # unreachable: abort raises


def _attribution(site: str | None) -> sites.Attribution:
    """Which site the submission is for, as the request shows it; 401/403/422 if it cannot."""
    try:
        return sites.attribute(
            current_app,
            site,
            origin=request.headers.get("Origin"),
            authorization=request.headers.get("Authorization"),
            own_origin=sites.own_origin(current_app),
        )
    except sites.NotAttributable as exc:
        abort(exc.status, message=exc.message, errors=exc.errors)
        raise  # unreachable: abort raises


class Variants(MethodView):
    """A result's variants: its answers scored again with only what changes."""

    @blp.doc(
        operationId="create_variant",
        responses={202: {"links": RESULT_LINKS}},
        description="Score a result's answers again with other preferences, weights or "
        "careers set aside, without retaking the quiz. The body holds only the changes. "
        "The variant is a result of its own (own id, link and deletion token) naming the "
        "result it came from (`variant_of`) and what changed (`changes`); deleting either "
        "leaves the other. Counted by the rate limits and sent to webhooks like any "
        "submission. 409: careers can be set aside only once the result is done.",
    )
    @blp.arguments(VariantBodySchema)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(202, reference(AcceptedSubmission), headers=ACCEPTED_HEADERS)
    @_errors(400, 401, 403, 404, 409, 410, 413, 422, 429, 503)
    def post(
        self,
        body: dict[str, Any],
        result_id: str,
        site: str | None = None,
        idempotency_key: uuid.UUID | None = None,
    ) -> Response:
        """Make a variant of a result: the same answers with changed limits or weights."""
        record = _record(result_id)
        quiz, origin = _origin(record)
        result = None
        # only a set-aside needs the origin's careers: the rest never decodes its result
        if "set_aside" in body and record.status == "done":
            try:
                result = record.result
            except ValueError:  # a result off the contract: its careers cannot be set aside
                result = None
        try:
            variant = variants.derive(quiz, origin, result, cast(Any, body))
        except variants.VariantRefused as exc:
            abort(exc.status, message="Some changes are invalid.", errors={"json": exc.errors})
        return _submit(quiz, variant.answers, site, idempotency_key, variant)


def _origin(record: records.Record) -> tuple[Quiz, SubmissionRequest]:
    """The quiz version a result answered, and its request; 404 or 410 when there is none."""
    try:
        origin = record.request
    except ValueError:  # a corrupt record: no result, as for the other views
        abort(404, message="No result with this id; it may have expired or been deleted.")
        raise  # unreachable: abort raises
    quiz = variants.quiz_of(record.header, extensions.quizzes(), extensions.previous_quizzes())
    if quiz is None:
        abort(410, message="This result's quiz version is no longer served; retake it.")
    return quiz, origin  # type: ignore[return-value]


def submissions_blueprint(quizzes: Iterable[Quiz], previous: Iterable[Quiz]) -> Blueprint:
    """One submission operation per quiz, each documented with that quiz's answers and the
    versions it accepts today; and the variants of a result (counted by the rate limits as
    submissions)."""
    routes = Blueprint(
        SUBMISSIONS_BLUEPRINT, __name__, url_prefix="/v1", description="Submissions."
    )
    query = SubmissionQuerySchema
    today = datetime.now(UTC).date()
    previous = list(previous)
    variant = routes.arguments(query, location="query", as_kwargs=True)(Variants.post)
    routes.add_url_rule(
        "/results/<result_id>/variants",
        view_func=type("CreateVariant", (Variants,), {"post": variant}),
        endpoint="variants",
        tags=["quiz"],
    )
    for quiz in quizzes:
        accepted = accepted_versions(quiz, previous, today)
        post = routes.arguments(query, location="query", as_kwargs=True)(Submissions.post)
        path, endpoint = f"/quizzes/{quiz.id}/submissions", f"submit_{quiz.id}"
        doc = submission_doc(quiz, accepted)
        add_quiz_route(routes, Submissions, post, quiz.id, path, endpoint, doc)
    return routes


def unknown_quiz_submission(quiz_id: str) -> ResponseReturnValue:
    """``POST /v1/quizzes/<unknown>/submissions``: no such quiz (routed, not documented)."""
    abort(404, message=f"No quiz with id {quiz_id!r}.")
    raise  # unreachable: abort raises


@blp.route("/results/<result_id>")
class Result(MethodView):
    @blp.doc(operationId="get_result")
    @blp.response(200, reference(ResultDocument))
    @_errors(404, 503)
    def get(self, result_id: str) -> Response:
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
        submissions.delete(extensions.redis_client(), extensions.settings(), record.id)


@blp.route("/results/<result_id>/events")
class ResultEvents(MethodView):
    @blp.doc(operationId="get_result_events")
    @blp.response(200, SSE_EVENT_SCHEMA, content_type="text/event-stream")
    @_errors(404, 503)
    def get(self, result_id: str) -> Response:
        """Server-Sent Events: each status change, ending with the final document."""
        record = _record(result_id)
        client = extensions.redis_client()
        event_hub = extensions.event_hub()
        slot = event_hub.acquire(request.remote_addr or "-")
        if slot is None:
            abort(
                503,
                message="Too many open event streams; poll the result or retry later.",
                headers={"Retry-After": str(events.BUSY_RETRY_AFTER_SECONDS)},
            )

        def view(rec: records.Record) -> ResultDocument:
            return public_document(rec, attribution())  # ValueError: an error event

        settings = extensions.settings()
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
