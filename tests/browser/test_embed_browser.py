"""End to end in headless Chromium: a person takes the quiz inside a host page, by keyboard."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import (
    HostServer,
    answer_for,
    complete_by_clicks,
    quiz_frame,
    unfold_matches,
    wait_for_event,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

FOCUS_INFO = """() => {
  const el = document.activeElement;
  const info = {tag: el ? el.tagName : null, id: el && el.id, type: el && el.type,
                name: el && el.name, checked: !!(el && el.checked), value: el && el.value};
  if (el && el.type === 'radio') {
    info.groupChecked = !!document.querySelector(`input[name="${el.name}"]:checked`);
    info.index = Array.from(document.querySelectorAll(`input[name="${el.name}"]`)).indexOf(el);
  }
  info.result = !!document.getElementById('cm-result-title');
  return info;
}"""


def complete_by_keyboard(page: Any, frame: Any, max_keys: int = 3000) -> int:
    """Tab into the quiz and answer every item with the keyboard only; returns keys pressed.

    Reads where the focus is (as a person sees it) and acts with Tab, arrows, Space, typing
    and Enter; never clicks.
    """
    keys = 0

    def press(key: str) -> None:
        nonlocal keys
        page.keyboard.press(key)
        keys += 1

    while page.evaluate("() => document.activeElement && document.activeElement.tagName") != (
        "IFRAME"
    ):
        press("Tab")
        assert keys < 20, "Tab never reached the quiz frame"
    while keys < max_keys:
        info = frame.evaluate(FOCUS_INFO)
        if info["result"]:
            return keys
        if info["type"] == "radio" and info["name"] == "max_job_zone":
            if info["value"] == "":
                press("ArrowLeft")  # from "No preference" to the most training: 5
            press("Tab")
        elif info["type"] == "radio" and not info["groupChecked"]:
            target = answer_for(info["name"])
            if target == 0:
                press("Space")
            for _ in range(target):
                press("ArrowRight")
            press("Tab")
        elif info["type"] == "number":
            page.keyboard.type("30000")
            press("Tab")
        elif info["id"] == "cm-next":
            press("Enter")
            frame.wait_for_function("() => document.activeElement.id !== 'cm-next'")
        elif info["tag"] == "H2" and info["id"] == "cm-wait-title":
            frame.wait_for_selector("#cm-result-title", timeout=60_000)
        else:
            press("Tab")
    raise AssertionError(f"the quiz was not finished after {keys} key presses")


def test_keyboard_person_completes_quiz_in_host_page(
    context: Any, host_server: HostServer, screenshots_dir: Path
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(host_server.page("api"))
    wait_for_event(page, "ready", timeout=20)
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")

    started = time.monotonic()
    keys = complete_by_keyboard(page, frame)
    print(f"keyboard-only quiz: {keys} keys, {time.monotonic() - started:.1f} s")

    submitted = wait_for_event(page, "submitted")
    result = wait_for_event(page, "result")
    assert result["via"] == "api"
    assert result["detail"]["resultId"] == submitted["detail"]["resultId"]
    matches = result["detail"]["matches"]
    assert 1 <= len(matches) <= 10
    assert {"code", "title", "score"} <= set(matches[0])

    assert frame.locator(".cm-match").count() >= 10
    assert frame.locator(".cm-match").first.locator("h4").inner_text().endswith(matches[0]["title"])
    assert frame.locator(".cm-chart").count() == 1
    assert "O*NET" in frame.locator("#cm-attribution").inner_text()
    assert frame.evaluate("() => document.activeElement.id") == "cm-result-title"

    # inline: the frame is as tall as its content, so it has no scrollbar of its own
    frame.wait_for_function("() => document.documentElement.scrollHeight <= innerHeight + 2")
    assert frame.evaluate("() => innerHeight") > 1500
    page.screenshot(path=str(screenshots_dir / "host-result-1280.png"), full_page=True)
    assert errors == []
    assert any(url.endswith("/events") for url in urls), "the result was not followed by SSE"


def test_reload_keeps_answers(context: Any, host_server: HostServer) -> None:
    page = context.new_page()
    page.goto(host_server.page("inline"))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    frame.locator("input[name=int_r01]").nth(3).check()
    frame.locator("input[name=int_i01]").nth(1).check()
    assert page.locator("iframe.careermatch-frame").count() == 1  # embed.js loaded twice
    page.reload()
    frame = quiz_frame(page)
    frame.locator("#cm-continue").click()  # "Continue where you left off"
    frame.wait_for_selector("#cm-section-title")
    assert frame.locator("input[name=int_r01]").nth(3).is_checked()
    assert frame.locator("input[name=int_i01]").nth(1).is_checked()
    assert page.locator("iframe.careermatch-frame").count() == 1


def test_missing_answer_is_flagged_next_to_the_item(context: Any, host_server: HostServer) -> None:
    page = context.new_page()
    page.goto(host_server.page("inline"))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-next")
    frame.locator("#cm-next").click()
    error = frame.locator("#cm-err-int_r01")
    assert error.is_visible()
    assert "choose an answer" in error.inner_text()
    assert frame.evaluate("() => document.activeElement.name") == "int_r01"
    assert frame.locator("input[name=int_r01]").first.get_attribute("aria-invalid") == "true"


def _no_quiz_frame(page: Any, host_server: HostServer) -> bool:
    return not any(
        "/embed/" in f.url and f.evaluate("() => !!document.getElementById('cm-app')")
        for f in page.frames
        if f.url.startswith(host_server.quiz_url)
    )


@pytest.mark.parametrize(
    ("site", "expected"),
    [("other-site", "allows its quiz only on its own pages"), ("no-such-site", "not registered")],
)
def test_refusal_shows_at_once_inline(
    context: Any, host_server: HostServer, site: str, expected: str
) -> None:
    """The refusal is shown without waiting for the frame: the frame timeout is 60 s here."""
    page = context.new_page()
    started = time.monotonic()
    page.goto(host_server.page("inline", site=site, timeout="60000"))
    # well under the 60 s frame timeout, with room for a loaded CI machine
    event = wait_for_event(page, "error", timeout=20)
    elapsed = time.monotonic() - started
    assert event["detail"]["reason"] == "refused"
    assert expected in event["detail"]["message"]
    alert = page.locator("#quiz [role=alert]")
    assert expected in alert.inner_text()
    if site == "other-site":
        assert host_server.origin in alert.inner_text()
    assert page.locator("iframe.careermatch-frame").count() == 0
    assert _no_quiz_frame(page, host_server)
    print(f"refusal ({site}, inline) shown {elapsed * 1000:.0f} ms after navigation started")


def test_refusal_shows_at_once_in_the_popup(context: Any, host_server: HostServer) -> None:
    page = context.new_page()
    page.goto(host_server.page("popup", site="other-site", timeout="60000"))
    page.click("button.careermatch-button")
    started = time.monotonic()
    # well under the 60 s frame timeout, with room for a loaded CI machine
    event = wait_for_event(page, "error", timeout=20)
    elapsed = time.monotonic() - started
    assert event["detail"]["reason"] == "refused"
    alert = page.locator("dialog.careermatch-dialog [role=alert]")
    assert alert.is_visible()
    assert "allows its quiz only on its own pages" in alert.inner_text()
    assert page.locator("iframe.careermatch-frame").count() == 0
    page.keyboard.press("Escape")
    wait_for_event(page, "close", timeout=5)
    print(f"refusal (popup) shown {elapsed * 1000:.0f} ms after the click")


def test_frame_ancestors_still_guards_when_the_check_cannot_run(
    context: Any, host_server: HostServer
) -> None:
    """A page whose CSP blocks the check gets the frame, which the browser refuses to show."""
    page = context.new_page()
    page.route("**/embed/*/check*", lambda route: route.abort())
    page.goto(host_server.page("inline", site="other-site", timeout="3000"))
    event = wait_for_event(page, "error", timeout=15)
    assert event["detail"]["reason"] == "timeout"
    assert page.locator("iframe.careermatch-frame").count() == 0
    assert "could not be shown" in page.locator("#quiz [role=alert]").inner_text()
    assert _no_quiz_frame(page, host_server)


def test_popup_traps_focus_closes_on_escape_and_returns_focus(
    context: Any, host_server: HostServer
) -> None:
    page = context.new_page()
    page.goto(host_server.page("popup"))
    button = page.locator("#quiz button.careermatch-button")
    button.wait_for()
    assert button.get_attribute("aria-haspopup") == "dialog"
    button.focus()
    page.keyboard.press("Enter")
    wait_for_event(page, "ready", timeout=20)
    dialog = page.locator("dialog.careermatch-dialog")
    assert dialog.evaluate("d => d.open")
    inside = (
        "() => document.querySelector('dialog.careermatch-dialog').contains(document.activeElement)"
    )
    page.wait_for_function(inside)
    frame = quiz_frame(page)
    frame.wait_for_function("() => document.activeElement.id === 'cm-section-title'")

    for step in range(90):  # more than every control of the first part: focus wraps around
        page.keyboard.press("Tab")
        assert page.evaluate(inside), f"focus left the dialog after {step + 1} Tab presses"
    for step in range(10):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside), f"focus left the dialog after {step + 1} Shift+Tab"

    # Esc while the focus is inside the quiz frame
    frame.locator("#cm-section-title").focus()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.careermatch-dialog').open")
    assert page.evaluate("() => document.activeElement.classList.contains('careermatch-button')")
    wait_for_event(page, "close", timeout=5)

    # again, with Esc on the dialog's own close button
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('dialog.careermatch-dialog').open")
    page.locator("button.careermatch-close").focus()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog.careermatch-dialog').open")
    assert page.evaluate("() => document.activeElement.classList.contains('careermatch-button')")


def test_axe_finds_no_serious_violation(
    context: Any, host_server: HostServer, axe_source: str, artifacts_dir: Path
) -> None:
    page = context.new_page()
    quiz_page = f"{host_server.quiz_url}/embed/career-match?site=test-site"
    report: dict[str, Any] = {}

    page.goto(f"{host_server.quiz_url}/")
    page.wait_for_selector("#demo-inline iframe")
    report["demo"] = run_axe(page, axe_source)

    page.goto(quiz_page)
    page.wait_for_selector("#cm-section-title")
    report["quiz"] = run_axe(page, axe_source)

    page.locator("#cm-next").click()  # the view with every item flagged as missing
    page.wait_for_selector(".cm-invalid")
    report["quiz-errors"] = run_axe(page, axe_source)

    # skills rated Beginner, so the top careers show gaps on the person's own labels
    complete_by_clicks(
        page.main_frame, pick=lambda name: 1 if name.startswith("skl_") else answer_for(name)
    )
    page.locator(".cm-gaps summary").first.click()
    gap = page.locator(".cm-gaps li").first.inner_text()
    assert ": you said Beginner; it usually needs about " in gap
    report["result"] = run_axe(page, axe_source)

    save_json(artifacts_dir / "axe.json", report)
    problems = {view: serious(results) for view, results in report.items()}
    assert problems == {view: [] for view in report}, problems


def test_flat_profile_is_explained(context: Any, host_server: HostServer) -> None:
    page = context.new_page()
    page.goto(f"{host_server.quiz_url}/embed/career-match-short?site=test-site")
    page.wait_for_selector("#cm-section-title")
    complete_by_clicks(page.main_frame, pick=lambda name: 0)  # dislikes everything equally
    note = page.locator(".cm-note")
    assert note.is_visible()
    assert note.inner_text().strip()
    assert page.locator(".cm-chart desc").text_content().startswith("Realistic 0 of 40")
    assert page.locator(".cm-match").count() >= 10


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_and_no_sideways_scroll(
    browser: Any, host_server: HostServer, screenshots_dir: Path, width: int
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    ctx.set_default_timeout(20_000)
    try:
        page = ctx.new_page()
        page.goto(host_server.page("inline"))
        frame = quiz_frame(page)
        frame.wait_for_selector("#cm-section-title")
        page.wait_for_timeout(300)  # let the frame settle to its content height
        page.screenshot(path=str(screenshots_dir / f"quiz-{width}.png"), full_page=True)
        no_overflow = "() => document.documentElement.scrollWidth <= window.innerWidth"
        assert frame.evaluate(no_overflow)
        assert page.evaluate(no_overflow)
        complete_by_clicks(frame)
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshots_dir / f"result-{width}.png"), full_page=True)
        frame.locator(".cm-match").first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots_dir / f"result-{width}-first-match.png"))
        assert frame.evaluate(no_overflow)
    finally:
        ctx.close()
    assert (screenshots_dir / f"quiz-{width}.png").stat().st_size > 5000
    assert (screenshots_dir / f"result-{width}.png").stat().st_size > 5000


def test_result_view_says_only_what_is_true(context: Any, host_server: HostServer) -> None:
    """The issue's person: short quiz, Investigative items liked, everything else disliked."""
    page = context.new_page()
    page.goto(f"{host_server.quiz_url}/embed/career-match-short?site=test-site")
    page.wait_for_selector("#cm-section-title")
    complete_by_clicks(page.main_frame, pick=lambda name: 4 if name.startswith("int_i") else 1)
    assert page.locator("#cm-intro").inner_text() == (
        "Ranked by match score (0 to 100), from your interests."
    )
    assert (
        page.locator("#cm-standout")
        .inner_text()
        .startswith("Only 1 of your areas stands out: Investigative")
    )
    assert "Only Investigative (40 of 40) stands out" in page.locator(".cm-note").inner_text()
    unfold_matches(page.main_frame)
    reasons = page.locator(".cm-reasons").all_inner_texts()
    assert reasons and not any("strongly Investigative and Realistic" in r for r in reasons)
    skills = page.locator("#cm-skills").inner_text()
    assert "Used by" in skills and "of your top 10 careers" in skills
    hint = page.locator("#cm-skills-title + .cm-hint").inner_text()
    assert "median of the median wages of your top careers" in hint
    assert "US national figures" in skills  # no place given: the pay is said to be US figures
    pay = " ".join(page.locator(".cm-facts").all_inner_texts())
    assert "the group this career belongs to" in pay
    # the shown score: shared by careers the answers don't separate, never 100 / 100
    assert "your answers don't separate them" in pay and "100 / 100" not in pay


