"""The wire contract between services: the catalog snapshot, the submission record, the result.

Everything here is JSON. The quiz service writes submission records and reads result
documents; the matcher reads submission records and writes result documents; the catalog
serves the snapshot the matcher scores against. Marshmallow schemas describe and validate
each document at the boundary where it is produced.

Catalog snapshot (``GET /v1/catalog/snapshot``), columnar so that it loads straight into
arrays; row ``i`` of every list under ``careers`` is the same career, ordered by code::

    {
      "version": "29.3-2024.05-<12 hex of the dataset's sha256>",
      "interest_areas": ["R", "I", "A", "S", "E", "C"],
      "work_values": [{"id": "1.B.2.a", "name": "Achievement"}, ...],        # 6, O*NET order
      "skills": [{"id": "2.A.1.a", "name": "Reading Comprehension"}, ...],    # 35, O*NET order
      "technologies": [{"name": "Python", "hot": true}, ...],                  # sorted by name
      "careers": {
        "code": ["11-1011.00", ...],
        "title": ["Chief Executives", ...],
        "job_zone": [5, ...],                     # 1-5, or null
        "median_wage": [206420, ...],             # annual US$, or null when BLS has none
        "wage_top_coded": [false, ...],           # true: BLS '#', median is >= 239200
        "interests": [[R, I, A, S, E, C], ...],   # OI 1-7
        "high_point": ["EC", ...],                # IH first-to-third letters ("" if none)
        "wage_soc": ["11-1011", ...],             # OEWS SOC code of the wage, or null
        "wage_title": ["Chief Executives", ...],  # OEWS title of that code, or null
        "wage_scope": ["own", ...],               # own | group | broad, or null
        "values": [[6 x EX 1-7] | null, ...],     # Work Values extent, in work_values order
        "skill_level": [[35 x LV 0-7] | null, ...],
        "skill_importance": [[35 x IM 1-5] | null, ...],
        "technologies": [[[tech index, in_demand 0|1], ...], ...]
      },
      "regional": {                               # optional: absent when not built
        "version": "<12 hex of regional.json's sha256>",
        "hours_per_year": 1950,                   # assumed for a yearly CAD estimate
        "median": {                               # same row order as careers
          "US-CA": [140330 | null, ...],          # annual US$, BLS OEWS May 2024 state;
                                                  # null: not published or >= 239200
          "CA": [42.0 | null, ...],               # hourly CAD, Job Bank 2024, Canada-wide
          "CA-ON": [40.0 | null, ...],            # hourly CAD, one province or territory
          ...                                     # every code of shared.regions.REGIONS
        }
      }
    }
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from shared.regions import LOCATION_PREFERENCES

INTEREST_AREAS = ("R", "I", "A", "S", "E", "C")
INTEREST_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
WORK_VALUES = (
    "Achievement",
    "Working Conditions",
    "Recognition",
    "Relationships",
    "Support",
    "Independence",
)
#: The 35 O*NET skills (Content Model element id, name), in O*NET's order.
ONET_SKILLS = (
    ("2.A.1.a", "Reading Comprehension"),
    ("2.A.1.b", "Active Listening"),
    ("2.A.1.c", "Writing"),
    ("2.A.1.d", "Speaking"),
    ("2.A.1.e", "Mathematics"),
    ("2.A.1.f", "Science"),
    ("2.A.2.a", "Critical Thinking"),
    ("2.A.2.b", "Active Learning"),
    ("2.A.2.c", "Learning Strategies"),
    ("2.A.2.d", "Monitoring"),
    ("2.B.1.a", "Social Perceptiveness"),
    ("2.B.1.b", "Coordination"),
    ("2.B.1.c", "Persuasion"),
    ("2.B.1.d", "Negotiation"),
    ("2.B.1.e", "Instructing"),
    ("2.B.1.f", "Service Orientation"),
    ("2.B.2.i", "Complex Problem Solving"),
    ("2.B.3.a", "Operations Analysis"),
    ("2.B.3.b", "Technology Design"),
    ("2.B.3.c", "Equipment Selection"),
    ("2.B.3.d", "Installation"),
    ("2.B.3.e", "Programming"),
    ("2.B.3.g", "Operations Monitoring"),
    ("2.B.3.h", "Operation and Control"),
    ("2.B.3.j", "Equipment Maintenance"),
    ("2.B.3.k", "Troubleshooting"),
    ("2.B.3.l", "Repairing"),
    ("2.B.3.m", "Quality Control Analysis"),
    ("2.B.4.e", "Judgment and Decision Making"),
    ("2.B.4.g", "Systems Analysis"),
    ("2.B.4.h", "Systems Evaluation"),
    ("2.B.5.a", "Time Management"),
    ("2.B.5.b", "Management of Financial Resources"),
    ("2.B.5.c", "Management of Material Resources"),
    ("2.B.5.d", "Management of Personnel Resources"),
)
PREFERENCES = ("max_job_zone", "min_annual_wage", *LOCATION_PREFERENCES)
STATUSES = ("queued", "running", "done", "failed")
FINAL_STATUSES = ("done", "failed")
FITS = ("Best", "Great", "Good")
#: Whose wage a career's median is (see ``PaySourceSchema``).
PAY_SCOPES = ("own", "group", "broad")

#: Redis key layout shared by the quiz service and the matcher.
KEY_PREFIX = "cm"


def submission_key(submission_id: str) -> str:
    """The hash that holds one submission: its request, status and result."""
    return f"{KEY_PREFIX}:sub:{submission_id}"


def events_channel(submission_id: str) -> str:
    """The pub/sub channel on which a submission's status changes are announced."""
    return f"{KEY_PREFIX}:events:{submission_id}"


