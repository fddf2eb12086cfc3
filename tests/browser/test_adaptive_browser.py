"""The adaptive quiz in headless Chromium, by keyboard only, at 1280 and 360 px: one question
at a time from ``/next``, a progress bar from its estimate, the optional questions skipped,
"Show my results now" once the minimum is answered, and a result; axe on each view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from services.quiz.adaptive import MIN_ASKED
from tests.browser.axe import run_axe, serious
from tests.browser.conftest import HostServer, answer_for, loopback_page, quiz_frame

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUIZ = "career-match-adaptive"
#: What has the keyboard focus in the quiz's frame.
FOCUSED = """() => { const a = document.activeElement; return {tag: a.tagName, id: a.id,
  type: a.type || '', name: a.name || '',
  checked: a.name ? !!document.querySelector(`input[name="${a.name}"]:checked`) : false}; }"""
#: Another question is shown, or the result is coming.
MOVED_ON = """i => document.getElementById('cm-wait-title') || document.getElementById(
  'cm-result-title') || document.querySelector('#cm-form [data-item]').dataset.item !== i"""
CURRENT = "() => (document.querySelector('#cm-form [data-item]') || {dataset: {}}).dataset.item"


def tab_to(page: Any, frame: Any, element_id: str) -> None:
    for _ in range(20):
        if frame.evaluate(FOCUSED)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} never took the focus")


def answer_by_keyboard(page: Any, frame: Any, item: str) -> None:
    """Answer (or skip) the question shown, by keyboard, and go on."""
    page.keyboard.press("Tab")  # from the question's heading to its first control
    focused = frame.evaluate(FOCUSED)
    if item.startswith(("int_", "val_", "skl_")):
        assert focused["type"] == "radio" and focused["name"] == item, focused
        target = answer_for(item)
        page.keyboard.press("Space")  # the first point, then right to the one wanted
        for _ in range(target):
            page.keyboard.press("ArrowRight")
        tab_to(page, frame, "cm-next")
    elif item == "max_job_zone":
        page.keyboard.press("Space")
        for _ in range(3):  # 4: a four-year degree
            page.keyboard.press("ArrowRight")
        tab_to(page, frame, "cm-next")
    else:  # the place and the pay minimum: skipped
        tab_to(page, frame, "cm-skip")
    page.keyboard.press("Enter")
    frame.wait_for_function(MOVED_ON, arg=item)


def open_quiz(context: Any, host_server: HostServer, width: int) -> tuple[Any, Any]:
    page = loopback_page(context)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(host_server.page("inline", quiz=QUIZ))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    frame.locator("#cm-section-title").focus()
    return page, frame


def check_view(frame: Any, axe_source: str, width: int) -> None:
    found = serious(run_axe(frame, axe_source))
    assert found == [], found
    assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1"), width


@pytest.mark.parametrize("width", [1280, 360])
def test_adaptive_quiz_by_keyboard(
    width: int, context: Any, host_server: HostServer, axe_source: str, screenshots_dir: Path
) -> None:
    page, frame = open_quiz(context, host_server, width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    asked: list[str] = []
    finish_early = width == 360  # at 360 the person asks for results after the minimum
    for _ in range(100):
        item = frame.evaluate(CURRENT)
        if item is None:
            break
        assert item not in asked
        asked.append(item)
        if len(asked) == 4:  # a scale question, with its section's intro
            check_view(frame, axe_source, width)
            assert frame.locator("#cm-bar").get_attribute("aria-valuetext")
            page.screenshot(path=str(screenshots_dir / f"adaptive-{width}.png"))
        if frame.locator("#cm-finish").count():
            assert sum(i.startswith(("int_", "val_", "skl_")) for i in asked) > MIN_ASKED
            if finish_early:
                check_view(frame, axe_source, width)
                tab_to(page, frame, "cm-finish")
                page.keyboard.press("Enter")
                break
        answer_by_keyboard(page, frame, item)
    assert asked[:3] == ["location", "max_job_zone", "min_annual_wage"]
    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    assert frame.locator(".cm-match").count() >= 10
    check_view(frame, axe_source, width)
    assert len(asked) < 87
    assert errors == []
    assert page.evaluate("() => window.cspViolations") == []


def test_a_reload_asks_the_same_question(context: Any, host_server: HostServer) -> None:
    steps: list[Any] = []
    context.on("request", lambda r: steps.append(r) if r.url.endswith("/next") else None)
    page, frame = open_quiz(context, host_server, 1280)
    for _ in range(8):
        answer_by_keyboard(page, frame, frame.evaluate(CURRENT))
    item, label = frame.evaluate(CURRENT), frame.locator("#cm-progress-label").inner_text()
    assert label.startswith("Question 9 ")
    page.reload()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    assert frame.evaluate(CURRENT) == item
    assert frame.locator("#cm-progress-label").inner_text() == label
    # each step names the version the answers were begun under, as the submission does
    version = requests.get(f"{host_server.quiz_url}/v1/quizzes/{QUIZ}", timeout=5).json()
    assert len(steps) >= 10
    assert {r.post_data_json["quiz_version"] for r in steps} == {version["version"]}