def test_a_new_quiz_version_keeps_the_answers_to_unchanged_items(
    context: Any, host_server: HostServer
) -> None:
    """Saved answers from an older version (here kept by a tab, as before answers lasted
    across tabs): those to items still asked are kept, under the new version's key."""
    page = context.new_page()
    page.goto(f"{host_server.quiz_url}/embed/career-match?site=test-site")
    page.wait_for_selector("#cm-section-title")
    key = "careermatch:test-site:career-match"
    page.evaluate(
        """key => sessionStorage.setItem(key, JSON.stringify({version: "2026.11.1", page: 3,
            answers: {int_r01: 3, int_r10: 4, int_i01: 0}, key: null, sentBody: null,
            resultId: null}))""",
        key,
    )
    page.reload()
    page.locator("#cm-continue").click()
    page.wait_for_selector("#cm-section-title")
    saved = page.evaluate(
        "v => JSON.parse(localStorage.getItem('careermatch:test-site:career-match:' + v))",
        page.evaluate("() => fetch('/v1/quizzes/career-match').then(r => r.json())")["version"],
    )
    assert page.evaluate("key => sessionStorage.getItem(key)", key) is None
    state = page.evaluate(
        "() => [...document.querySelectorAll('input[type=radio]:checked')]"
        ".map(i => [i.name, i.value])"
    )
    assert ["int_r01", "3"] in state and ["int_i01", "0"] in state
    assert all(name != "int_r10" for name, _ in state)  # replaced in the new version
    assert saved["version"] != "2026.11.1"
    assert saved["answers"] == {"int_r01": 3, "int_i01": 0}
