"""The submission request: written once by the quiz, read by the matcher.

The names of the preferences a quiz may ask and of the parts of a match's score are defined
here and imported by every module that reads them.
"""

from __future__ import annotations

import hashlib
from typing import Literal, NotRequired, TypedDict

from shared.contract import codec

#: The preferences (limits) a quiz may ask; each is a choice or number item with this id.
MAX_JOB_ZONE = "max_job_zone"
MIN_ANNUAL_WAGE = "min_annual_wage"
LOCATION = "location"
MIN_WAGE_CAD = "min_wage_cad"
MIN_WAGE_CAD_PER = "min_wage_cad_per"
MIN_WAGE_GBP = "min_wage_gbp"
LOCATION_PREFERENCES = (LOCATION, MIN_WAGE_CAD, MIN_WAGE_CAD_PER, MIN_WAGE_GBP)
PREFERENCES = (MAX_JOB_ZONE, MIN_ANNUAL_WAGE, *LOCATION_PREFERENCES)
#: The parts of a match's score, each weighted by the quiz (``weights``).
WEIGHT_PARTS = ("interests", "values", "skills")
#: An O*NET-SOC code, as a career set aside ("not for me") is named.
ONET_CODE_PATTERN = r"^[0-9]{2}-[0-9]{4}\.[0-9]{2}$"

Kind = Literal["interest", "value", "skill", "preference"]

# The documents are TypedDicts: plain dicts at run time (the matcher's pure functions take
# them as they are), types for mypy, and the schema msgspec checks each document against
# where it crosses from one service to the other. A field marked NotRequired may be
# absent; ``X | None`` may be null.


class ScoringItem(TypedDict):
    """What the matcher needs to know of one answered item; travels with the submission."""

    id: str
    kind: Kind
    target: str  # area letter, value name, skill element id, or preference id
    min: float
    max: float
    #: The answer scale's labels, lowest first (scale items; older records lack them).
    labels: NotRequired[list[str]]


class VariantChanges(TypedDict):
    """What a variant changes of the result it comes from (``POST .../variants``).

    ``preferences``: answers to preference items, over the origin's (null removes one);
    ``weights``: score parts' weights, over the origin's; ``set_aside``: the careers set
    aside ("not for me"), by O*NET-SOC code, replacing the origin's list (so ``[]`` undoes).
    """

    preferences: NotRequired[dict[str, float | str | None]]
    weights: NotRequired[dict[str, float]]
    set_aside: NotRequired[list[str]]


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
    #: Careers the matcher leaves out of the matches (a variant's "not for me").
    set_aside: NotRequired[list[str]]
    #: A variant's: the result it was made from, and what it changed.
    variant_of: NotRequired[str]
    changes: NotRequired[VariantChanges]


class RequestHeader(TypedDict):
    """What the quiz shows of a request with a result: which quiz, which version, when
    (and, for a variant, which result it came from and what it changed)."""

    id: str
    quiz_id: str
    quiz_version: str
    created_at: str
    variant_of: NotRequired[str]
    changes: NotRequired[VariantChanges]


_request_decoder = codec.decoder(SubmissionRequest)
_header_decoder = codec.decoder(RequestHeader)


def answers_digest(request: SubmissionRequest) -> str:
    """What makes two requests one to the matcher: quiz, version, answers, weights (and the
    careers set aside, when there are any: a request without them has the digest it had).

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
    if request.get("set_aside"):
        basis["set_aside"] = sorted(request.get("set_aside", []))
    return hashlib.sha256(codec.encode(basis)).hexdigest()


def decode_request(raw: str | bytes) -> SubmissionRequest:
    """The matcher's read boundary: the stored request, checked against the contract."""
    request: SubmissionRequest = codec.decode(_request_decoder, raw)
    return request


def decode_request_header(raw: str | bytes) -> RequestHeader:
    """The quiz's cheap read of a stored request: only what a result document shows."""
    header: RequestHeader = codec.decode(_header_decoder, raw)
    return header
