"""Marshmallow schemas of the catalog's regional pay: the ``region`` parameter and documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.pay import PAY_READINGS
from shared.regions import BY_CODE

REGION_FIELD_HELP = (
    "ISO 3166-2 code of a US state or territory (US-CA) or a Canadian province or territory "
    "(CA-ON); see GET /v1/regions."
)


def region_field() -> fields.String:
    """The ``region`` query parameter: a known ISO 3166-2 code, else a 422 naming it."""
    return fields.String(
        validate=validate.OneOf(
            list(BY_CODE), error="Unknown region {input!r}: use a code from GET /v1/regions."
        ),
        metadata={"description": REGION_FIELD_HELP},
    )


class RegionSchema(Schema):
    code = fields.String(required=True, metadata={"description": "ISO 3166-2 code."})
    name = fields.String(required=True)
    country = fields.String(required=True, metadata={"description": "US or CA."})
    kind = fields.String(metadata={"description": "state, district, territory or province."})
    currency = fields.String(required=True, metadata={"description": "USD or CAD."})
    unit = fields.String(
        required=True, metadata={"description": "year (BLS annual) or hour (Job Bank hourly)."}
    )
    source = fields.String(required=True)


class RegionListSchema(Schema):
    count = fields.Integer(required=True)
    items = fields.List(fields.Nested(RegionSchema), required=True)
    not_covered = fields.String(required=True)


class StateFiguresSchema(Schema):
    employment = fields.Integer(allow_none=True)
    pct10 = fields.Integer(allow_none=True)
    pct25 = fields.Integer(allow_none=True)
    median = fields.Integer(allow_none=True)
    pct75 = fields.Integer(allow_none=True)
    pct90 = fields.Integer(allow_none=True)
    hourly_median = fields.Float(
        allow_none=True, metadata={"description": "Hourly US$ median (BLS H_MEDIAN)."}
    )
    reading = fields.String(
        validate=validate.OneOf(PAY_READINGS),
        metadata={
            "description": "What the median is: figure; hourly_only (only an hourly median "
            "is published); top_coded (at least $239,200 a year); not_published."
        },
    )
    annual_equivalent = fields.Integer(
        allow_none=True,
        metadata={"description": "hourly_only: hourly_median x hours_per_year (2,080)."},
    )
    hours_per_year = fields.Integer()


class CanadaFiguresSchema(Schema):
    low = fields.Float(required=True, metadata={"description": "Hourly CAD."})
    median = fields.Float(required=True, metadata={"description": "Hourly CAD."})
    high = fields.Float(required=True, metadata={"description": "Hourly CAD."})
    nocs = fields.List(fields.String(), required=True)
    annual_median_estimate = fields.Integer(
        metadata={"description": "median x hours_per_year, an estimate."}
    )
    hours_per_year = fields.Integer()


class UsStatesPaySchema(Schema):
    source = fields.String(required=True)
    currency = fields.String(required=True)
    unit = fields.String(required=True)
    top_code = fields.Integer()
    hours_per_year = fields.Integer()
    note = fields.String()
    soc = fields.String(
        allow_none=True,
        metadata={
            "description": "The SOC code of the state rows: the career's own, else its "
            "national wage's group."
        },
    )
    states = fields.Dict(keys=fields.String(), values=fields.Nested(StateFiguresSchema))


class CanadaPaySchema(Schema):
    source = fields.String(required=True)
    currency = fields.String(required=True)
    unit = fields.String(required=True)
    hours_per_year = fields.Integer()
    nocs = fields.List(fields.String())
    rule = fields.String()
    national = fields.Nested(CanadaFiguresSchema, allow_none=True)
    provinces = fields.Dict(keys=fields.String(), values=fields.Nested(CanadaFiguresSchema))


class RegionalPaySchema(Schema):
    us_states = fields.Nested(UsStatesPaySchema, required=True)
    canada = fields.Nested(CanadaPaySchema, required=True)


class LocalPaySchema(Schema):
    """A career's pay in the requested region; ``figures`` is null when none is published."""

    region = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    currency = fields.String(required=True)
    unit = fields.String(required=True)
    figures = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(
            metadata={
                "anyOf": [
                    {"type": "number"},
                    {"type": "null"},
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}},
                ]
            }
        ),
        allow_none=True,
        metadata={
            "description": "US: employment, BLS percentiles by column (pct10 ... pct90), "
            "the hourly median, the median's reading and an hourly-only annual equivalent; "
            "Canada: low, median and high (hourly CAD), the NOC codes and the yearly estimate."
        },
    )
    source = fields.String(required=True)
    note = fields.String()
