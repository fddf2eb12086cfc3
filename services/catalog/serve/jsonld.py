"""schema.org ``Occupation`` structured data of a career page (a JSON-LD data block)."""

from __future__ import annotations

from typing import Any

#: schema.org names of the BLS percentiles in a ``MonetaryAmountDistribution``.
PERCENTILES = {
    "pct10": "percentile10",
    "pct25": "percentile25",
    "median": "median",
    "pct75": "percentile75",
    "pct90": "percentile90",
}


def occupation(career: dict[str, Any], url: str, skills: list[dict[str, Any]]) -> dict[str, Any]:
    """The career as a schema.org ``Occupation``: title, description (when O*NET's text is
    here), O*NET-SOC category, BLS pay percentiles, Job Zone education, skills."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": career["title"],
        "url": url,
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": career["code"],
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC 2019"},
        },
        "occupationLocation": {"@type": "Country", "name": "United States"},
    }
    if career.get("description"):
        data["description"] = career["description"]
    alternates = [a["title"] for a in career.get("alternate_titles") or []][:20]
    if alternates:
        data["alternateName"] = alternates
    zone = career.get("job_zone_detail")
    if zone:
        requirement = f"O*NET {zone['name']} {zone['svp_range']}".strip()
        data["educationRequirements"] = (
            f"{requirement}. {zone['education']}" if zone.get("education") else requirement
        )
        if zone.get("experience"):
            data["experienceRequirements"] = zone["experience"]
    if skills:
        data["skills"] = [s["name"] for s in skills]
    wage = career.get("wage")
    if wage is not None:
        distribution: dict[str, Any] = {
            "@type": "MonetaryAmountDistribution",
            "name": "BLS OEWS May 2024 annual wages"
            + (f" ({wage['bls_title']}, a wider group)" if wage["from_broad"] else ""),
            "currency": "USD",
            "duration": "P1Y",
        }
        for key, name in PERCENTILES.items():
            # a top-coded figure is only a lower bound: left out rather than stated
            value = wage["annual"].get(key)
            if value is not None:
                distribution[name] = value
        if len(distribution) > 4:
            data["estimatedSalary"] = [distribution]
    return data
