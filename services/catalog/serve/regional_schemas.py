"""Marshmallow schemas of the catalog's regional pay: the ``region`` parameter and documents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.pay import PAY_READINGS
from shared.regions import BY_CODE

REGION_FIELD_HELP = (
    "ISO 3166-2 code of a US state or territory (US-CA) or a Canadian province or territory "
    "(CA-ON), or GB for the United Kingdom; see GET /v1/regions."
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
    country = fields.String(required=True, metadata={"description": "US, CA or GB."})
    kind = fields.String(
        metadata={"description": "state, district, territory, province or country (GB)."}
    )
    currency = fields.String(required=True, metadata={"description": "USD, CAD or GBP."})
    unit = fields.String(
        required=True,
        metadata={"description": "year (BLS, ONS annual) or hour (Job Bank hourly)."},
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


class UkFiguresSchema(Schema):
    pct10 = fields.Integer(allow_none=True)
    pct25 = fields.Integer(allow_none=True)
    median = fields.Integer(required=True)
    pct75 = fields.Integer(allow_none=True)
    pct90 = fields.Integer(allow_none=True)


class UkPaySchema(Schema):
    """A career's UK pay: its UK occupation group's ASHE figures, or why it has none."""

    source = fields.String(required=True)
    attribution = fields.String(required=True)
    currency = fields.String(required=True, metadata={"description": "GBP."})
    unit = fields.String(required=True, metadata={"description": "year."})
    note = fields.String()
    soc2020 = fields.String(
        allow_none=True,
        metadata={"description": "The UK SOC 2020 unit group; null: no confident UK figure."},
    )
    group_title = fields.String(allow_none=True)
    basis = fields.String(
        validate=validate.OneOf(["reviewed", "rule", "none", "suppressed"]),
        metadata={
            "description": "reviewed (by hand), rule (the mapping rule), none (no confident "
            "UK group), suppressed (ONS publishes no reliable median for the group)."
        },
    )
    why = fields.String(metadata={"description": "How the group was chosen, or why none."})
    figures = fields.Nested(
        UkFiguresSchema,
        allow_none=True,
        metadata={
            "description": "ONS ASHE 2024 provisional, full-time employees, annual gross pay "
            "in whole pounds; a percentile ONS does not publish reliably is null."
        },
    )
    text = fields.String(
        required=True,
        metadata={"description": "The figure with its source and UK group, or why none."},
    )


class RegionalPaySchema(Schema):
    us_states = fields.Nested(UsStatesPaySchema, required=True)
    canada = fields.Nested(CanadaPaySchema, required=True)
    uk = fields.Nested(UkPaySchema)


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
            "Canada: low, median and high (hourly CAD), the NOC codes and the yearly estimate; "
            "UK: pct10 ... pct90 (annual GBP, ONS ASHE) with soc2020 and group_title."
        },
    )
    source = fields.String(required=True)
    note = fields.String()
