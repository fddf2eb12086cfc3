"""Two or three careers of one result side by side: what the compare page shows of each.

Everything comes from the result document as the matcher wrote it (``shared.contract``):
the score and its parts, pay with its sources, the Job Zone, the career's interest high
points beside the person's levels, the largest skill gaps, and the technologies among the
result's suggested skills that the career uses. Nothing is looked up or made up here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shared.contract.onet import INTEREST_NAMES
from shared.contract.result import Match, ResultDocument

MIN_CAREERS = 2
MAX_CAREERS = 3
#: Skill gaps shown per career: the largest first, as the matcher orders them.
GAPS_SHOWN = 3
#: O*NET's Job Zones in a few words (as the embedded quiz says them).
JOB_ZONES = {
    1: "Little or no preparation",
    2: "Some preparation",
    3: "Medium preparation",
    4: "Considerable preparation",
    5: "Extensive preparation",
}
#: The scored parts of a match, in the order they are shown.
PARTS = ("interests", "values", "skills")
#: The largest raw interest score of an area (the profile's scale, 0-40).
INTEREST_MAX = 40
WRONG_COUNT = "careers: choose {low} or {high} careers of this result to compare (you chose {n})."
NOT_HERE = (
    "careers: {codes} {verb} not among this result's careers; only the careers it shows "
    "can be compared."
)


class CompareRefused(ValueError):
    """The ``careers`` asked for cannot be compared; the message names the field and why."""


@dataclass(frozen=True)
class Part:
    """One scored part of a match: its fit out of 100, or None when O*NET does not rate it."""

    name: str
    fit: int | None


@dataclass(frozen=True)
class Interest:
    """One of the career's interest high points, with the person's level in that area."""

    area: str
    name: str
    yours: float | None


@dataclass(frozen=True)
class Column:
    """One career as the compare page shows it."""

    match: Match
    score_text: str
    parts: list[Part]
    national_pay: str
    national_source: str
    training: str
    interests: list[Interest]
    correlation: float | None
    gaps: list[str]
    technologies: list[str] = field(default_factory=list)


def requested_codes(values: Iterable[str]) -> list[str]:
    """The career codes of ``careers=A,B`` (or ``careers=A&careers=B``), in order, once each."""
    codes = (code.strip() for value in values for code in value.split(","))
    return list(dict.fromkeys(code for code in codes if code))


def compare(doc: ResultDocument, codes: list[str]) -> list[Column]:
    """A column per career of ``codes`` in that order; ``CompareRefused`` when there are not
    two or three, or when one is not a match of ``doc``."""
    if not MIN_CAREERS <= len(codes) <= MAX_CAREERS:
        raise CompareRefused(WRONG_COUNT.format(low=MIN_CAREERS, high=MAX_CAREERS, n=len(codes)))
    matches = {match["code"]: match for match in doc.get("matches", [])}
    missing = [code for code in codes if code not in matches]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise CompareRefused(NOT_HERE.format(codes=", ".join(missing), verb=verb))
    interests = doc.get("profile", {}).get("interests", {})
    uses = _technologies(doc)
    return [_column(matches[code], interests, uses.get(code, [])) for code in codes]


def _column(match: Match, interests: dict[str, float], technologies: list[str]) -> Column:
    components = match.get("components") or {}
    fits = {name: components[name] for name in PARTS if name in components}
    parts = [Part(name, None if fit is None else round(100 * fit)) for name, fit in fits.items()]
    zone = match.get("job_zone")
    return Column(
        match=match,
        score_text=match.get("score_text") or f"Score {round(match['score'])} of 100",
        parts=parts,
        national_pay=national_pay(match),
        national_source=_pay_source(match),
        training=f"Job Zone {zone}: {JOB_ZONES[zone]}" if zone in JOB_ZONES else "Not rated",
        interests=[
            Interest(area, INTEREST_NAMES[area], interests.get(area))
            for area in match.get("high_point", "")
            if area in INTEREST_NAMES
        ],
        correlation=match.get("interest_correlation"),
        gaps=[gap.get("text") or gap["name"] for gap in match["skill_gaps"] if gap["gap"] > 0][
            :GAPS_SHOWN
        ],
        technologies=technologies,
    )


def national_pay(match: Match) -> str:
    """The US national median as a sentence (its reading: a figure, hourly only, top-coded)."""
    if match.get("pay_reading") == "hourly_only" and match.get("hourly_median") is not None:
        hourly = float(match["hourly_median"] or 0)
        yearly = match.get("annual_equivalent")
        return (
            f"${hourly:,.2f} an hour (BLS publishes only hourly pay; "
            f"${yearly or 0:,} a year at 2,080 hours)"
        )
    wage = match.get("median_wage")
    if wage is None:
        return "Not published by BLS"
    return ("at least " if match.get("wage_top_coded") else "") + f"${wage:,} a year"


def _pay_source(match: Match) -> str:
    source = match.get("pay_source")
    whose = f"; {source['text']}" if source and source.get("scope") != "own" else ""
    return "U.S. Bureau of Labor Statistics (OEWS)" + whose


def _technologies(doc: ResultDocument) -> dict[str, list[str]]:
    """Career code -> the technologies among the result's suggested skills it uses."""
    uses: dict[str, list[str]] = {}
    for skill in doc.get("suggested_skills", []):
        if skill.get("kind", "technology") != "technology":
            continue
        for code in skill.get("career_codes", []):
            uses.setdefault(code, []).append(skill["name"])
    return uses
