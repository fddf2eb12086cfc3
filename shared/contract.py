"""The wire contract between services: the catalog snapshot, the submission record, the result.

Everything here is JSON. The quiz service writes submission requests and reads result
bodies; the matcher reads submission requests and writes result bodies; the catalog serves
the snapshot the matcher scores against. This module owns the seam between the quiz and
the matcher: the two documents' types (``SubmissionRequest``, ``ResultBody``), the one JSON
encoder both use, and a checked decoder for each, called once where a document is read
back (the matcher decodes a request, the quiz a result). A writer builds its document to
the type (mypy checks it) and does not validate it again; the tests check every document
they make (``check_result``), the golden files included.

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

import hashlib
from typing import Annotated, Any, Literal, NotRequired, TypedDict, cast

import msgspec

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
#: Whose wage a career's median is (see ``PaySource``).
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
#: The matcher's answer cache: ``answer_cache_prefix(catalog) + answers_digest(request)``
#: names the id of a record that holds the result of the same answers under that catalog.
ANSWER_CACHE_PREFIX = f"{KEY_PREFIX}:cache:"


def answer_cache_prefix(catalog_version: str) -> str:
    """The answer cache's keys under one catalog version (any length: a short hash of it)."""
    return f"{ANSWER_CACHE_PREFIX}{hashlib.sha256(catalog_version.encode()).hexdigest()[:16]}:"


# -- The submission request: written once by the quiz, read by the matcher -----------------
#
# The documents below are TypedDicts: plain dicts at run time (the matcher's pure functions
# take them as they are), types for mypy, and the schema msgspec checks each document
# against where it crosses from one service to the other. A field marked NotRequired may be
# absent; ``X | None`` may be null.

Area = Literal["R", "I", "A", "S", "E", "C"]
Kind = Literal["interest", "value", "skill", "preference"]
Status = Literal["queued", "running", "done", "failed"]
Fit = Literal["Best", "Great", "Good"]
PayScope = Literal["own", "group", "broad"]


class ScoringItem(TypedDict):
    """What the matcher needs to know of one answered item; travels with the submission."""

    id: str
    kind: Kind
    target: str  # area letter, value name, skill element id, or preference id
    min: float
    max: float
    #: The answer scale's labels, lowest first (scale items; older records lack them).
    labels: NotRequired[list[str]]


class SubmissionRequest(TypedDict):
    """The part of a submission record the quiz writes once: answers and how to read them.

    An answer is a number, or a string for a choice with string values (the ``location``
    item's ISO 3166-2 code); JSON booleans are neither.
    """

    id: str
    quiz_id: str
    quiz_version: str
    created_at: str
    site: NotRequired[str | None]
    answers: dict[str, float | str]
    items: list[ScoringItem]
    weights: dict[str, float]


class RequestHeader(TypedDict):
    """What the quiz shows of a request with a result: which quiz, which version, when."""

    id: str
    quiz_id: str
    quiz_version: str
    created_at: str


# -- The result body: written by the matcher, read by the quiz (API, stream, webhook) ------

Score = Annotated[float, msgspec.Meta(ge=0, le=100)]


class SkillGap(TypedDict):
    id: str
    name: str
    required_level: float
    your_level: float
    importance: float
    gap: float
    your_label: NotRequired[str | None]
    required_label: NotRequired[str | None]
    text: NotRequired[str]


class PaySource(TypedDict):
    """Whose wage a career's median is: its own SOC occupation, a group, or a broad group."""

    soc: str
    title: str
    scope: PayScope
    text: str


class LocalPay(TypedDict):
    """A match's pay where the person lives, beside its country's figure (no conversion).

    ``unit`` is ``year`` for US dollars (BLS) and ``hour`` for Canadian dollars (Job Bank);
    ``annual_estimate`` (CAD only) is the median times ``hours_per_year``. ``checked`` says
    which figure the pay minimum was checked against: ``local``, ``country`` (no local
    figure), or null (no minimum, or no figure at all).
    """

    region: str
    name: str
    currency: Literal["USD", "CAD"]
    unit: Literal["year", "hour"]
    median: float | None
    country: str
    country_name: str
    country_median: float | None
    country_top_coded: NotRequired[bool]
    annual_estimate: NotRequired[int | None]
    country_annual_estimate: NotRequired[int | None]
    hours_per_year: NotRequired[int | None]
    checked: NotRequired[Literal["local", "country"] | None]
    source: str
    sentence: str


class Place(TypedDict):
    """Where the person said they live, and the pay minimum in their own currency and unit."""

    region: str
    name: str
    country: NotRequired[str | None]
    currency: str
    minimum: NotRequired[float | None]
    minimum_per: NotRequired[Literal["year", "hour"] | None]
    minimum_hourly: NotRequired[float | None]
    hours_per_year: NotRequired[int | None]
    source: NotRequired[str | None]
    note: str


class Match(TypedDict):
    code: str
    title: str
    rank: int
    score: Score
    components: NotRequired[dict[str, float | None]]
    fit: NotRequired[Fit | None]
    interest_correlation: NotRequired[float | None]
    job_zone: NotRequired[int | None]
    median_wage: NotRequired[int | None]
    wage_top_coded: NotRequired[bool]
    pay_source: NotRequired[PaySource | None]
    within_limits: bool
    limits_broken: NotRequired[list[str]]
    high_point: NotRequired[str]
    reasons: list[str]
    skill_gaps: list[SkillGap]
    #: With a place only.
    local_pay: NotRequired[LocalPay]


