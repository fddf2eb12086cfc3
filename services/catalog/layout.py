"""The built dataset as both halves see it: file names, formats, column orders, versions.

``build/`` writes these files and ``serve/`` reads them; what one writes and the other
reads is named once, here.
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from shared import regions
from shared.contract.onet import Area

DATASET_FILE = "catalog.json"
DESCRIPTIONS_FILE = "descriptions.json"
REGIONAL_FILE = "regional.json"
FIELDS_FILE = "fields.json"
#: Bumped when the dataset's layout changes; the store refuses other formats.
FORMAT = 1
#: Bumped when the layout of ``regional.json`` changes.
REGIONAL_FORMAT = 3
#: Bumped when the layout of ``fields.json`` changes.
FIELDS_FORMAT = 1
INTEREST_IDS = ("1.B.1.a", "1.B.1.b", "1.B.1.c", "1.B.1.d", "1.B.1.e", "1.B.1.f")
INTEREST_LETTERS: tuple[Area, ...] = ("R", "I", "A", "S", "E", "C")
WORK_VALUE_IDS = ("1.B.2.a", "1.B.2.b", "1.B.2.c", "1.B.2.d", "1.B.2.e", "1.B.2.f")
WAGE_KEYS = ("mean", "pct10", "pct25", "median", "pct75", "pct90")
#: BLS's annual top code: an empty state wage may be a wage at least this high.
US_TOP_CODE = 239200
#: Column order of a state's figures in ``regional.json``: annual US$ (whole), the hourly
#: median (US$, cents) and the reading of the median (``shared.pay.PAY_READINGS``).
US_COLUMNS = (
    "employment",
    "pct10",
    "pct25",
    "median",
    "pct75",
    "pct90",
    "hourly_median",
    "reading",
)
#: Column order of a Canadian region's figures: hourly CAD, then the NOC codes used.
CANADA_COLUMNS = ("low", "median", "high", "nocs")
#: Column order of a UK group's figures: ASHE 2024p Full-Time annual gross pay, whole pounds.
UK_COLUMNS = ("pct10", "pct25", "median", "pct75", "pct90")
#: The reviewed O*NET -> UK SOC 2020 mappings (kept by hand, read by the build).
UK_REVIEW_FILE = Path(__file__).parent / "data" / "uk_review.csv"
US_NATIONAL = regions.US
CANADA_NATIONAL = regions.CANADA

SOURCES = {
    "US": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
    "May 2024 (state)",
    "CA": "Job Bank, Employment and Social Development Canada, wages 2024 (contains "
    "information licensed under the Open Government Licence - Canada), via the NOC 2021 to "
    "O*NET-SOC crosswalk of thedaisTMU/NOC_ONet_Crosswalk (MIT licence)",
    "GB": "Office for National Statistics (ONS), Annual Survey of Hours and Earnings 2024 "
    "(provisional), Table 14.7a, full-time employees (Open Government Licence v3.0)",
}


def median_over_nocs(figures: Sequence[float]) -> float:
    """The crosswalk rule: the median of one figure over the mapped NOC codes, to the cent."""
    return round(float(statistics.median(figures)), 2)


def dataset_version(dataset: dict[str, Any], data: bytes) -> str:
    """``<O*NET version>-<OEWS version>-<12 hex of the dataset file's sha256>``."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{dataset['onet_version']}-{dataset['oews_version']}-{digest}"
