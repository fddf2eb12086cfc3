"""The credits the product must show wherever it shows O*NET or BLS data."""

from __future__ import annotations

PRODUCT_NAME = "Career Match"

ONET = (
    "This site incorporates information from the O*NET 29.3 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET\u00ae is a trademark of USDOL/ETA."
)
ONET_MODIFIED = (
    f"{PRODUCT_NAME} has modified all or some of this information. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications."
)
BLS = (
    "Wage data: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics "
    "(OEWS), May 2024."
)
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ONET_LICENSE_URL = "https://www.onetcenter.org/license_db.html"


def attribution() -> dict[str, str]:
    """The credits as one document, for API responses and pages."""
    return {
        "onet": ONET,
        "onet_modified": ONET_MODIFIED,
        "bls": BLS,
        "license_url": LICENSE_URL,
        "onet_license_url": ONET_LICENSE_URL,
    }
