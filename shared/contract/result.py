"""The result: the body the matcher writes, and the public document clients read.

The matcher writes a ``ResultBody`` once per submission; the quiz decodes it where it reads
it back (``decode_result``) and shows it inside a ``ResultDocument`` with the submission's
status, timestamps, links and credits: the same document on the API, the event stream and
the webhook, made by one function (``public_document``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired, Protocol, TypedDict, cast

import msgspec

from shared.contract import codec
from shared.contract.onet import Area
from shared.contract.request import RequestHeader, VariantChanges
from shared.pay import PayReading

STATUSES = ("queued", "running", "done", "failed")
FINAL_STATUSES = ("done", "failed")
FITS = ("Best", "Great", "Good")
#: Whose wage a career's median is (see ``PaySource``).
PAY_SCOPES = ("own", "group", "broad")

Status = Literal["queued", "running", "done", "failed"]
Fit = Literal["Best", "Great", "Good"]
PayScope = Literal["own", "group", "broad"]

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

    ``unit`` is ``year`` for US dollars (BLS) and pounds (ONS, the UK as a whole: its
    ``country`` figures are the same), ``hour`` for Canadian dollars (Job Bank);
    ``annual_estimate`` (CAD only) is the median times ``hours_per_year``. ``checked`` says
    which figure the pay minimum was checked against: ``local``, ``country`` (no local
    figure), or null (no minimum, or no figure at all).
    """

    region: str
    name: str
    currency: Literal["USD", "CAD", "GBP"]
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
    #: What ``median`` and ``country_median`` are (``shared.pay``): ``figure``;
    #: ``hourly_only`` (BLS publishes only an hourly median: ``hourly_median`` in US$, with
    #: ``annual_equivalent`` at 2,080 hours); ``top_coded`` (at least $239,200 a year);
    #: ``not_published``.
    reading: NotRequired[PayReading]
    hourly_median: NotRequired[float | None]
    annual_equivalent: NotRequired[int | None]
    country_reading: NotRequired[PayReading]
    country_hourly_median: NotRequired[float | None]
    country_annual_equivalent: NotRequired[int | None]
    #: Whose figure the local one is, when not the career's own SOC occupation's.
    whose: NotRequired[str | None]
    #: UK only: the SOC 2020 unit group whose ONS ASHE figure ``median`` is (null: the
    #: career has no confident UK figure), and its title.
    uk_group: NotRequired[str | None]
    uk_group_title: NotRequired[str | None]
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
    #: The score as shown (``services.matcher.certainty``): shared by the careers the
    #: answers do not separate, never 0 or 100; null when the answers separate no careers.
    shown_score: NotRequired[Annotated[int, msgspec.Meta(ge=1, le=99)] | None]
    #: Careers with the same group (1 = best) are not told apart by the answers.
    score_group: NotRequired[int]
    #: How the score is said, e.g. "About 86 / 100, as for 2 other careers here: ...".
    score_text: NotRequired[str]
    fit: NotRequired[Fit | None]
    interest_correlation: NotRequired[float | None]
    job_zone: NotRequired[int | None]
    median_wage: NotRequired[int | None]
    wage_top_coded: NotRequired[bool]
    #: What ``median_wage`` is (``shared.pay``); ``hourly_median`` and its
    #: ``annual_equivalent`` (x 2,080 hours) are set for an hourly-only median.
    pay_reading: NotRequired[PayReading]
    hourly_median: NotRequired[float | None]
    annual_equivalent: NotRequired[int | None]
    pay_source: NotRequired[PaySource | None]
    #: Checked and within every limit the person set.
    within_limits: bool
    limits_broken: NotRequired[list[str]]
    #: Limits the person set that the career has no figure to check against; such a career
    #: ranks after every career within the limits.
    limits_unchecked: NotRequired[list[str]]
    #: What became of the pay minimum (met, not met, or why it could not be checked);
    #: null without a minimum. The pay figures themselves are the fields above.
    pay_check: NotRequired[str | None]
    #: Scored parts (``values``, ``skills``) O*NET does not rate for this career; each
    #: counts as the poorest fit of any rated career.
    unrated: NotRequired[list[str]]
    high_point: NotRequired[str]
    #: Why it fits: interests, training, values, skills (never pay: see the pay fields).
    reasons: list[str]
    skill_gaps: list[SkillGap]
    #: With a place only.
    local_pay: NotRequired[LocalPay]


class SuggestedSkill(TypedDict):
    name: str
    #: A technology (O*NET Technology Skills), or an O*NET skill when too few technologies
    #: set the top careers apart (``skill_id`` then names it).
    kind: NotRequired[Literal["technology", "skill"]]
    skill_id: NotRequired[str]
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
    #: US national figures (US dollars a year).
    median_wage: NotRequired[int | None]
    median_wage_definition: NotRequired[str]
    #: The pay in the person's currency and unit where the data has it (their region's
    #: figures, else their country's), else the US national figure; said in ``pay_text``.
    pay_median: NotRequired[float | None]
    pay_currency: NotRequired[Literal["USD", "CAD", "GBP"]]
    pay_unit: NotRequired[Literal["year", "hour"]]
    pay_text: NotRequired[str]


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
    #: The asked parts whose answers rank nothing above anything else.
    flat_parts: NotRequired[list[str]]
    #: False when every asked part is flat: no career shows a score.
    separates_careers: NotRequired[bool]
    #: What to offer when the answers separate no careers: the full quiz (from a quiz
    #: without the skills and values part), or that part answered again.
    next_step: NotRequired[Literal["full_quiz", "skills_and_values"] | None]
    notes: NotRequired[list[str]]
    values: NotRequired[dict[str, float] | None]
    skills: NotRequired[dict[str, float] | None]
    max_job_zone: NotRequired[int | None]
    min_annual_wage: NotRequired[int | None]


