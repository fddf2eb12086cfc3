"""HTTP views of the quiz service: quizzes, submissions, results and their event streams."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint, abort
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
from shared import records
from shared.ids import is_valid_id
from shared.redis import FlaskRedis
from shared.settings import Settings

blp = Blueprint("quiz", __name__, url_prefix="/v1", description="Quizzes, submissions, results.")


def _settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def _quiz(quiz_id: str) -> Quiz:
    quiz: Quiz | None = current_app.extensions["quizzes"].get(quiz_id)
    if quiz is None:
        abort(404, message=f"No quiz with id {quiz_id!r}.")
    return quiz  # type: ignore[return-value]


def _links(submission_id: str) -> dict[str, str]:
    return records.links_for(submission_id)


def _record(result_id: str) -> records.Record:
    record = None
    if is_valid_id(result_id):
        record = records.load(FlaskRedis.client(current_app), result_id)
    if record is None:
        abort(404, message="No result with this id; it may have expired or been deleted.")
    return record  # type: ignore[return-value]


@blp.route("/quizzes")
class Quizzes(MethodView):
    @blp.response(200, QuizListSchema)
    def get(self) -> dict[str, Any]:
        """The quizzes a person can take."""
        quizzes = current_app.extensions["quizzes"].values()
        return {"quizzes": [quiz.summary() for quiz in quizzes]}


@blp.route("/quizzes/<quiz_id>")
class QuizDefinition(MethodView):
    @blp.response(200, QuizDefinitionSchema)
    def get(self, quiz_id: str) -> dict[str, Any]:
        """A quiz's current version: sections, items, scales."""
        return _quiz(quiz_id).definition


@blp.route("/quizzes/<quiz_id>/submissions")
class Submissions(MethodView):
    @blp.arguments(SubmissionBodySchema)
    @blp.arguments(SubmissionQuerySchema, location="query", as_kwargs=True)
    @blp.arguments(IdempotencyHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(202, AcceptedSchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.alt_response(409, description="Idempotency-Key reused with another body.")
    @blp.alt_response(503, description="Storage briefly unavailable; retry after Retry-After.")
    def post(
        self,
        body: dict[str, Any],
        quiz_id: str,
        site: str | None = None,
        idempotency_key: str | None = None,
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
        site_config = None
        if site is not None:
            site_config = sites.get_site(current_app, site)
            if site_config is None:
                abort(
                    422,
                    message=f"Unknown site key {site!r}.",
                    errors={"query": {"site": ["Not a registered site key."]}},
                )
        webhook = None
        if site_config is not None and site_config.webhook_url:
            webhook = {"url": site_config.webhook_url, "secret": site_config.webhook_secret}
        try:
            accepted = submissions.submit(
                FlaskRedis.client(current_app),
                current_app.extensions["celery"],
                _settings(),
                quiz,
                answers,
                site=site,
                webhook=webhook,
                idempotency_key=idempotency_key,
            )
        except records.Conflict as exc:
            abort(409, message=str(exc), errors={"headers": {"Idempotency-Key": [str(exc)]}})
        metrics.count_submission(current_app, quiz.id, accepted.fresh)
        links = _links(accepted.id)
        doc = {
            "id": accepted.id,
            "status": accepted.status,
            "quiz_id": accepted.request["quiz_id"],
            "quiz_version": accepted.request["quiz_version"],
            "created_at": accepted.request["created_at"],
            "links": links,
            "deletion_token": accepted.deletion_token,
        }
        return doc, 202, {"Location": links["result"], "Retry-After": "1"}


@blp.route("/results/<result_id>")
class Result(MethodView):
    @blp.response(200, ResultSchema)
    def get(self, result_id: str) -> Any:
        """A submission's status, and its result once done."""
        record = _record(result_id)
        doc = records.public_document(record, links=_links(record.id))
        if records.is_final(record.status):
            return doc
        return doc, 200, {"Retry-After": "1", "Cache-Control": "no-store"}

    @blp.arguments(DeletionHeaderSchema, location="headers", as_kwargs=True)
    @blp.response(204)
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
    @blp.response(200, content_type="text/event-stream")
    def get(self, result_id: str) -> Response:
        """Server-Sent Events: each status change, ending with the final document."""
        record = _record(result_id)
        client = FlaskRedis.client(current_app)

        def view(rec: records.Record) -> dict[str, Any]:
            return records.public_document(rec, links=links)

        links = _links(record.id)
        body = events.stream(client, record, view, max_seconds=_settings().sse_max_seconds)
        return Response(
            stream_with_context(body),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
