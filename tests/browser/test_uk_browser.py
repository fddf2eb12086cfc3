"""In headless Chromium: a career page's UK pay block, and a person in the United Kingdom
who gives a minimum in pounds and sees UK pay with ONS's credit; each view passes axe at
360 px (and the career page at 1280 px)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import (
    HostServer,
    open_inline_quiz,
    take_quiz_as_resident,
    unfold_matches,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.mark.parametrize("width", [360, 1280])
def test_career_page_uk_block(
    browser: Any, pages_url: str, screenshots_dir: Path, axe_source: str, width: int
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(pages_url + "/careers/23-1011.00")
        block = page.locator("#uk-pay")
        assert page.locator("#uk-pay-figure").inner_text() == (
            "£51,624: ONS ASHE 2024 provisional, UK full-time employees in Solicitors and "
            "lawyers (SOC 2020 2412)."
        )
        rows = page.locator("#uk-pay-table tbody tr").all_inner_texts()
        assert [r.split("\t")[0] for r in rows] == [
            "10th",
            "25th",
            "Median (50th)",
            "75th",
            "90th",
        ]
        assert "Not published" in rows[4]  # ONS marks it 'x': never filled in
        assert "Open Government Licence v3.0" in block.inner_text()
        assert page.locator("#uk-pay-table").evaluate("t => t.scrollWidth <= t.clientWidth + 1")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        block.screenshot(path=str(screenshots_dir / f"uk-pay-{width}.png"))
        results = run_axe(page, axe_source)
        assert serious(results) == [], serious(results)
        page.goto(pages_url + "/careers/15-2051.00")
        assert (
            page.locator("#uk-pay-figure").inner_text().startswith("No UK figure for this career: ")
        )
        assert page.locator("#uk-pay-table").count() == 0
    finally:
        ctx.close()


def test_uk_person_sees_uk_pay_in_pounds_and_its_source(
    context: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
) -> None:
    page, frame, errors = open_inline_quiz(context, host_server)
    report: dict[str, Any] = {}

    def check(seen: dict[str, bool]) -> None:
        if seen["min_wage_gbp"]:
            report["pay"] = run_axe(frame, axe_source)
            assert "pounds" in frame.locator("#cm-item-min_wage_gbp").inner_text()

    shown = take_quiz_as_resident(frame, "GB", {"min_wage_gbp": "30000"}, check)
    pay_page = next(s for s in shown if s["min_wage_gbp"])
    assert not pay_page["min_annual_wage"] and not pay_page["min_wage_cad"]

    place = frame.locator("#cm-place-title").locator("xpath=..").inner_text()
    assert "United Kingdom" in place and "ONS" in place and "pounds" in place
    unfold_matches(frame)
    matches = frame.locator(".cm-match").all_inner_texts()
    assert all("Median pay in the UK (ONS)" in m for m in matches)
    priced = [m for m in matches if "£" in m]
    assert priced and all("SOC 2020" in m for m in priced)
    credits = frame.locator("#cm-attribution").inner_text()
    assert "Office for National Statistics" in credits and "Open Government Licence" in credits
    report["result"] = run_axe(frame, axe_source)
    page.screenshot(path=str(screenshots_dir / "result-uk-360.png"), full_page=True)
    save_json(artifacts_dir / "axe-uk.json", report)
    problems = {view: serious(results) for view, results in report.items()}
    assert problems == {view: [] for view in report}, problems
    assert errors == []
