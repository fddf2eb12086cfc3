"""Marshmallow schemas of the quiz service's requests and responses."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from shared import idempotency

SITE_KEY_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
_KEY = validate.Regexp(r"^[\x21-\x7e]{1,255}$", error="Must be 1-255 printable ASCII characters.")


class QuizSummarySchema(Schema):
    id = fields.String(required=True)
    version = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    estimated_minutes = fields.Integer(required=True)
    items = fields.Integer(required=True)


class QuizListSchema(Schema):
    quizzes = fields.List(fields.Nested(QuizSummarySchema), required=True)


class SubmissionBodySchema(Schema):
    """``{"answers": {"<item id>": <value>, ...}, "quiz_version": ...}``: the envelope."""

    # each quiz version checks the items itself (``Quiz.check_answers``), and each quiz's
    # operation documents them (``services.quiz.openapi.submission_doc``)
    answers = fields.Dict(required=True)
    quiz_version = fields.String()


class SubmissionQuerySchema(Schema):
    site = fields.String(validate=validate.Regexp(SITE_KEY_PATTERN))

    @classmethod
    def for_sites(cls, keys: list[str]) -> type[Schema]:
        """The query of a service whose registered sites are ``keys`` (documented as such;
        an unknown key is refused by the attribution, naming the site)."""
        site = fields.String(validate=validate.Regexp(SITE_KEY_PATTERN), metadata={"enum": keys})
        return cls.from_dict({"site": site}, name="SubmissionQuery")


class IdempotencyKeyField(fields.UUID):
    """A random UUID (version 4 or 7), so that no other client can guess it."""

    default_error_messages = {"invalid_uuid": "Must be a random UUID (version 4 or 7)."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> uuid.UUID:
        if not isinstance(value, str):
            raise self.make_error("invalid_uuid")
        try:
            return idempotency.parse_key(value)
        except idempotency.InvalidKey:
            raise self.make_error("invalid_uuid") from None


class IdempotencyHeaderSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    idempotency_key = IdempotencyKeyField(
        data_key="Idempotency-Key",
        metadata={
            "description": "A random UUID (version 4 or 7) the client makes once per "
            "submission and sends again on every retry of it.",
            "pattern": idempotency.KEY_PATTERN,
        },
    )


class DeletionHeaderSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    token = fields.String(data_key="X-Deletion-Token", validate=_KEY)
