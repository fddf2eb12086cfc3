"""The front door for people: each quiz (full, adaptive, short) starts on the page, at 1280
and 360 px, and axe passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from shared.attribution import ATTRIBUTION
from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import loopback_page
from tests.support import quiz_definition

pytestmark = [pytest.mark.browser, pytest.mark.integration]

QUIZZES = ("career-match", "career-match-adaptive", "career-match-short")


def test_the_front_door_names_each_quiz_with_its_length(quiz_stack: Any) -> None:
    response = requests.get(f"{quiz_stack.quiz_url}/start", timeout=5)
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    for quiz_id in QUIZZES:
        definition = quiz_definition(quiz_stack.quiz_url, quiz_id)
        # a person in the US is not asked the pay minimum in Canadian dollars or pounds
        items = sum(
            item["id"] not in ("min_wage_cad", "min_wage_cad_per", "min_wage_gbp")
            for section in definition["sections"]
            for item in section["items"]
        )
        minutes = definition["estimated_minutes"]
        # the adaptive quiz asks the full quiz's items, and stops when the top 10 is settled
        up_to = "up to " if "adaptive_of" in definition else ""
        assert f'data-quiz="{quiz_id}"' in response.text
        assert f"About {minutes} minutes, {up_to}{items} questions" in response.text
    # the page shows O*NET data (the quizzes' lengths, careers), so it credits it in full
    for credit in ("onet", "modifications", "bls"):
        assert ATTRIBUTION[credit] in response.text, credit


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_each_choice_starts_its_quiz_on_the_page(
    browser: Any,
    quiz_stack: Any,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
    quiz_id: str,
    width: int,
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(20_000)
    try:
        page = loopback_page(context)
        page.goto(f"{quiz_stack.quiz_url}/start")
        button = page.locator(f"#start-{quiz_id} button.careermatch-button")
        button.click()
        dialog = page.locator("dialog.careermatch-dialog[open]")
        dialog.wait_for()
        handle = dialog.locator("iframe.careermatch-frame").element_handle()
        frame = handle.content_frame()
        first = frame.locator(".cm-item").first
        first.wait_for(state="visible")
        assert first.locator(".cm-q").inner_text().startswith("1. ")
        title = frame.evaluate("() => document.title")
        expected = quiz_definition(quiz_stack.quiz_url, quiz_id)["title"]
        assert expected in title or expected in frame.locator("body").inner_text()
        page.screenshot(path=str(screenshots_dir / f"front-door-{quiz_id}-{width}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width

        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('dialog.careermatch-dialog[open]')")
        results = run_axe(page, axe_source)
        save_json(artifacts_dir / f"axe-front-door-{width}.json", results)
        assert serious(results) == []
        assert page.evaluate("() => window.cspViolations") == []
    finally:
        context.close()
