"""In headless Chromium on a 360 px phone: the limits page says how many questions it asks and
which are required, names the question in its errors, asks whether a tiny yearly minimum was
meant an hour; the result keeps its chart labels readable and folds most match details.

The quiz is taken in the demo page's inline frame: its padding leaves the quiz 294 px of a
360 px screen, as a site with ordinary margins would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import HostServer, answer_for

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PHONE = {"width": 360, "height": 800}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}
AMOUNT_TEXT = "What is the lowest pay you would accept, in Canadian dollars?"
PER_TEXT = "Is that amount per hour or per year?"
#: "Part 5 of 5", "(1 of 3)": any counter of this shape the person sees.
COUNTER = re.compile(r"\b\d+ of \d+\b")
#: The size a chart label is drawn at: its font size times the SVG's scale on the screen.
LABEL_SIZES = """() => [...document.querySelectorAll('.cm-chart-label')].map(t =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


def next_page(frame: Any) -> None:
    heading = frame.locator("#cm-progress-label").inner_text()
    frame.locator("#cm-next").click()
    frame.wait_for_function(
        "h => document.getElementById('cm-progress-label').textContent !== h", arg=heading
    )


def to_the_limits_page(frame: Any, place: str) -> None:
    """Answer the quiz's pages up to its last one, the limits, living in ``place``."""
    for _ in range(12):
        if frame.locator("input[name=max_job_zone]").count():
            return
        names = frame.evaluate(
            "() => [...new Set([...document.querySelectorAll('input[type=radio]')]"
            ".map(i => i.name))]"
        )
        for name in names:
            frame.locator(f"input[name={name}]").nth(answer_for(name)).check()
        if frame.locator("select[name=location]").count():
            frame.locator("select[name=location]").select_option(place)
        next_page(frame)
    raise AssertionError("the limits page never came")


def counters(frame: Any) -> list[str]:
    """Every "N of M" the person can see in the quiz's header and page."""
    text = frame.evaluate(
        "() => document.querySelector('.cm-header').innerText + '\\n' + "
        "document.getElementById('cm-main').innerText"
    )
    return COUNTER.findall(text)


def stated_count(frame: Any) -> int:
    """How many questions the page's intro says it asks."""
    intro = frame.locator("#cm-section-intro").inner_text()
    found = re.match(r"(?:These (\w+) questions|This question) (?:is|are) optional", intro)
    assert found, intro
    return NUMBER_WORDS[found.group(1)] if found.group(1) else 1


def shown_questions(frame: Any) -> int:
    return frame.locator("#cm-form .cm-item:visible").count()


def test_limits_page_and_result_on_a_phone(
    browser: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
) -> None:
    ctx = browser.new_context(viewport=PHONE)
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{host_server.quiz_url}/")
    frame = page.wait_for_selector("#demo-inline iframe").content_frame()
    frame.wait_for_selector("#cm-section-title")
    assert frame.evaluate("() => innerWidth") < 300
    assert counters(frame) == ["1 of 10"]  # "Part 1 of 10" only, not "(1 of 5)" beside it

    # in Texas the page asks two questions, and says two
    to_the_limits_page(frame, "US-TX")
    assert counters(frame) == ["10 of 10"]
    assert stated_count(frame) == shown_questions(frame) == 2
    assert frame.locator("#cm-mark-max_job_zone").inner_text().strip() == "(optional)"
    # $15 "a year" was meant an hour: the quiz asks, and yes makes it $31,200 a year
    frame.locator("input[name=min_annual_wage]").fill("15")
    frame.locator("#cm-next").click()
    assert "Did you mean $15.00 an hour?" in frame.locator("#cm-err-min_annual_wage").inner_text()
    frame.locator("#cm-ask-hour").click()
    assert frame.locator("input[name=min_annual_wage]").input_value() == "31200"
    assert frame.locator("#cm-ask").count() == 0
    # $500 an hour would be over the question's $300,000 a year: only "no" is offered
    frame.locator("input[name=min_annual_wage]").fill("500")
    frame.locator("#cm-next").click()
    assert "enter a yearly amount" in frame.locator("#cm-err-min_annual_wage").inner_text()
    assert frame.locator("#cm-ask-hour").count() == 0
    frame.locator("#cm-ask-year").click()
    assert frame.locator("#cm-ask").count() == 0
    assert frame.locator("#cm-err-min_annual_wage").is_hidden()
    frame.locator("input[name=min_annual_wage]").fill("")

    # in Ontario it asks three, and says three; the unit is required once an amount is given
    frame.locator("#cm-back").click()
    frame.locator("select[name=location]").select_option("CA-ON")
    next_page(frame)
    assert stated_count(frame) == shown_questions(frame) == 3
    mark = frame.locator("#cm-mark-min_wage_cad_per")
    assert "required if you answer question" in mark.inner_text()
    frame.locator("input[name=min_wage_cad]").fill("15")
    assert mark.inner_text().strip() == "(required)"
    assert frame.locator("input[name=min_wage_cad_per]").first.get_attribute("required") == ""
    assert "required once you answer" in frame.locator("#cm-section-intro").inner_text()

    # the unit left out: the error names the questions as the person saw them
    frame.locator("#cm-next").click()
    error = frame.locator("#cm-err-min_wage_cad_per")
    assert error.is_visible()
    assert PER_TEXT in error.inner_text() and AMOUNT_TEXT in error.inner_text()
    assert "min_wage_cad" not in error.inner_text()
    report: dict[str, Any] = {"limits-error": run_axe(frame, axe_source)}

    # C$15 a year: asked whether it was an hour; yes sets the unit to per hour
    frame.locator("input[name=min_wage_cad_per][value=year]").check()
    frame.locator("#cm-next").click()
    asked = frame.locator("#cm-err-min_wage_cad").inner_text()
    assert "CA$15 a year" in asked and "under 1,000 dollars a year" in asked
    assert "Did you mean CA$15.00 an hour?" in asked
    report["limits-ask"] = run_axe(frame, axe_source)
    page.screenshot(path=str(screenshots_dir / "limits-ask-360.png"), full_page=True)
    frame.locator("#cm-ask-hour").click()
    assert frame.locator("input[name=min_wage_cad_per][value=hour]").is_checked()
    frame.locator("#cm-next").click()

    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    sizes = frame.evaluate(LABEL_SIZES)
    assert len(sizes) == 6 and min(sizes) >= 12, sizes
    opened = frame.locator(".cm-match details.cm-more").evaluate_all("ds => ds.map(d => d.open)")
    assert len(opened) > 3 and opened == [True] * 3 + [False] * (len(opened) - 3)
    assert frame.locator(".cm-match").nth(3).locator(".cm-facts").is_hidden()
    frame.locator(".cm-match").nth(3).locator("summary").first.click()
    assert frame.locator(".cm-match").nth(3).locator(".cm-facts").is_visible()
    report["result"] = run_axe(frame, axe_source)
    page.screenshot(path=str(screenshots_dir / "result-limits-360.png"), full_page=True)
    ctx.close()
    save_json(artifacts_dir / "axe-limits.json", report)
    problems = {view: serious(results) for view, results in report.items()}
    assert problems == {view: [] for view in report}, problems
    assert errors == []


def test_a_refused_answer_is_shown_by_its_question(browser: Any, host_server: HostServer) -> None:
    """A saved answer the service refuses (a 422 keyed by item id) is named by its text."""
    ctx = browser.new_context(viewport=PHONE)
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    page.goto(f"{host_server.quiz_url}/embed/career-match-short?site=test-site")
    page.wait_for_selector("#cm-section-title")
    quiz = page.evaluate("() => fetch('/v1/quizzes/career-match-short').then(r => r.json())")
    answers: dict[str, Any] = {
        item["id"]: 2
        for section in quiz["sections"]
        for item in section["items"]
        if item["type"] == "scale"
    }
    # what an older page might have saved: "week" is not one of the unit's choices
    answers |= {"location": "CA-ON", "min_wage_cad": 20, "min_wage_cad_per": "week"}
    state = {"version": quiz["version"], "page": 4, "answers": answers, "confirmed": {}}
    page.evaluate(
        "s => sessionStorage.setItem('careermatch:test-site:career-match-short', s)",
        json.dumps(state),
    )
    page.reload()
    page.locator("#cm-continue").click()
    page.wait_for_selector("input[name=min_wage_cad_per]")
    page.locator("#cm-next").click()
    error = page.locator("#cm-err-min_wage_cad_per")
    error.wait_for(state="visible")
    assert error.inner_text().startswith(f"\u201c{PER_TEXT}\u201d")
    assert "min_wage_cad" not in error.inner_text() and "week" not in error.inner_text()
    assert page.evaluate("() => document.activeElement.name") == "min_wage_cad_per"
    ctx.close()
