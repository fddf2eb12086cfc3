"""The query arguments the catalog API takes, as marshmallow schemas (unknown ones are a 422)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from services.catalog.serve.regional_schemas import region_field

RIASEC = "RIASEC"
MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


def validate_interest(value: str) -> None:
    """One to three distinct RIASEC letters, in any case (``I``, ``ir``, ``SEC``)."""
    letters = value.upper()
    if not 1 <= len(letters) <= 3 or any(ch not in RIASEC for ch in letters):
        raise ValidationError("Use one to three of the RIASEC letters R, I, A, S, E, C.")
    if len(set(letters)) != len(letters):
        raise ValidationError("Each RIASEC letter may appear once.")


class _Query(Schema):
    """Query arguments; a parameter the endpoint does not know is a 422 that names it."""

    class Meta:
        unknown = RAISE


class NoQuerySchema(_Query):
    """An endpoint that takes no query parameters."""


def _page_fields(default: int = 20) -> dict[str, fields.Integer]:
    return {
        "page": fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE)),
        "per_page": fields.Integer(load_default=default, validate=validate.Range(1, MAX_PER_PAGE)),
    }


class CareerQuerySchema(_Query):
    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_LENGTH),
        metadata={"description": "Words of a job title, or the start of an O*NET-SOC code."},
    )
    job_zone = fields.Integer(
        validate=validate.Range(1, 5), metadata={"description": "O*NET Job Zone, 1-5."}
    )
    interest = fields.String(
        validate=validate_interest,
        metadata={
            "description": "One to three distinct RIASEC letters (any case) that the career's "
            "high-point code starts with, e.g. I or IR.",
            # what validate_interest accepts, exactly
            "pattern": "^[RIASECriasec]{1,3}$",
            "not": {"pattern": "|".join(f"[{c}{c.lower()}].*[{c}{c.lower()}]" for c in RIASEC)},
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))
    region = region_field()


class CareerDetailQuerySchema(_Query):
    region = region_field()


class SkillQuerySchema(_Query.from_dict(_page_fields(50))):  # type: ignore[misc]
    min_importance = fields.Float(
        load_default=3.0,
        validate=validate.Range(1, 5),
        metadata={"description": "Least O*NET importance (1-5) for a career to need the skill."},
    )
    region = region_field()


class SkillListQuerySchema(_Query):
    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_LENGTH),
        metadata={"description": "Words of the skill's name (typos tolerated)."},
    )


class TechnologyQuerySchema(_Query.from_dict(_page_fields(50))):  # type: ignore[misc]
    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_LENGTH),
        metadata={"description": "Words of the technology's name (typos tolerated)."},
    )
    hot = fields.Boolean(metadata={"description": "Only (or never) O*NET hot technologies."})
    in_demand = fields.Boolean(
        metadata={"description": "Only (or never) technologies in demand for some career."}
    )
    min_careers = fields.Integer(
        load_default=1,
        validate=validate.Range(1, 10_000),
        metadata={"description": "Least number of careers listing the technology."},
    )


class TechnologyDetailQuerySchema(_Query.from_dict(_page_fields(50))):  # type: ignore[misc]
    """Pages of the careers that list the technology."""


class SearchQuerySchema(_Query.from_dict(_page_fields(20))):  # type: ignore[misc]
    q = fields.String(required=True, validate=validate.Length(min=1, max=MAX_QUERY_LENGTH))
    kind = fields.String(
        validate=validate.OneOf(["career", "technology", "skill", "field"]),
        metadata={"description": "Only results of this kind."},
    )
