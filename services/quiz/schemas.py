"""Marshmallow schemas of the quiz service's requests and responses."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from shared import idempotency
from shared.contract.result import STATUSES

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


class QuizDefinitionSchema(Schema):
    """A quiz definition as described in DESIGN.md (sections of items, scales, version)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True)
    version = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String()
    estimated_minutes = fields.Integer(required=True)
    weights = fields.Dict(keys=fields.String(), values=fields.Float())
    scales = fields.Dict(keys=fields.String(), values=fields.Raw())
    sections = fields.List(fields.Raw(), required=True)


class SubmissionBodySchema(Schema):
    """``{"answers": {"<item id>": <value>, ...}}``; the answers are checked per quiz version."""

    # a JSON object's keys are strings already, and each quiz version checks the items
    # itself (``Quiz.validate_answers``): typing keys and values here would only cost time
    answers = fields.Dict(required=True)
    quiz_version = fields.String(
        metadata={
            "description": "The version the answers were given to (default: the current "
            "one). A previous version is accepted for 30 days after it was replaced."
        }
    )


class SubmissionQuerySchema(Schema):
    site = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,64}$"))


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


class LinksSchema(Schema):
    result = fields.String(required=True)
    events = fields.String(required=True)


class AcceptedSchema(Schema):
    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    quiz_id = fields.String(required=True)
    quiz_version = fields.String(required=True)
    created_at = fields.String(required=True)
    links = fields.Nested(LinksSchema, required=True)
    deletion_token = fields.String(
        required=True, metadata={"description": "Send as X-Deletion-Token to DELETE the result."}
    )


class AttributionSchema(Schema):
    """The credits shown with every result (``shared.attribution``)."""

    onet = fields.String()
    modifications = fields.String()
    bls = fields.String()
    career_clusters = fields.String()
    license_urls = fields.List(fields.String())


class ResultSchema(Schema):
    """A submission's state; with ``done`` it holds the profile, matches and skills."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    quiz_id = fields.String(required=True)
    quiz_version = fields.String(required=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(allow_none=True)
    started_at = fields.String(allow_none=True)
    completed_at = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    links = fields.Nested(LinksSchema, required=True)
    attribution = fields.Nested(AttributionSchema)
    catalog_version = fields.String()
    intro = fields.String()
    profile = fields.Raw()
    matches = fields.List(fields.Raw())
    beyond_limits = fields.Raw()
    suggested_skills = fields.List(fields.Raw())
    place = fields.Raw(
        metadata={"description": "Where the person said they live (location item), if they did."}
    )