class SuggestedSkill(TypedDict):
    name: str
    hot: bool
    in_demand: bool
    careers: int
    career_codes: NotRequired[list[str]]
    career_titles: NotRequired[list[str]]
    top_careers: NotRequired[int]
    share_of_all_careers: NotRequired[float]
    #: Share among the top careers / share of all careers.
    lift: NotRequired[float]
    #: Support-weighted log lift, the rank key.
    weight: NotRequired[float]
    why: NotRequired[str]
    median_wage: NotRequired[int | None]
    median_wage_definition: NotRequired[str]


class BeyondLimit(TypedDict):
    code: str
    title: str
    score: float
    limits_broken: list[str]
    reason: str


class BeyondLimits(TypedDict):
    """Careers outside the person's limits that would rank among the top without them."""

    note: NotRequired[str | None]
    careers: list[BeyondLimit]


class Profile(TypedDict):
    interests: dict[str, float]
    code: str
    #: The letters of ``code`` that stand out: above the middle of the scale (0-3 letters).
    strong_areas: NotRequired[list[Area]]
    flat: bool
    notes: NotRequired[list[str]]
    values: NotRequired[dict[str, float] | None]
    skills: NotRequired[dict[str, float] | None]
    max_job_zone: NotRequired[int | None]
    min_annual_wage: NotRequired[int | None]


class ResultBody(TypedDict):
    """What the matcher computes for one submission (cacheable by answers and versions)."""

    catalog_version: str
    intro: NotRequired[str]
    profile: Profile
    matches: list[Match]
    beyond_limits: NotRequired[BeyondLimits]
    suggested_skills: list[SuggestedSkill]
    #: With a location answer only.
    place: NotRequired[Place]


# -- Crossing the seam: one encoder, and one checked decoder per document --------------------


class ContractError(ValueError):
    """A document does not match the contract; the message says where (``$.items[0].kind``)."""


class Unreadable(ValueError):
    """A stored document is not JSON at all (or not UTF-8)."""


_encoder = msgspec.json.Encoder(order="sorted")
_request_decoder = msgspec.json.Decoder(SubmissionRequest)
_header_decoder = msgspec.json.Decoder(RequestHeader)
_result_decoder = msgspec.json.Decoder(ResultBody)


def encode(document: Any) -> bytes:
    """A document as compact JSON with sorted keys (requests, results, anything JSON)."""
    return _encoder.encode(document)


def answers_digest(request: SubmissionRequest) -> str:
    """What makes two requests one to the matcher: quiz, version, answers and weights.

    The quiz stores it with the record, so that the matcher's claim can look in the answer
    cache in the same round trip; the matcher computes it again from the request it read
    and uses what the claim found only when both agree.
    """
    basis = {
        "quiz": request["quiz_id"],
        "version": request["quiz_version"],
        # numbers as the contract reads them back (floats), so that the quiz's request as
        # built and the matcher's as decoded give one digest
        "answers": {
            item: value if isinstance(value, str) else float(value)
            for item, value in request["answers"].items()
        },
        "weights": {part: float(weight) for part, weight in request["weights"].items()},
    }
    return hashlib.sha256(encode(basis)).hexdigest()


def _decode(decoder: msgspec.json.Decoder[Any], raw: str | bytes) -> Any:
    try:
        return decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise ContractError(str(exc)) from None
    except msgspec.DecodeError as exc:
        raise Unreadable(str(exc)) from None


def decode_request(raw: str | bytes) -> SubmissionRequest:
    """The matcher's read boundary: the stored request, checked against the contract."""
    request: SubmissionRequest = _decode(_request_decoder, raw)
    return request


def decode_request_header(raw: str | bytes) -> RequestHeader:
    """The quiz's cheap read of a stored request: only what a result document shows."""
    header: RequestHeader = _decode(_header_decoder, raw)
    return header


def decode_result(raw: str | bytes) -> ResultBody:
    """The quiz's read boundary: a stored result body, checked against the contract.

    Fields the contract does not name are dropped rather than refused, so that a matcher
    newer than the quiz can add one without breaking every result.
    """
    body: ResultBody = _decode(_result_decoder, raw)
    return body


def _exactly(document: Any, kind: Any, name: str) -> Any:
    """``document`` if it is a ``kind`` exactly: every field of the right type, and none that
    the contract does not name (msgspec drops those silently); else ``ContractError``."""
    try:
        converted = msgspec.convert(document, kind, strict=True)
    except msgspec.ValidationError as exc:
        raise ContractError(str(exc)) from None
    if encode(converted) != encode(document):
        raise ContractError(f"the {name} has fields the contract does not name")
    return document


def check_result(body: Any) -> ResultBody:
    """``body``, checked to be a result body exactly (tests, golden files)."""
    return cast(ResultBody, _exactly(body, ResultBody, "body"))


def check_profile(document: Any) -> None:
    """Raise ``ContractError`` unless ``document`` is a result's ``profile`` exactly."""
    _exactly(document, Profile, "profile")
