"""Figures about a group of careers (those that list a technology or need a skill).

Pure functions over the loaded dataset's career records: no Flask, no I/O. Every figure
states its method in ``METHODS`` so that pages and the API can print it beside the number.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from statistics import median
from typing import Any

#: Percentiles of the BLS figures that stand in for entry, middle and experienced pay.
PAY_KEYS = ("pct25", "median", "pct75")
#: A salary impact needs at least this many careers with a BLS median behind it ...
MIN_IMPACT_CAREERS = 10
#: ... and a Job Zone counts only when both sides of it hold this many careers.
MIN_ZONE_SIDE = 3
#: How many co-occurring technologies make an ecosystem.
ECOSYSTEM_SIZE = 12
#: A technology gets a full page when this many careers list it, or when it is hot or in demand.
PAGE_MIN_CAREERS = 2

METHODS = {
    "pay": (
        "Each distinct BLS occupation behind these careers counts once, weighted by its "
        "employment (OEWS TOT_EMP); the figure is the employment-weighted median of the "
        "occupations' 25th percentile, median and 75th percentile annual wages. Occupations "
        "without an employment estimate or a wage are left out."
    ),
    "salary_impact": (
        "Within each Job Zone, the median of the BLS median wages of careers that list it minus "
        "that of careers of the same Job Zone that do not, averaged over Job Zones weighted by "
        f"the careers that list it; zones with fewer than {MIN_ZONE_SIDE} careers on either "
        f"side and top-coded wages are left out, and it is shown only when at least "
        f"{MIN_IMPACT_CAREERS} careers stand behind it."
    ),
    "ecosystem": (
        "Technologies listed by the same careers, ranked by the careers that list both times "
        "log(all careers / careers that list the other technology), so that tools nearly every "
        "career lists do not crowd out the specific ones."
    ),
    "level": (
        "O*NET level (LV, 0 to 7) that the careers needing the skill require: their 25th "
        "percentile, median and 75th percentile."
    ),
}


# --- ids and slugs ------------------------------------------------------------------------

_SYMBOLS = (("++", " plus plus "), ("+", " plus "), ("#", " sharp "), ("&", " and "), ("@", " at "))


def slugify(name: str) -> str:
    """A URL slug that keeps what tells names apart: ``C++`` -> ``c-plus-plus``, ``C#`` ->
    ``c-sharp``, ``Node.js`` -> ``node-js``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    for symbol, word in _SYMBOLS:
        text = text.replace(symbol, word)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "technology"


def technology_slugs(names: Sequence[str]) -> list[str]:
    """A unique slug per name, in the order given. When names share a slug, the first in
    code-point order keeps it and each other one gets a suffix from the hash of its name, so a
    technology's slug never depends on where it sits in the list."""
    plain = [slugify(name) for name in names]
    owners: dict[str, str] = {}
    for name, slug in sorted(zip(names, plain, strict=True)):
        owners.setdefault(slug, name)
    return [
        slug
        if owners[slug] == name
        else f"{slug}-{hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:6]}"
        for name, slug in zip(names, plain, strict=True)
    ]


# --- aggregates ---------------------------------------------------------------------------


