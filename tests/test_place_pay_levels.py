"""A career's pay from start to top at the person's place, against the source cells.

Every state figure shown (10th, 25th, median, 75th, 90th percentile) is compared with its
cell of the OEWS state file, and every province's Job Bank low, median and high with the
Job Bank rows reached through the crosswalk; read here simply, apart from the build.
"""

from __future__ import annotations

import json
import re
import statistics

import pytest
import requests

from services.catalog.build.regional import CANADA_AREAS
from services.catalog.layout import REGIONAL_FILE
from services.catalog.serve.regional_pages import pay_levels_at
from services.catalog.serve.regional_pay import RegionalPay
from shared.regions import BY_CODE
from tests.support import REPO_ROOT, HttpService

pytestmark = [pytest.mark.shared_data]

REGIONAL = RegionalPay(
    json.loads((REPO_ROOT / "services" / "catalog" / "data" / REGIONAL_FILE).read_text())
)
CELLS = ("A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90")
TOP_CODE = "$239,200 or more"


def expected_us(row: dict[str, str]) -> list[str | None]:
    """Each level as the page must say it; ``None`` where the median has its own reading."""
    shown: list[str | None] = []
    for i, cell in enumerate(CELLS):
        value = row[cell].strip().replace(",", "")
        if value:
            shown.append(f"${round(float(value)):,}")
        elif cell == "A_MEDIAN":
            shown.append(None)  # hourly-only or withheld: tests/test_regional_readings.py
        elif any(row[lower].strip() for lower in CELLS[:i]):
            shown.append(TOP_CODE)
        else:
            shown.append("Not published")
    return shown


def test_every_state_level_equals_its_oews_state_cell(
    states: dict[tuple[str, str], dict[str, str]],
) -> None:
    checked = top_coded = 0
    for code, career in REGIONAL.careers.items():
        document = REGIONAL.career(code)
        soc = career.get("us_soc") or code[:7]
        for region in career["us"]:
            found = pay_levels_at(document, region)
            assert found is not None, (code, region)
            row = states[(soc, region.removeprefix("US-"))]
            for shown, want in zip(found["rows"], expected_us(row), strict=True):
                if want is not None:
                    assert shown["text"] == want, (code, region, shown["label"])
                    checked += 1
                    top_coded += want == TOP_CODE
            employment = row["TOT_EMP"].replace(",", "")
            assert found["employment"] == (int(employment) if employment else None)
    assert checked > 200_000 and top_coded > 100


def test_every_province_level_equals_job_bank_through_the_crosswalk(
    jobbank: dict[tuple[str, str], dict[str, str]], crosswalk: dict[str, list[str]]
) -> None:
    area_of = {iso: area for area, iso in CANADA_AREAS.items()}
    checked = 0
    for code, career in REGIONAL.careers.items():
        document = REGIONAL.career(code)
        for region in career["canada"]:
            if region not in BY_CODE:
                continue  # Canada-wide is not a place to choose
            found = pay_levels_at(document, region)
            assert found is not None
            rows = [
                jobbank[(noc, area_of[region])]
                for noc in sorted(set(crosswalk.get(code, [])))
                if (noc, area_of[region]) in jobbank
            ]
            for shown, column in zip(found["rows"], ("Low", "Median", "High"), strict=True):
                hourly = round(statistics.median(float(r[f"{column}_Wage_2024"]) for r in rows), 2)
                assert shown["text"] == (
                    f"CA${hourly:,.2f} an hour (about CA${round(hourly * 1950):,} a year)"
                ), (code, region, column)
                checked += 1
    assert checked > 10_000


def test_no_level_for_a_place_without_figures_or_unknown() -> None:
    document = REGIONAL.career("29-1141.00")
    assert pay_levels_at(document, "US-XX") is None
    assert pay_levels_at(document, "elsewhere") is None
    assert pay_levels_at(None, "US-TX") is None


# --- the career page over HTTP ------------------------------------------------------------


@pytest.fixture()
def pages(catalog_service: HttpService) -> str:
    """The session's catalog server (the committed dataset), serving its pages."""
    return catalog_service.url


def level_cells(pages: str, path: str) -> list[tuple[str, str]]:
    """The (level, wage) rows of the page's table of pay from start to top."""
    response = requests.get(pages + path, timeout=10)
    assert response.status_code == 200, path
    table = response.text.split('id="place-levels"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row">([^<]*)</th><td class="num">([^<]*)</td>', table)


@pytest.mark.integration
def test_the_career_page_opens_at_the_place(
    pages: str, states: dict[tuple[str, str], dict[str, str]]
) -> None:
    cells = level_cells(pages, "/careers/29-1141.00?place=US-TX")
    row = states[("29-1141", "TX")]
    assert [c[1] for c in cells] == expected_us(row)
    assert [c[0] for c in cells][0].startswith("10th") and cells[-1][0].startswith("90th")
    text = requests.get(pages + "/careers/29-1141.00?place=US-TX", timeout=10).text
    assert "Pay from start to top in Texas" in text and '<option value="US-TX" selected>' in text
    ontario = level_cells(pages, "/careers/29-1141.00?place=CA-ON")
    assert [c[0] for c in ontario] == ["Low", "Median", "High"]


@pytest.mark.integration
def test_a_place_that_is_not_one_is_400_naming_it(pages: str) -> None:
    response = requests.get(pages + "/careers/29-1141.00?place=Narnia", timeout=10)
    assert response.status_code == 400
    assert "place: “Narnia” is not a US state" in response.text
    plain = requests.get(pages + "/careers/29-1141.00?place=elsewhere", timeout=10)
    assert plain.status_code == 200 and 'id="place-levels"' not in plain.text
