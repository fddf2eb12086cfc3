"""In headless Chromium: a person in Ontario picks their place and a CAD minimum, and sees
Canadian hourly pay with its source; the place and pay views pass axe."""

from __future__ import annotations

import re
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


def test_ontario_person_sees_cad_hourly_pay_and_its_source(
    context: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
) -> None:
    page, frame, errors = open_inline_quiz(context, host_server)
    report: dict[str, Any] = {}

    def check(seen: dict[str, bool]) -> None:
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

    shown = take_quiz_as_resident(frame, "CA-ON", {"min_wage_cad": "30"}, check)
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
