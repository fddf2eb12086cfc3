"""Marshmallow schemas of the quiz service's requests and responses."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from services.quiz.variants import MAX_SET_ASIDE, WEIGHT_MAX
from shared import idempotency
from shared.contract.request import ONET_CODE_PATTERN, PREFERENCES, WEIGHT_PARTS
from shared.sites import SITE_KEY_PATTERN

#: More skipped items than any quiz has is no adaptive quiz's step.
MAX_SKIPPED = 200
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


class NextBodySchema(Schema):
    """``{"answers": {...}, "skipped": [...], "quiz_version": ...}``: an adaptive quiz's
    answers so far."""

    # the quiz's own answer rules check them (``Quiz.check_answers``), as for a submission
    answers = fields.Dict(
        required=True, metadata={"description": "The answers so far, by item id."}
    )
    skipped = fields.List(
        fields.String(),
        validate=validate.Length(max=MAX_SKIPPED),
        metadata={
            "description": "The optional items (place and limits) the person chose not to "
            "answer, so that they are not asked again."
        },
    )
    quiz_version = fields.String(
        metadata={
            "description": "The version of the quiz the answers were begun under (a "
            "previous one is accepted for a while); without one, the current."
        }
    )


#: A variant's preferences: each one given replaces the result's (null removes it); the
#: quiz version's answer rules check them (``services.quiz.variants``).
VariantPreferencesSchema = Schema.from_dict(
    {name: fields.Raw(allow_none=True) for name in PREFERENCES}, name="VariantPreferences"
)
#: A variant's weights: each one given replaces the result's.
VariantWeightsSchema = Schema.from_dict(
    {
        part: fields.Float(validate=validate.Range(0, WEIGHT_MAX), allow_nan=False)
        for part in WEIGHT_PARTS
    },
    name="VariantWeights",
)


class VariantBodySchema(Schema):
    """What a variant changes of a result (``shared.contract.request.VariantChanges``)."""

    preferences = fields.Nested(
        VariantPreferencesSchema,
        metadata={
            "description": "Answers to the quiz version's preference items, over the "
            "result's (null removes one): checked by the same rules as a submission's "
            "answers, together with the answers they do not change."
        },
    )
    weights = fields.Nested(
        VariantWeightsSchema,
        metadata={
            "description": f"Weights of the parts of the score, over the result's: 0 to "
            f"{WEIGHT_MAX:g} for each part the quiz version weighs (its definition's "
            "weights); a part it does not weigh stays 0; at least one above 0. Relative: "
            "the score is their weighted mean."
        },
    )
    set_aside = fields.List(
        fields.String(validate=validate.Regexp(ONET_CODE_PATTERN, error="Not an O*NET code.")),
        validate=validate.Length(max=MAX_SET_ASIDE),
        metadata={
            "description": 'The careers set aside ("not for me") by O*NET-SOC code, '
            "replacing the result's list ([] brings them all back); each must be one the "
            "result shows or has set aside. The next careers come up in their place."
        },
    )


class SubmissionQuerySchema(Schema):
    # the document names no site key (who the tenants are is nobody's business): a key of
    # the right form that is not registered is refused by the attribution, 422 naming it
    site = fields.String(
        validate=validate.Regexp(SITE_KEY_PATTERN, error="Not a site key."),
        metadata={
            "description": "The key of the site the submission is for, as the site was "
            "registered (lowercase letters, digits and hyphens). It needs the site's API key "
            "(Authorization: Bearer) or a browser at one of the site's origins; a key that is "
            "not registered is refused with 422."
        },
    )


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
