"""The credits the product must show wherever it shows O*NET or BLS data."""

from __future__ import annotations

from typing import Any

from shared.pay import UK_ATTRIBUTION

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


#: The credit of the UK pay figures (regional pay, not the catalog dataset): ONS, Open
#: Government Licence v3.0.
ONS_CREDIT = UK_ATTRIBUTION


def with_regional(credits: dict[str, Any]) -> dict[str, Any]:
    """``credits`` (the dataset's) with the credit of the regional pay it is shown with."""
    return {**credits, "ons": ONS_CREDIT}


def attribution() -> dict[str, Any]:
    """A copy of the credits, for API responses and pages (with ONS's, for UK pay)."""
    return with_regional(
        {key: list(v) if isinstance(v, list) else v for key, v in ATTRIBUTION.items()}
    )
