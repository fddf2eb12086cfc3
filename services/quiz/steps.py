"""The adaptive quiz over HTTP: ``POST /v1/quizzes/{quiz_id}/next``, stateless steps.

Each step reads the same catalog snapshot the matcher scores with, through the matcher's
own client (held in memory, re-validated, kept while the catalog is down, or read from the
copy in Redis); the prior of each quiz is made once per snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from flask import Flask, Response
from flask.typing import ResponseReturnValue
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema

from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from services.matcher.catalog_client import CatalogClient, CatalogUnavailable
from services.quiz import adaptive, extensions
from services.quiz.answers import AnswersRefused
from services.quiz.api import answered_version
from services.quiz.definition import NextStep
from services.quiz.openapi import add_quiz_route, next_doc, reference
from services.quiz.quizzes import Quiz, accepted_versions
from services.quiz.schemas import MAX_SKIPPED, NextBodySchema
from shared.contract.codec import encode
from shared.web import extension

NAME = "adaptive_steps"
#: A step without a snapshot asks the client to come back after this many seconds.
RETRY_AFTER_SECONDS = 5
NOT_ADAPTIVE = "{!r} asks every item in its own order; only an adaptive quiz has steps."

#: The decorators' blueprint: each adaptive quiz's operation is routed by ``next_blueprint``.
blp = Blueprint("adaptive_docs", __name__, url_prefix="/v1")


class Steps:
    """The catalog snapshot and each adaptive quiz's prior for it (``init_app``)."""

    def __init__(self, client: CatalogClient) -> None:
        self.client = client
        self.priors: dict[tuple[str, str], adaptive.Prior] = {}

    def init_app(self, app: Flask) -> None:
        app.extensions[NAME] = self

    def catalog(self) -> CatalogArrays:
        """The snapshot the matcher scores with; ``CatalogUnavailable`` if none was ever had."""
        return cast(CatalogArrays, self.client.get())

    def prior(self, quiz: Quiz, catalog: CatalogArrays) -> adaptive.Prior:
        """``quiz``'s prior for ``catalog``, made once per snapshot."""
        key = (quiz.id, quiz.version)
        found = self.priors.get(key)
        if found is None or found.version != catalog.version:
            found = adaptive.make_prior(quiz.scoring_items(), quiz.weights, catalog)
            self.priors[key] = found
        return found


def init_app(app: Flask) -> None:
    """Hold the catalog client (made now, first fetched on the first step)."""
    settings = extensions.settings(app)
    client = CatalogClient(
        settings.catalog_url,
        extensions.redis_client(app),
        catalog_arrays,
        timeout=settings.catalog_timeout,
        copy_ttl=settings.snapshot_ttl,
    )
    Steps(client).init_app(app)


def steps(app: Flask | None = None) -> Steps:
    return cast(Steps, extension(NAME, app))


class NextItem(MethodView):
    """An adaptive quiz's steps; routed once per adaptive quiz by :func:`next_blueprint`."""

    @blp.arguments(NextBodySchema)
    @blp.response(200, reference(NextStep))
    @blp.alt_response(
        503, schema=ErrorSchema, description="No catalog snapshot yet; see Retry-After."
    )
    def post(self, body: dict[str, Any], quiz_id: str) -> Any:
        """The next question of an adaptive quiz given the answers so far, or done.

        Keeps nothing between steps: send every answer so far (and the optional items
        skipped) each time. Answers are checked as a submission's are, except that any may
        be missing. When done, submit the answers to the quiz's submissions (naming the
        same ``quiz_version``, if any).
        """
        quiz = answered_version(_adaptive_quiz(quiz_id), body.get("quiz_version"))
        try:
            answers = quiz.check_answers(body["answers"], started=True)
        except AnswersRefused as exc:
            abort(
                422, message="Some answers are invalid.", errors={"json": {"answers": exc.errors}}
            )
        skipped = _skipped(quiz, body.get("skipped", []))
        catalog = _catalog()
        step = adaptive.next_step(steps().prior(quiz, catalog), catalog, answers, skipped)
        doc: NextStep = {"done": step.done, "asked": step.asked, "stability": step.stability}
        if step.item is not None:
            doc["item"] = quiz.items[step.item]  # type: ignore[typeddict-item]
            doc["left_estimate"] = step.left_estimate
        return _json(doc)


def next_blueprint(quizzes: Iterable[Quiz], previous: Iterable[Quiz]) -> Blueprint:
    """One ``next`` operation per adaptive quiz, each documented with that quiz's answers,
    the optional items it lets a person skip, and the versions it accepts today."""
    routes = Blueprint(NAME, __name__, url_prefix="/v1", description="Adaptive quiz steps.")
    today = datetime.now(UTC).date()
    previous = list(previous)
    for quiz in quizzes:
        if not quiz.adaptive:
            continue
        doc = next_doc(quiz, accepted_versions(quiz, previous, today), MAX_SKIPPED)
        path, endpoint = f"/quizzes/{quiz.id}/next", f"next_{quiz.id}"
        add_quiz_route(routes, NextItem, NextItem.post, quiz.id, path, endpoint, doc)
    return routes


def no_steps(quiz_id: str) -> ResponseReturnValue:
    """``POST /v1/quizzes/<quiz_id>/next`` of a quiz without steps (routed, not documented):
    404 for no such quiz, 409 for one that asks every item. Every adaptive quiz has its own
    route (``next_blueprint``)."""
    _adaptive_quiz(quiz_id)
    abort(404, message=f"No quiz with id {quiz_id!r}.")
    raise  # unreachable: abort raises


def _adaptive_quiz(quiz_id: str) -> Quiz:
    """The adaptive quiz ``quiz_id``: 404 for no quiz, 409 for one that is not adaptive."""
    quiz = extensions.quizzes().get(quiz_id)
    if quiz is None:
        abort(404, message=f"No quiz with id {quiz_id!r}.")
    if not quiz.adaptive:  # type: ignore[union-attr]
        abort(409, message=NOT_ADAPTIVE.format(quiz_id))
    return quiz  # type: ignore[return-value]


def _catalog() -> CatalogArrays:
    """The snapshot; 503 with Retry-After when none was ever fetched (nor copied)."""
    try:
        return steps().catalog()
    except CatalogUnavailable:
        abort(
            503,
            message="The career data is not available yet; try again shortly.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        raise  # unreachable: abort raises


def _skipped(quiz: Quiz, skipped: Sequence[str]) -> list[str]:
    """The optional items skipped; 422 naming ``skipped`` for any other."""
    wrong = [i for i in skipped if i not in quiz.items or quiz.items[i]["type"] == "scale"]
    if wrong:
        # shown as escapes where not valid UTF-8 (a lone surrogate), so the answer encodes
        named = ", ".join(repr(i.encode("utf-8", "backslashreplace").decode()) for i in wrong)
        why = f"Only the quiz's optional items (place and limits) can be skipped, not {named}."
        abort(422, message=f"skipped: {why}", errors={"json": {"skipped": [why]}})
    return list(skipped)


def _json(doc: NextStep) -> Response:
    return Response(encode(doc), mimetype="application/json", headers={"Cache-Control": "no-store"})
