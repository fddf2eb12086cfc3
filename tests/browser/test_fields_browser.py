"""The "Machine Learning & AI" field page in headless Chromium at 360 and 1280 px: it fits,
axe finds no serious violation, a person picks a place and sees its pay, and the call to
action leads to the quiz's address. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import assert_fits, page_at
from tests.support import HttpService

pytestmark = [pytest.mark.browser]

#: Where "Take Career Match" leads (its /start); nothing is served there, the test only reads links.
QUIZ_URL = "http://127.0.0.1:9/quiz"
ML_PATH = "/fields/machine-learning"


@pytest.fixture(scope="module")
def field_pages(artifacts_dir: Path) -> Iterator[str]:
    """The catalog alone, serving its pages (the field pages need no other service)."""
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "QUIZ_PUBLIC_URL": QUIZ_URL},
        artifacts_dir / "logs" / "catalog-fields-browser.log",
    )
    service.env["PAGES_URL"] = service.url
    service.start()
    yield service.url
    service.stop()


@pytest.mark.parametrize("width", [360, 1280])
def test_machine_learning_page_fits_passes_axe_and_shows_a_place(
    browser: Any,
    field_pages: str,
    screenshots_dir: Path,
    artifacts_dir: Path,
    axe_source: str,
    width: int,
) -> None:
    with page_at(browser, width) as page:
        csp: list[str] = []
        page.on(
            "console",
            lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        page.goto(field_pages + ML_PATH)
        assert page.locator("h1").inner_text() == "Machine Learning & AI"
        rows = page.locator("#field-careers tbody tr")
        assert rows.count() >= 8
        assert rows.first.locator("a").inner_text() == "Data Scientists"
        cta = page.locator("main").get_by_role("link", name="Take Career Match").first
        assert cta.get_attribute("href") == QUIZ_URL + "/start"

        # a person picks a place by its label and asks for its pay
        page.get_by_label("State, province or territory").select_option("US-CA")
        page.get_by_role("button", name="Show pay").click()
        page.wait_for_url("**" + ML_PATH + "?place=US-CA")
        assert "Pay in California" in page.locator("#place-pay caption").inner_text()
        assert page.locator("#place-pay tbody tr").count() == 5

        path = screenshots_dir / f"field-machine-learning-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000
        assert_fits(page, width)
        results = run_axe(page, axe_source)
        save_json(
            artifacts_dir / "axe" / f"field-machine-learning-{width}.json", results["violations"]
        )
        assert serious(results) == []
        # the index and a Canadian place: the other views of the field pages
        for path in ("/fields/", "/fields/nursing?place=CA-ON"):
            page.goto(field_pages + path)
            assert_fits(page, width, tables=False)
            assert serious(run_axe(page, axe_source)) == [], path
        assert "CA$" in page.locator("#place-pay").inner_text()
        assert csp == []


def test_fields_index_leads_to_a_field_and_a_career(browser: Any, field_pages: str) -> None:
    with page_at(browser, 1280) as page:
        page.goto(field_pages + "/")
        page.locator("header").get_by_role("link", name="Fields").click()
        page.wait_for_url("**/fields/")
        page.get_by_role("link", name="Machine Learning & AI").click()
        page.wait_for_url("**" + ML_PATH)
        page.locator("#field-careers").get_by_role("link", name="Data Scientists").click()
        page.wait_for_url("**/careers/15-2051.00")
        page.locator(".field-line").get_by_role("link", name="Machine Learning & AI").click()
        page.wait_for_url("**" + ML_PATH)