#: Sorted set of submissions not yet final, scored by when they were last (re)sent.
PENDING_KEY = f"{KEY_PREFIX}:pending"
#: The matcher's copy of the last catalog snapshot it fetched (and its ETag).
SNAPSHOT_KEY = f"{KEY_PREFIX}:catalog:snapshot"


class ScoringItemSchema(Schema):
    """What the matcher needs to know of one answered item; travels with the submission."""

    id = fields.String(required=True)
    kind = fields.String(
        required=True, validate=validate.OneOf(["interest", "value", "skill", "preference"])
    )
    target = fields.String(required=True)  # area letter, value name, skill element id, or pref id
    min = fields.Float(required=True)
    max = fields.Float(required=True)
    #: The answer scale's labels, lowest first (scale items; older records may lack them).
    labels = fields.List(fields.String())


class AnswerValue(fields.Field[float | str]):
    """One answer: a finite number, or a string for a choice with string values (such as the
    ``location`` item's ISO 3166-2 code). Booleans and other types are refused."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float | str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Must be a number or a string.")
        return float(value)


class SubmissionRequestSchema(Schema):
    """The part of a submission record the quiz writes once: answers and how to read them."""

    id = fields.String(required=True)
    quiz_id = fields.String(required=True)
    quiz_version = fields.String(required=True)
    created_at = fields.String(required=True)
    site = fields.String(allow_none=True, load_default=None)
    answers = fields.Dict(keys=fields.String(), values=AnswerValue(), required=True)
    items = fields.List(fields.Nested(ScoringItemSchema), required=True)
    weights = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)


class SkillGapSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    required_level = fields.Float(required=True)
    your_level = fields.Float(required=True)
    importance = fields.Float(required=True)
    gap = fields.Float(required=True)
    your_label = fields.String(allow_none=True)
    required_label = fields.String(allow_none=True)
    text = fields.String()


class PaySourceSchema(Schema):
    """Whose wage a career's median is: its own SOC occupation, a group, or a broad group."""

    soc = fields.String(required=True)
    title = fields.String(required=True)
    scope = fields.String(required=True, validate=validate.OneOf(PAY_SCOPES))
    text = fields.String(required=True)


class LocalPaySchema(Schema):
    """A match's pay where the person lives, beside its country's figure (no conversion).

    ``unit`` is ``year`` for US dollars (BLS) and ``hour`` for Canadian dollars (Job Bank);
    ``annual_estimate`` (CAD only) is the median times ``hours_per_year``. ``checked`` says
    which figure the pay minimum was checked against: ``local``, ``country`` (no local
    figure), or null (no minimum, or no figure at all).
    """

    region = fields.String(required=True)
    name = fields.String(required=True)
    currency = fields.String(required=True, validate=validate.OneOf(["USD", "CAD"]))
    unit = fields.String(required=True, validate=validate.OneOf(["year", "hour"]))
    median = fields.Float(allow_none=True, required=True)
    country = fields.String(required=True)
    country_name = fields.String(required=True)
    country_median = fields.Float(allow_none=True, required=True)
    country_top_coded = fields.Boolean()
    annual_estimate = fields.Integer(allow_none=True)
    country_annual_estimate = fields.Integer(allow_none=True)
    hours_per_year = fields.Integer(allow_none=True)
    checked = fields.String(allow_none=True, validate=validate.OneOf(["local", "country"]))
    source = fields.String(required=True)
    sentence = fields.String(required=True)


