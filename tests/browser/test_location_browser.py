"""In headless Chromium: a person in Ontario picks their place and a CAD minimum, and sees
Canadian hourly pay with its source; the place and pay views pass axe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import HostServer, answer_for, quiz_frame, unfold_matches

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def answer_page(frame: Any, place: str) -> dict[str, bool]:
    """Answer what the current page asks; say which location and pay items it showed."""
    seen = {
        "location": frame.locator("select[name=location]").count() == 1,
        "min_annual_wage": frame.locator("input[name=min_annual_wage]").count() == 1,
        "min_wage_cad": frame.locator("input[name=min_wage_cad]").count() == 1,
    }
    names = frame.evaluate(
        "() => [...new Set([...document.querySelectorAll('input[type=radio]')].map(i => i.name))]"
    )
    for name in names:
        if name == "min_wage_cad_per":
            frame.locator("input[name=min_wage_cad_per][value=hour]").check()
        elif name != "max_job_zone":
            frame.locator(f"input[name={name}]").nth(answer_for(name)).check()
    if seen["location"]:
        frame.locator("select[name=location]").select_option(place)
    if seen["min_wage_cad"]:
        frame.locator("input[name=min_wage_cad]").fill("30")
    return seen


def test_ontario_person_sees_cad_hourly_pay_and_its_source(
    context: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(host_server.page("inline"))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    report: dict[str, Any] = {}
    shown: list[dict[str, bool]] = []
    for _ in range(30):
        seen = answer_page(frame, "CA-ON")
        shown.append(seen)
        if seen["location"]:
            report["place"] = run_axe(frame, axe_source)
            labels = frame.locator("select[name=location] optgroup")
            assert labels.evaluate_all("gs => gs.map(g => g.label)") == [
                "United States",
                "Canada",
                "United Kingdom",
                "Elsewhere",
            ]
        if seen["min_wage_cad"]:
            report["pay"] = run_axe(frame, axe_source)
            assert "1,950" in frame.locator("#cm-item-min_wage_cad_per").inner_text()
        button = frame.locator("#cm-next")
        label = button.inner_text()
        button.click()
        if label != "Next":
            break
    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    assert any(s["location"] for s in shown)
    pay_page = next(s for s in shown if s["min_wage_cad"])
    assert not pay_page["min_annual_wage"]  # US dollars are not asked of a person in Ontario

    place = frame.locator("#cm-place-title").locator("xpath=..").inner_text()
    assert "Ontario" in place and "Job Bank" in place and "1,950" in place
    links = frame.locator(".cm-match-title a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(re.search(r"/careers/[0-9.-]+\?place=CA-ON$", h) for h in links), links
    unfold_matches(frame)
    matches = frame.locator(".cm-match").all_inner_texts()
    assert all("Median pay in Ontario" in m and "Canada-wide median" in m for m in matches)
    priced = [m for m in matches if "CA$" in m]
    assert priced and all("an hour" in m and "1,950 hours" in m for m in priced)
    report["result"] = run_axe(frame, axe_source)
    page.screenshot(path=str(screenshots_dir / "result-ontario-360.png"), full_page=True)
    save_json(artifacts_dir / "axe-location.json", report)
    problems = {view: serious(results) for view, results in report.items()}
    assert problems == {view: [] for view in report}, problems
    assert errors == []
