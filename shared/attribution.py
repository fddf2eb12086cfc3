"""The credits the product must show wherever it shows O*NET or BLS data."""

from __future__ import annotations

from typing import Any

PRODUCT_NAME = "Career Match"

#: Every credit, by what it credits. The catalog dataset embeds this; the quiz shows it.
ATTRIBUTION: dict[str, Any] = {
    "onet": (
        "This site incorporates information from the O*NET 29.3 Database by the U.S. "
        "Department of Labor, Employment and Training Administration (USDOL/ETA). Used under "
        "the CC BY 4.0 license. O*NET\u00ae is a trademark of USDOL/ETA."
    ),
    "modifications": (
        f"{PRODUCT_NAME} has modified all or some of this information. USDOL/ETA has not "
        "approved, endorsed, or tested these modifications."
    ),
    "bls": (
        "Wage data: U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
        "Statistics (OEWS), May 2024."
    ),
    "career_clusters": (
        "Career clusters: O*NET OnLine by USDOL/ETA (CC BY 4.0); the Career Clusters "
        "framework is by Advance CTE."
    ),
    "license_urls": [
        "https://www.onetcenter.org/license_db.html",
        "https://creativecommons.org/licenses/by/4.0/",
    ],
}


def attribution() -> dict[str, Any]:
    """A copy of the credits, for API responses and pages."""
    return {
        key: list(value) if isinstance(value, list) else value for key, value in ATTRIBUTION.items()
    }