class PlaceSchema(Schema):
    """Where the person said they live, and the pay minimum in their own currency and unit."""

    region = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(allow_none=True)
    currency = fields.String(required=True)
    minimum = fields.Float(allow_none=True)
    minimum_per = fields.String(allow_none=True, validate=validate.OneOf(["year", "hour"]))
    minimum_hourly = fields.Float(allow_none=True)
    hours_per_year = fields.Integer(allow_none=True)
    source = fields.String(allow_none=True)
    note = fields.String(required=True)


class MatchSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    rank = fields.Integer(required=True)
    score = fields.Float(required=True, validate=validate.Range(0, 100))
    components = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    fit = fields.String(allow_none=True, validate=validate.OneOf(FITS))
    interest_correlation = fields.Float(allow_none=True)
    job_zone = fields.Integer(allow_none=True)
    median_wage = fields.Integer(allow_none=True)
    wage_top_coded = fields.Boolean()
    pay_source = fields.Nested(PaySourceSchema, allow_none=True)
    within_limits = fields.Boolean(required=True)
    limits_broken = fields.List(fields.String())
    high_point = fields.String()
    reasons = fields.List(fields.String(), required=True)
    skill_gaps = fields.List(fields.Nested(SkillGapSchema), required=True)
    local_pay = fields.Nested(LocalPaySchema, metadata={"description": "With a place only."})


class SuggestedSkillSchema(Schema):
    name = fields.String(required=True)
    hot = fields.Boolean(required=True)
    in_demand = fields.Boolean(required=True)
    careers = fields.Integer(required=True)
    career_codes = fields.List(fields.String())
    career_titles = fields.List(fields.String())
    top_careers = fields.Integer()
    share_of_all_careers = fields.Float()
    lift = fields.Float(metadata={"description": "share among the top careers / share of all"})
    weight = fields.Float(metadata={"description": "support-weighted log lift, the rank key"})
    why = fields.String()
    median_wage = fields.Integer(allow_none=True)
    median_wage_definition = fields.String()


class BeyondLimitSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    score = fields.Float(required=True)
    limits_broken = fields.List(fields.String(), required=True)
    reason = fields.String(required=True)


class BeyondLimitsSchema(Schema):
    """Careers outside the person's limits that would rank among the top without them."""

    note = fields.String(allow_none=True)
    careers = fields.List(fields.Nested(BeyondLimitSchema), required=True)


class ProfileSchema(Schema):
    interests = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    code = fields.String(required=True)
    #: The letters of ``code`` that stand out: above the middle of the scale (0-3 letters).
    strong_areas = fields.List(fields.String(validate=validate.OneOf(INTEREST_AREAS)))
    flat = fields.Boolean(required=True)
    notes = fields.List(fields.String())
    values = fields.Dict(keys=fields.String(), values=fields.Float(), allow_none=True)
    skills = fields.Dict(keys=fields.String(), values=fields.Float(), allow_none=True)
    max_job_zone = fields.Integer(allow_none=True)
    min_annual_wage = fields.Integer(allow_none=True)


class ResultBodySchema(Schema):
    """What the matcher computes for one submission (cacheable by answers and versions)."""

    catalog_version = fields.String(required=True)
    intro = fields.String()
    profile = fields.Nested(ProfileSchema, required=True)
    matches = fields.List(fields.Nested(MatchSchema), required=True)
    beyond_limits = fields.Nested(BeyondLimitsSchema)
    suggested_skills = fields.List(fields.Nested(SuggestedSkillSchema), required=True)
    place = fields.Nested(PlaceSchema, metadata={"description": "With a location answer only."})


def dump_result_body(body: dict[str, Any]) -> dict[str, Any]:
    """Validate a result body against the contract; raise ``ValidationError`` if it breaks it."""
    errors = ResultBodySchema().validate(body)
    if errors:
        raise ValidationError(errors)
    return body
