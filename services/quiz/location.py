"""The quiz's location item: its choices, and which pay minimum goes with which place.

A person may say where they live (a US state or territory, a Canadian province or territory
by ISO 3166-2 code, the United Kingdom as ``GB``, or elsewhere); it is never inferred from
the network address. The pay minimum is asked in the person's own currency and unit, so the
answers must agree with the place: US dollars a year (``min_annual_wage``) in the US or
elsewhere, Canadian dollars an hour or a year (``min_wage_cad`` with ``min_wage_cad_per``)
in Canada, pounds a year (``min_wage_gbp``) in the UK. No currency is converted, so a
minimum in another currency is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.contract.request import (
    LOCATION,
    MIN_ANNUAL_WAGE,
    MIN_WAGE_CAD,
    MIN_WAGE_CAD_PER,
    MIN_WAGE_GBP,
)
from shared.regions import CANADA, CANADA_HOURS_PER_YEAR, ELSEWHERE, PLACES, UK, country_of

#: ``"options_from": "regions"`` in a quiz file fills a choice item with these options.
OPTION_SOURCES = ("regions",)
_GROUPS = {"US": "United States", "CA": "Canada", UK: "United Kingdom"}


def region_options() -> list[dict[str, Any]]:
    """The location item's options: US places, Canadian places, the UK, then elsewhere."""
    options: list[dict[str, Any]] = [
        {"value": r.code, "label": r.name, "group": _GROUPS[r.country]} for r in PLACES
    ]
    options.append({"value": ELSEWHERE, "label": "Somewhere else", "group": "Elsewhere"})
    return options


@dataclass(frozen=True)
class PayRule:
    """Which pay answers go with a place, in or out of ``country`` (``inside``): ``refused``
    answers are refused there, and each answer in ``needs`` needs its partner answer too."""

    country: str
    inside: bool
    refused: Mapping[str, str]  # answer -> why
    needs: Mapping[str, tuple[str, str]]  # answer -> (the answer it needs, why)

    def names(self) -> tuple[str, ...]:
        """Every answer the rule reads."""
        partners = tuple(other for other, _ in self.needs.values())
        return (LOCATION, *self.refused, *self.needs, *partners)

    def errors(self, answers: Mapping[str, Any]) -> dict[str, list[str]]:
        """Why each answer breaks the rule, by item id (none when it holds or does not apply)."""
        if (country_of(answers.get(LOCATION)) == self.country) != self.inside:
            return {}
        errors = {name: [why] for name, why in self.refused.items() if name in answers}
        for name, (other, why) in self.needs.items():
            if name in answers and other not in answers:
                errors[other] = [why]
        return errors

    def json_schema(self) -> dict[str, Any]:
        """The rule as JSON Schema (``if`` the place is in the country, ``then`` or ``else``)."""
        places = [r.code for r in PLACES if r.country == self.country]
        condition = {"required": [LOCATION], "properties": {LOCATION: {"enum": places}}}
        holds: list[dict[str, Any]] = [{"not": {"required": [name]}} for name in self.refused]
        holds += [
            {"anyOf": [{"not": {"required": [name]}}, {"required": [other]}]}
            for name, (other, _) in self.needs.items()
        ]
        return {"if": condition, "then" if self.inside else "else": {"allOf": holds}}


_OUTSIDE_CANADA = (
    "Only for a place in Canada (location CA-..); elsewhere give min_annual_wage in US "
    "dollars a year (min_wage_gbp in pounds a year for the United Kingdom)."
)
_OUTSIDE_UK = (
    "Only for the United Kingdom (location GB); elsewhere give min_annual_wage in US "
    "dollars a year (min_wage_cad for a place in Canada)."
)
#: The pay answers must agree with the place: the one place these rules are written.
PAY_RULES = (
    PayRule(
        country=CANADA,
        inside=True,
        refused={
            MIN_ANNUAL_WAGE: "For a place in Canada, give the minimum in Canadian dollars "
            "(min_wage_cad and min_wage_cad_per); US dollars are not converted."
        },
        needs={
            MIN_WAGE_CAD: (
                MIN_WAGE_CAD_PER,
                f"Say whether min_wage_cad is per hour or per year (a year counts "
                f"{CANADA_HOURS_PER_YEAR:,} hours).",
            )
        },
    ),
    PayRule(
        country=CANADA,
        inside=False,
        refused={MIN_WAGE_CAD: _OUTSIDE_CANADA, MIN_WAGE_CAD_PER: _OUTSIDE_CANADA},
        needs={},
    ),
    PayRule(
        country=UK,
        inside=True,
        refused={
            MIN_ANNUAL_WAGE: "For the United Kingdom, give the minimum in pounds a year "
            "(min_wage_gbp); US dollars are not converted."
        },
        needs={},
    ),
    PayRule(country=UK, inside=False, refused={MIN_WAGE_GBP: _OUTSIDE_UK}, needs={}),
)
