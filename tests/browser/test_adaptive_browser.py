"""The adaptive quiz in headless Chromium, by keyboard only, at 1280 and 360 px: one question
at a time from ``/next``, a progress bar from its estimate, the optional questions skipped,
"Show my results now" once the minimum is answered, Back to the question before with its
answer still picked, and a result; axe on each view."""

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
#: The point picked on the scale question shown (0-4), else null.
PICKED = """i => { const all = [...document.querySelectorAll(`input[name="${i}"]`)];
  const at = all.findIndex(r => r.checked); return at < 0 ? null : at; }"""
#: The question shown has an answer picked (not "No preference").
ANSWERED = 'i => !!document.querySelector(`input[name="${i}"]:checked:not([value=""])`)'
#: The training limit answer_by_keyboard picks: three right of "No preference", the third.
JOB_ZONE = 2
#: What the number or select of the question shown says.
VALUE = 'i => document.querySelector(`[name="${i}"]`).value'


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
    if item.startswith(("int_", "val_", "skl_")) or item == "max_job_zone":
        assert focused["type"] == "radio" and focused["name"] == item, focused
        # a question come back to (Back) keeps its answer; else from the point focused (the
        # first, or the training limit's "No preference", last) right to the one wanted
        if not frame.evaluate(ANSWERED, item):
            page.keyboard.press("Space")
            for _ in range(3 if item == "max_job_zone" else answer_for(item)):
                page.keyboard.press("ArrowRight")
        tab_to(page, frame, "cm-next")
    else:  # the place and the pay minimum: skipped
        tab_to(page, frame, "cm-skip")
    page.keyboard.press("Enter")
    frame.wait_for_function(MOVED_ON, arg=item)


def bar_now(frame: Any) -> int:
    return int(frame.locator("#cm-bar").get_attribute("aria-valuenow"))


def press_back(page: Any, frame: Any, expected: str) -> None:
    """Go back by keyboard: the question before comes back, the focus on its heading, and
    its number is announced as Next does."""
    tab_to(page, frame, "cm-back")
    page.keyboard.press("Enter")
    frame.wait_for_function(f"() => ({CURRENT})() === {expected!r}")
    assert frame.evaluate(FOCUSED)["id"] == "cm-section-title"
    number = frame.locator("#cm-progress-label").inner_text().split(" ")[1]
    frame.wait_for_function(
        "n => document.getElementById('cm-status').textContent.startsWith(`Question ${n}, `)",
        arg=number,
    )


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
    shown: list[tuple[int, str]] = []  # the bar's value and the label beside it, step by step
    finish_early = width == 360  # at 360 the person asks for results after the minimum
    for _ in range(100):
        item = frame.evaluate(CURRENT)
        if item is None:
            break
        assert item not in asked
        asked.append(item)
        shown.append((bar_now(frame), frame.locator("#cm-progress-label").inner_text()))
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
    # the estimate of the questions left goes up as well as down, the bar never goes back
    bars = [bar for bar, _ in shown]
    assert bars == sorted(bars), shown
    assert errors == []
    assert page.evaluate("() => window.cspViolations") == []


def test_a_reload_asks_the_same_question(context: Any, host_server: HostServer) -> None:
    steps: list[Any] = []
    context.on("request", lambda r: steps.append(r) if r.url.endswith("/next") else None)
    page, frame = open_quiz(context, host_server, 1280)
    asked: list[str] = []
    for _ in range(8):
        asked.append(frame.evaluate(CURRENT))
        answer_by_keyboard(page, frame, asked[-1])
    item, label = frame.evaluate(CURRENT), frame.locator("#cm-progress-label").inner_text()
    assert label.startswith("Question 9 ")
    page.reload()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    assert frame.evaluate(CURRENT) == item
    assert frame.locator("#cm-progress-label").inner_text() == label
    # the order the answers were given in is kept: Back works after a reload
    frame.locator("#cm-section-title").focus()
    press_back(page, frame, asked[-1])
    assert frame.evaluate(PICKED, asked[-1]) == answer_for(asked[-1])
    # each step names the version the answers were begun under, as the submission does
    version = requests.get(f"{host_server.quiz_url}/v1/quizzes/{QUIZ}", timeout=5).json()
    assert len(steps) >= 10
    assert {r.post_data_json["quiz_version"] for r in steps} == {version["version"]}


@pytest.mark.parametrize("width", [1280, 360])
def test_back_by_keyboard(
    width: int, context: Any, host_server: HostServer, axe_source: str, screenshots_dir: Path
) -> None:
    page, frame = open_quiz(context, host_server, width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    assert frame.locator("#cm-back").count() == 0  # nothing to go back to on the first
    asked: list[str] = []
    bars = [bar_now(frame)]

    def forward(count: int) -> None:
        for _ in range(count):
            item = frame.evaluate(CURRENT)
            assert item not in asked
            asked.append(item)
            answer_by_keyboard(page, frame, item)
            bars.append(bar_now(frame))

    forward(4)  # the place and pay minimum skipped, the training limit and one scale answered
    assert bars == sorted(bars)
    fourth = frame.evaluate(CURRENT)
    press_back(page, frame, asked[-1])
    scale = asked.pop()
    assert frame.evaluate(PICKED, scale) == answer_for(scale)
    assert frame.locator("#cm-progress-label").inner_text().startswith("Question 4 ")
    check_view(frame, axe_source, width)
    page.screenshot(path=str(screenshots_dir / f"adaptive-back-{width}.png"))
    press_back(page, frame, asked[-1])
    skipped = asked.pop()
    assert skipped == "min_annual_wage" and frame.evaluate(VALUE, skipped) == ""
    press_back(page, frame, asked[-1])
    assert asked.pop() == "max_job_zone" and frame.evaluate(PICKED, "max_job_zone") == JOB_ZONE
    forward(3)  # the same answers again: the same questions, in the same order
    assert asked[-1] == scale and frame.evaluate(CURRENT) == fourth
    # on the scale question again: change its answer, and go on from there
    press_back(page, frame, scale)
    asked.pop()
    page.keyboard.press("Tab")  # the picked point takes the focus
    page.keyboard.press("ArrowLeft" if answer_for(scale) else "ArrowRight")
    changed = frame.evaluate(PICKED, scale)
    assert changed not in (None, answer_for(scale))
    asked.append(scale)
    tab_to(page, frame, "cm-next")
    page.keyboard.press("Enter")
    frame.wait_for_function(MOVED_ON, arg=scale)
    bars.append(bar_now(frame))
    forward(5)
    assert bars == sorted(bars)  # never back, going forward or back
    assert len(asked) == len(set(asked)) == 9
    press_back(page, frame, asked[-1])
    assert errors == []
    assert page.evaluate("() => window.cspViolations") == []
