"""Deleting one's result from the embedded result view, in headless Chromium at 1280 and
360 px, by keyboard: the deletion code kept with the result (still there after a reload,
never in a URL), asking first (Escape cancels), a clear message when the service cannot be
reached or the result is already gone, then "Your result was deleted" and the API's 404.
Axe runs on the open confirmation and on the deleted view. Deleting a version made with
"Not for me" deletes the result it was made from too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import (
    HostServer,
    assert_fits,
    complete_by_clicks,
    loopback_page,
    quiz_frame,
    wait_for_event,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WIDTHS = [1280, 360]
QUIZ = "career-match-short"
#: The saved state of the quiz in the frame (core.js save: one key per site, quiz, version).
STATE = (
    "() => Object.keys(localStorage).filter(k => k.startsWith('careermatch:test-site:"
    + QUIZ
    + ":')).map(k => JSON.parse(localStorage.getItem(k)))[0] || null"
)


def _take(
    browser: Any, host_server: HostServer, width: int
) -> tuple[Any, Any, Any, str, list[str]]:
    """A host page whose quiz frame shows a fresh result: (context, page, frame, id, errors)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(20_000)
    page = loopback_page(context)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(host_server.page("inline", quiz=QUIZ))
    wait_for_event(page, "ready", timeout=60)
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    complete_by_clicks(frame)
    result_id = wait_for_event(page, "result")["detail"]["resultId"]
    return context, page, frame, result_id, errors


def _axe(frame: Any, axe_source: str, path: Path) -> None:
    results = run_axe(frame, axe_source)
    save_json(path, results)
    assert serious(results) == [], serious(results)


def _focused(frame: Any) -> str:
    found: str = frame.evaluate("() => document.activeElement.id")
    return found


def _open_confirmation(page: Any, frame: Any) -> None:
    frame.locator("#cm-delete").focus()
    page.keyboard.press("Enter")
    frame.wait_for_selector("#cm-delete-panel:not([hidden])")
    assert _focused(frame) == "cm-delete-ask"
    assert frame.locator("#cm-delete").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert _focused(frame) == "cm-delete-yes"


@pytest.mark.parametrize("width", WIDTHS)
def test_deleting_the_result_from_the_quiz_by_keyboard(
    browser: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
    width: int,
) -> None:
    context, page, frame, result_id, errors = _take(browser, host_server, width)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(f"{r.method} {r.url}"))
    token = frame.evaluate(STATE)["tokens"][result_id]
    assert token and frame.locator("#cm-token").input_value() == token

    # a reload of the tab shows the result again, with the code to delete it
    page.reload()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    assert frame.locator("#cm-delete").is_visible()

    # asked first; Escape leaves everything as it was
    _open_confirmation(page, frame)
    page.keyboard.press("Escape")
    assert frame.locator("#cm-delete-panel").is_hidden()
    assert _focused(frame) == "cm-delete"
    _open_confirmation(page, frame)
    _axe(frame, axe_source, artifacts_dir / f"axe-delete-confirm-{width}.json")
    assert_fits(page, width)
    frame.locator("#cm-keep").screenshot(path=str(screenshots_dir / f"result-delete-{width}.png"))

    # the service cannot be reached: said so, nothing deleted
    page.route("**/v1/results/*", lambda route: route.abort())
    page.keyboard.press("Enter")
    problem = frame.locator("#cm-delete-error")
    problem.wait_for(state="visible")
    assert "could not reach the service" in problem.inner_text()
    assert problem.get_attribute("role") == "alert"
    page.unroute("**/v1/results/*")
    assert requests.get(f"{host_server.quiz_url}/v1/results/{result_id}", timeout=5).ok

    assert _focused(frame) == "cm-delete-yes"
    page.keyboard.press("Enter")
    frame.wait_for_selector("#cm-deleted-title")
    assert _focused(frame) == "cm-deleted-title"
    assert "gone for good" in frame.locator("#cm-deleted-text").inner_text()
    gone = requests.get(f"{host_server.quiz_url}/v1/results/{result_id}", timeout=5)
    assert gone.status_code in (404, 410), gone.text
    state = frame.evaluate(STATE)
    assert not state["resultId"] and not state.get("tokens") and state["answers"] == {}
    _axe(frame, axe_source, artifacts_dir / f"axe-deleted-{width}.json")
    assert_fits(page, width)
    page.screenshot(path=str(screenshots_dir / f"result-deleted-{width}.png"))

    # the code went only in the DELETE's header: in no address asked for
    assert requested and not [url for url in requested if token in url]
    assert [r for r in requested if r.startswith("DELETE")] == [
        f"DELETE {host_server.quiz_url}/v1/results/{result_id}"
    ] * 2  # the refused attempt, then the one that deleted

    frame.locator("#cm-deleted-again").focus()
    page.keyboard.press("Enter")
    frame.wait_for_selector("#cm-form")
    assert errors == []
    assert page.evaluate("() => window.cspViolations") == []
    context.close()


def test_a_result_already_gone_is_said_so(
    browser: Any, host_server: HostServer, screenshots_dir: Path
) -> None:
    context, page, frame, result_id, errors = _take(browser, host_server, 360)
    token = frame.evaluate(STATE)["tokens"][result_id]
    url = f"{host_server.quiz_url}/v1/results/{result_id}"
    assert requests.delete(url, headers={"X-Deletion-Token": token}, timeout=5).status_code == 204
    _open_confirmation(page, frame)
    page.keyboard.press("Enter")
    frame.wait_for_selector("#cm-deleted-title")
    assert "already gone" in frame.locator("#cm-deleted-text").inner_text()
    assert frame.evaluate(STATE)["resultId"] is None
    assert errors == []
    context.close()


def test_deleting_a_version_deletes_the_result_it_was_made_from(
    browser: Any, host_server: HostServer
) -> None:
    context, page, frame, first_id, errors = _take(browser, host_server, 1280)
    frame.locator("[data-aside]").first.click()  # "Not for me": a version of the result
    page.wait_for_function(
        "() => window.hostEvents.filter(e => e.type === 'result').length >= 2", timeout=60_000
    )
    events: list[dict[str, Any]] = page.evaluate("() => window.hostEvents")
    second_id = [e["detail"]["resultId"] for e in events if e["type"] == "result"][1]
    assert second_id != first_id
    # the version is shown once focus is back on Undo, where the person was working
    frame.wait_for_function("() => document.activeElement.id === 'cm-aside-undo'")
    _open_confirmation(page, frame)
    assert "with the other version of it" in frame.locator("#cm-delete-text").inner_text()
    page.keyboard.press("Enter")
    frame.wait_for_selector("#cm-deleted-title")
    for result_id in (first_id, second_id):
        gone = requests.get(f"{host_server.quiz_url}/v1/results/{result_id}", timeout=5)
        assert gone.status_code in (404, 410), (result_id, gone.text)
    assert errors == []
    context.close()
