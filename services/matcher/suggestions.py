"""Skills worth learning: the result's ``suggested_skills`` and the note above them.

``selection.suggested_technologies`` picks the technologies specific to the person's top
careers; when fewer than ``selection.SUGGESTED_MIN_SHOWN`` are, the O*NET skills that set
those careers apart (``selection.separating_skills``) are suggested too, and the note says
why. Each suggestion's pay is the median of its careers' figures in the person's currency
where the data has them (their state's or province's, else their country's), else the US
national figures, said as such.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import cast

from services.matcher import explain
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.local_pay_text import money
from services.matcher.profile import Profile
from services.matcher.scoring import PayLimit
from services.matcher.selection import (
    SUGGESTED_MIN_SHOWN,
    separating_skills,
    suggested_technologies,
)
from shared.contract import result as contract

TECHNOLOGIES_NOTE = (
    "Tools and technologies far more common among your top careers than among all careers."
)
SKILLS_NOTE = (
    "{found} sets your top careers apart from the rest, so {these} the O*NET skills your "
    "top careers rely on more than other careers do, compared with the other skills they need."
)
US_FIGURES = "US national figures"


def note(technologies: int, skills: int) -> str:
    """What the suggestions are: technologies, or (too few of them) O*NET skills as well."""
    if not skills:
        return TECHNOLOGIES_NOTE
    found = "No tool or technology" if technologies == 0 else "Hardly any tool or technology"
    these = "these are" if technologies == 0 else "these are also"
    return SKILLS_NOTE.format(found=found, these=these)


class SuggestionPay:
    """Each top career's pay in the person's currency (with ``pay``), read once per result."""

    def __init__(self, catalog: CatalogArrays, top: Sequence[int], pay: PayLimit | None):
        self.catalog = catalog
        self.local: dict[int, contract.LocalPay] = (
            {} if pay is None else {i: pay.details(i) for i in top}
        )

    def fields(self, users: Sequence[int]) -> dict[str, object]:
        """``median_wage`` (US national, as before) and the pay said in the person's terms."""
        national = [float(self.catalog.median_wage[i]) for i in users]
        known = [w for w in national if not math.isnan(w)]
        us = round(statistics.median(known)) if known else None
        out: dict[str, object] = {
            "median_wage": us,
            "median_wage_definition": explain.SUGGESTION_PAY_DEFINITION,
        }
        local = [self.local[i] for i in users if i in self.local]
        figures = [p["median"] if p["median"] is not None else p["country_median"] for p in local]
        mine = [float(f) for f in figures if f is not None]
        if local and mine:
            first = local[0]
            currency, unit = first["currency"], first["unit"]
            own = sum(p["median"] is not None for p in local)
            where = (
                "in the UK (ONS ASHE 2024, by the careers' UK occupation groups)"
                if first["currency"] == "GBP"
                else f"in {first['name']}"
                if own == len(mine)
                else f"({first['country_name']} figures)"
                if own == 0
                else f"in {first['name']} ({first['country_name']} where it has none)"
            )
            median = statistics.median(mine)
            median = round(median, 2) if currency == "CAD" else float(round(median))
            rate = f"{money(median, currency)} {'an hour' if unit == 'hour' else 'a year'}"
            hours = first.get("hours_per_year")
            if hours:
                rate += f", about {money(round(median * hours), currency)} a year"
            out |= {
                "pay_median": median,
                "pay_currency": currency,
                "pay_unit": unit,
                "pay_text": f"Pay {where}: {rate}.",
            }
        elif us is not None:
            where = f"; no {local[0]['country_name']} figure" if local else ""
            out |= {
                "pay_median": float(us),
                "pay_currency": "USD",
                "pay_unit": "year",
                "pay_text": f"Pay: US{money(us, 'USD')} a year ({US_FIGURES}{where}).",
            }
        return out


def technology_documents(
    catalog: CatalogArrays, top: Sequence[int], pay: SuggestionPay
) -> list[contract.SuggestedSkill]:
    """Technologies specific to the careers ``top`` (``selection.suggested_technologies``)."""
    n = len(catalog)
    out: list[contract.SuggestedSkill] = []
    for t, count, weight, in_demand in suggested_technologies(catalog, top):
        users = [i for i in top if t in catalog.career_tech_sets[i]]
        share = float(catalog.tech_careers[t]) / n
        document = {
            "name": catalog.tech_names[t],
            "kind": "technology",
            "hot": bool(catalog.tech_hot[t]),
            "in_demand": in_demand,
            "careers": count,
            "career_codes": [catalog.codes[i] for i in users],
            "career_titles": [catalog.titles[i] for i in users],
            "top_careers": len(top),
            "share_of_all_careers": round(share, 4),
            "lift": round(count / len(top) / share, 2),
            "weight": round(weight, 4),
            "why": explain.suggestion_why(count, len(top), share),
        }
        out.append(cast(contract.SuggestedSkill, document | pay.fields(users)))
    return out


def skill_documents(
    catalog: CatalogArrays, top: Sequence[int], profile: Profile | None, pay: SuggestionPay
) -> list[contract.SuggestedSkill]:
    """The O*NET skills that set the careers ``top`` apart (``selection.separating_skills``)."""
    reached = {}
    if profile is not None:
        reached = {
            catalog.skill_columns[s]: level
            for s, level in profile.skills.items()
            if s in catalog.skill_columns
        }
    n = len(catalog)
    out: list[contract.SuggestedSkill] = []
    for column, top_mean, rest_mean, lean in separating_skills(catalog, top, reached):
        levels = catalog.skill_level[:, column]
        users = [i for i in top if levels[i] > rest_mean]
        above_all = int((levels > rest_mean).sum())
        share = above_all / n
        document = {
            "name": catalog.skill_names[column],
            "kind": "skill",
            "skill_id": catalog.skill_ids[column],
            "hot": False,
            "in_demand": False,
            "careers": len(users),
            "career_codes": [catalog.codes[i] for i in users],
            "career_titles": [catalog.titles[i] for i in users],
            "top_careers": len(top),
            "share_of_all_careers": round(share, 4),
            "lift": round(len(users) / len(top) / share, 2) if share else 0.0,
            "weight": round(lean, 4),
            "why": skill_why(len(top), top_mean, rest_mean),
        }
        out.append(cast(contract.SuggestedSkill, document | pay.fields(users or list(top))))
    return out


def skill_why(top: int, top_mean: float, rest_mean: float) -> str:
    return (
        f"Ranks higher among the skills your top {top} careers need than among other "
        f"careers' (about level {top_mean:.1f} of 7 for them, {rest_mean:.1f} for others)."
    )


def suggested(
    catalog: CatalogArrays,
    top: Sequence[int],
    profile: Profile | None = None,
    pay: PayLimit | None = None,
) -> tuple[list[contract.SuggestedSkill], str | None]:
    """The suggestions for the careers ``top`` and the note that says what they are."""
    if not top:
        return [], None
    prices = SuggestionPay(catalog, top, pay)
    technologies = technology_documents(catalog, top, prices)
    skills: list[contract.SuggestedSkill] = []
    if len(technologies) < SUGGESTED_MIN_SHOWN:
        skills = skill_documents(catalog, top, profile, prices)
    return technologies + skills, note(len(technologies), len(skills))