def weighted_median(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The weighted median of ``(value, weight)`` pairs (the lower one on an exact tie of
    halves); ``None`` without positive weight. ``inf`` values rank above every number."""
    ranked = sorted((value, weight) for value, weight in pairs if weight > 0)
    total = sum(weight for _, weight in ranked)
    if total <= 0:
        return None
    running = 0.0
    for value, weight in ranked:
        running += weight
        if running >= total / 2:
            return value
    return ranked[-1][0]


def quartiles(values: Sequence[float]) -> dict[str, float] | None:
    """25th percentile, median and 75th percentile (inclusive method), two decimals."""
    if not values:
        return None
    if len(values) == 1:
        only = round(values[0], 2)
        return {"pct25": only, "median": only, "pct75": only}
    ordered = sorted(values)
    q = _quantiles(ordered)
    return {"pct25": round(q[0], 2), "median": round(q[1], 2), "pct75": round(q[2], 2)}


def _quantiles(ordered: Sequence[float]) -> tuple[float, float, float]:
    def at(p: float) -> float:
        position = p * (len(ordered) - 1)
        low = math.floor(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return at(0.25), at(0.5), at(0.75)


def pay_of(
    careers: Iterable[dict[str, Any]], top_code: int, keys: Sequence[str] = PAY_KEYS
) -> dict[str, Any]:
    """Employment-weighted pay of the BLS occupations behind ``careers`` (see ``METHODS``).

    Each figure is ``{"value": dollars | None, "top_coded": bool}``: a weighted median that
    falls on a top-coded wage is only known to be at least ``top_code``.
    """
    occupations: dict[str, dict[str, Any]] = {}
    for career in careers:
        wage = career["wage"]
        if wage is not None and wage["employment"]:
            occupations.setdefault(wage["soc"], wage)
    figures: dict[str, Any] = {}
    for key in keys:
        pairs = [
            (math.inf if key in w["top_coded"] else float(w["annual"][key]), float(w["employment"]))
            for w in occupations.values()
            if w["annual"][key] is not None or key in w["top_coded"]
        ]
        value = weighted_median(pairs)
        figures[key] = {
            "value": None if value is None or math.isinf(value) else round(value),
            "top_coded": value is not None and math.isinf(value),
        }
    return {
        **figures,
        "occupations": len(occupations),
        "employment": sum(int(w["employment"]) for w in occupations.values()),
        "top_code": top_code,
        "method": METHODS["pay"],
    }


def numeric_median(career: dict[str, Any]) -> int | None:
    """A career's BLS median annual wage when BLS gives it as a number (not top-coded)."""
    wage = career["wage"]
    if wage is None:
        return None
    value: int | None = wage["annual"]["median"]
    return value


def salary_impact(
    careers: Sequence[dict[str, Any]], members: set[int], eligible: set[int] | None = None
) -> dict[str, Any]:
    """Pay of careers in ``members`` against careers of the same Job Zone outside it.

    ``careers`` is the whole catalog; ``members`` holds positions in it; ``eligible`` (all
    careers when ``None``) limits who may stand on either side (a skill compares only careers
    O*NET has rated). ``value`` is ``None`` when too few careers stand behind it.
    """
    zones: dict[int, tuple[list[int], list[int]]] = {}
    for position, career in enumerate(careers):
        zone, wage = career["job_zone"], numeric_median(career)
        if zone is None or wage is None or (eligible is not None and position not in eligible):
            continue
        listing, others = zones.setdefault(zone, ([], []))
        (listing if position in members else others).append(wage)
    by_zone = []
    for zone in sorted(zones):
        listing, others = zones[zone]
        if len(listing) >= MIN_ZONE_SIDE and len(others) >= MIN_ZONE_SIDE:
            by_zone.append(
                {
                    "job_zone": zone,
                    "careers": len(listing),
                    "median": round(median(listing)),
                    "others": len(others),
                    "others_median": round(median(others)),
                }
            )
    behind = sum(z["careers"] for z in by_zone)
    value = (
        round(sum(z["careers"] * (z["median"] - z["others_median"]) for z in by_zone) / behind)
        if behind >= MIN_IMPACT_CAREERS
        else None
    )
    return {
        "value": value,
        "careers": behind,
        "by_zone": by_zone,
        "method": METHODS["salary_impact"],
    }


def training_of(
    careers: Iterable[dict[str, Any]], job_zones: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """How many careers sit in each Job Zone, and the most common one with its SVP range."""
    counts = Counter(c["job_zone"] for c in careers if c["job_zone"] is not None)
    zones = [
        {
            "job_zone": z,
            "careers": counts[z],
            "name": job_zones[z]["name"],
            "svp_range": job_zones[z]["svp_range"],
        }
        for z in sorted(counts)
    ]
    typical = max(zones, key=lambda z: (z["careers"], -z["job_zone"]), default=None)
    return {"by_zone": zones, "typical": typical}


def ecosystem(
    tech_lists: Sequence[Sequence[int]],
    members: Iterable[int],
    tech_df: Sequence[int],
    exclude: int | None = None,
) -> list[dict[str, Any]]:
    """Technologies listed by the careers in ``members`` (see ``METHODS["ecosystem"]``).

    ``tech_lists[i]`` holds career ``i``'s technology indexes and ``tech_df[t]`` how many
    careers list technology ``t``. Returns ``[{"index", "careers", "score"}]``, best first.
    """
    shared: Counter[int] = Counter()
    for position in members:
        shared.update(t for t in tech_lists[position] if t != exclude)
    total = len(tech_lists)
    scored = [
        (count * math.log(total / tech_df[t]), count, t)
        for t, count in shared.items()
        if count >= 2 or len(shared) <= ECOSYSTEM_SIZE
    ]
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [
        {"index": t, "careers": count, "score": round(score, 3)}
        for score, count, t in scored[:ECOSYSTEM_SIZE]
    ]