class SetAside(TypedDict):
    """A career the person set aside ("not for me"): left out of the matches."""

    code: str
    title: str


class ResultBody(TypedDict):
    """What the matcher computes for one submission (cacheable by answers and versions)."""

    catalog_version: str
    intro: NotRequired[str]
    profile: Profile
    matches: list[Match]
    beyond_limits: NotRequired[BeyondLimits]
    suggested_skills: list[SuggestedSkill]
    #: What the suggestions are (technologies, or O*NET skills as well when too few are).
    suggested_note: NotRequired[str | None]
    #: With a location answer only.
    place: NotRequired[Place]
    #: The careers left out of ``matches`` at the person's request (a variant's).
    set_aside: NotRequired[list[SetAside]]


class Links(TypedDict):
    """The API paths of a submission's result and its event stream, and its public page."""

    result: str
    events: str
    #: The result's page (HTML, readable without script): the link a person shares.
    page: str


class Attribution(TypedDict):
    """The credits shown with every result (``shared.attribution``)."""

    onet: str
    modifications: str
    bls: str
    career_clusters: str
    #: ONS's credit for UK pay (Open Government Licence v3.0).
    ons: NotRequired[str]
    license_urls: list[str]


class ResultDocument(TypedDict):
    """What a client reads of a submission (API, event stream, webhook), whatever its status.

    Once ``done`` it holds the result body's fields and the credits; once ``failed``, why.
    """

    id: str
    status: Status
    quiz_id: str
    quiz_version: str
    created_at: str
    updated_at: str | None
    started_at: str | None
    completed_at: str | None
    links: Links
    reason: NotRequired[str | None]
    attribution: NotRequired[Attribution]
    catalog_version: NotRequired[str]
    intro: NotRequired[str]
    profile: NotRequired[Profile]
    matches: NotRequired[list[Match]]
    beyond_limits: NotRequired[BeyondLimits]
    suggested_skills: NotRequired[list[SuggestedSkill]]
    suggested_note: NotRequired[str | None]
    #: With a location answer only.
    place: NotRequired[Place]
    set_aside: NotRequired[list[SetAside]]
    #: A variant's: the id of the result it was made from (which may since be deleted).
    variant_of: NotRequired[str]
    #: A variant's: what it changed of that result.
    changes: NotRequired[VariantChanges]


class AcceptedSubmission(TypedDict):
    """What a client reads when a submission (or a variant) is accepted (202)."""

    id: str
    status: Status
    quiz_id: str
    quiz_version: str
    created_at: str
    links: Links
    #: Send as X-Deletion-Token to DELETE the result.
    deletion_token: str
    variant_of: NotRequired[str]
    changes: NotRequired[VariantChanges]


class StoredSubmission(Protocol):
    """What ``public_document`` reads of a stored submission (``shared.records.Record``)."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def header(self) -> RequestHeader: ...
    @property
    def created_at(self) -> str: ...
    @property
    def updated_at(self) -> str | None: ...
    @property
    def started_at(self) -> str | None: ...
    @property
    def completed_at(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def result(self) -> ResultBody | None: ...


def links_for(submission_id: str) -> Links:
    """The API paths of a submission's result and event stream, and its public page."""
    return {
        "result": f"/v1/results/{submission_id}",
        "events": f"/v1/results/{submission_id}/events",
        "page": f"/results/{submission_id}",
    }


def public_document(
    submission: StoredSubmission, credits: Attribution | dict[str, Any]
) -> ResultDocument:
    """The document clients see of ``submission``; its result is decoded (and checked) here,
    so a result off the contract raises ``ValueError``."""
    doc: dict[str, Any] = {
        "id": submission.id,
        "status": submission.status,
        "quiz_id": submission.header["quiz_id"],
        "quiz_version": submission.header["quiz_version"],
        "created_at": submission.created_at,
        "updated_at": submission.updated_at,
        "started_at": submission.started_at,
        "completed_at": submission.completed_at,
        "links": links_for(submission.id),
    }
    header = submission.header
    if "variant_of" in header:
        doc["variant_of"] = header["variant_of"]
        doc["changes"] = header.get("changes", {})
    if submission.status == "failed":
        doc["reason"] = submission.reason
    result = submission.result if submission.status == "done" else None
    if result is not None:
        doc.update(result)
        doc["attribution"] = credits
    return cast(ResultDocument, doc)


_result_decoder = codec.decoder(ResultBody)


def decode_result(raw: str | bytes) -> ResultBody:
    """The quiz's read boundary: a stored result body, checked against the contract.

    Fields the contract does not name are dropped rather than refused, so that a matcher
    newer than the quiz can add one without breaking every result.
    """
    body: ResultBody = codec.decode(_result_decoder, raw)
    return body


def check_result(body: Any) -> ResultBody:
    """``body``, checked to be a result body exactly (tests, golden files)."""
    return cast(ResultBody, codec.exactly(body, ResultBody, "body"))


def check_profile(document: Any) -> None:
    """Raise ``ContractError`` unless ``document`` is a result's ``profile`` exactly."""
    codec.exactly(document, Profile, "profile")
