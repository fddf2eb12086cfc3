"""In headless Chromium: a career page's pay by state (sorted) and by Canadian region, at
360 px and 1280 px, fitting the width, with no serious axe violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import assert_no_serious
from tests.browser.conftest import assert_fits, page_at

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.mark.parametrize("width", [360, 1280])
def test_career_page_state_table(
    browser: Any, pages_url: str, screenshots_dir: Path, axe_source: str, width: int
) -> None:
    with page_at(browser, width) as page:
        page.goto(pages_url + "/careers/29-1141.00")
        rows = page.locator("#state-pay tbody tr").all_inner_texts()
        assert len(rows) >= 50
        assert rows[0].startswith("California") and "$140,330" in rows[0]
        mississippi = next(r for r in rows if r.startswith("Mississippi"))
        assert "$74,470" in mississippi
        canada = page.locator("#canada-pay").inner_text()
        assert "Ontario" in canada and "CA$40.00" in canada and "1,950 hours" in canada
        assert "Job Bank" in canada
        table = page.locator("#state-pay")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
        assert_fits(page, width, tables=False)
        table.screenshot(path=str(screenshots_dir / f"state-pay-{width}.png"))
        assert_no_serious(page, axe_source)
        page.goto(pages_url + "/careers/15-2051.00")
        canada = page.locator("#canada-pay").inner_text()
        assert "Canada (all)" in canada and "CA$44.10" in canada and "Ontario" not in canada


@pytest.mark.parametrize("width", [360, 1280])
def test_state_page_fits_and_passes_axe(
    browser: Any, pages_url: str, screenshots_dir: Path, axe_source: str, width: int
) -> None:
    with page_at(browser, width) as page:
        page.goto(pages_url + "/careers/29-1141.00")
        page.locator("#state-pay tbody tr").first.get_by_role("link").click()
        page.wait_for_url("**/regions/US-CA")
        assert page.locator("h1").inner_text() == "California: careers by pay"
        best = page.locator("#best-paid tbody tr").all_inner_texts()
        assert len(best) == 20 and "$220,600" in best[0]
        assert page.locator("#most-employed tbody tr").count() == 20
        assert "May 2024 (state)" in page.locator("main").inner_text()
        for table in ("#best-paid", "#most-employed"):
            assert page.locator(table).evaluate("t => t.scrollWidth <= t.clientWidth + 1")
        assert_fits(page, width, tables=False)
        page.screenshot(path=str(screenshots_dir / f"region-US-CA-{width}.png"), full_page=True)
        assert_no_serious(page, axe_source)
        page.goto(pages_url + "/regions/CA-ON")
        assert "CA$" in page.locator("#best-paid").inner_text()
        assert_fits(page, width, tables=False)
        assert_no_serious(page, axe_source)


@pytest.mark.parametrize("width", [360, 1280])
def test_career_page_at_a_place_and_group_rows_fit_and_pass_axe(
    browser: Any, pages_url: str, screenshots_dir: Path, axe_source: str, width: int
) -> None:
    with page_at(browser, width) as page:
        page.goto(pages_url + "/careers/29-1141.00")
        page.get_by_label("Your state, territory or province").select_option("US-TX")
        page.get_by_role("button", name="Show pay there").click()
        page.wait_for_url("**/careers/29-1141.00?place=US-TX")
        levels = page.locator("#place-levels tbody tr").all_inner_texts()
        assert len(levels) == 5 and levels[0].startswith("10th") and "$" in levels[0]
        assert page.locator("#level-title").inner_text() == "Pay from start to top in Texas"
        assert_fits(page, width, tables=False)
        page.locator("#place-levels").screenshot(
            path=str(screenshots_dir / f"place-levels-{width}.png")
        )
        assert_no_serious(page, axe_source)
        page.goto(pages_url + "/regions/US-TX")
        group = page.locator("#most-employed tbody tr", has_text="Baristas")
        assert group.count() == 1 and "BLS group Fast Food and Counter Workers" in (
            group.inner_text()
        )
        assert_fits(page, width, tables=False)
        page.screenshot(path=str(screenshots_dir / f"region-US-TX-{width}.png"), full_page=True)
        assert_no_serious(page, axe_source)
