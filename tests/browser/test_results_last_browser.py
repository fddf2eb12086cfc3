"""Results that last, in headless Chromium at 1280 and 360 px: the link to share and the
print, resuming after a reload and in a second tab, "Take again" asking first, and changing
the pay minimum without retaking (which careers move in and out, and why).

A finished result is made through the API and saved in the frame's storage as the quiz
saves it, so each test starts on the result view; everything under test is done in the UI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from scripts.sample_answers import random_answers
from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import HostServer, loopback_page, quiz_frame
from tests.conftest import Stack
from tests.support import submit, wait_final

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WIDTHS = [1280, 360]
DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@pytest.fixture(scope="module")
def done(quiz_stack: Stack, quiz: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A done result without limits (the unlimited top 10), and its answers."""
    answers = random_answers(quiz, seed=22)
    response = submit(
        quiz_stack.quiz_url,
        answers,
        params={"site": "test-site"},
        headers={"Origin": quiz_stack.host_origin},
    )
    assert response.status_code == 202, response.text
    doc = wait_final(quiz_stack.quiz_url, response.json()["id"])
    assert doc["status"] == "done", doc
    return doc, answers


def storage_key(quiz: dict[str, Any]) -> str:
    return f"careermatch:test-site:career-match:{quiz['version']}"


def open_quiz(browser: Any, host_server: HostServer, width: int) -> tuple[Any, Any, Any]:
    """A fresh browser profile at ``width`` px, a host page, and the quiz's frame."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.set_default_timeout(30_000)
    page = loopback_page(ctx)
    page.goto(host_server.page("inline"))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    return ctx, page, frame


def seed_result(page: Any, quiz: dict[str, Any], result: dict[str, Any], answers: Any) -> Any:
    """Save the result in the frame's storage as the quiz does, and reload onto it."""
    state = {
        "version": quiz["version"],
        "page": 0,
        "answers": answers,
        "confirmed": {},
        "key": None,
        "sentBody": None,
        "resultId": result["id"],
        "history": [],
        "weights": None,
    }
    frame = quiz_frame(page)
    frame.evaluate("([k, s]) => localStorage.setItem(k, s)", [storage_key(quiz), json.dumps(state)])
    page.reload()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    return frame


def saved(frame: Any, quiz: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = frame.evaluate(
        "k => JSON.parse(localStorage.getItem(k) || 'null')", storage_key(quiz)
    )
    return state


def checked(frame: Any) -> list[list[str]]:
    found: list[list[str]] = frame.evaluate(
        "() => [...document.querySelectorAll('#cm-form input[type=radio]:checked')]"
        ".map(i => [i.name, i.value])"
    )
    return found


def no_serious(report: dict[str, Any]) -> None:
    problems = {view: serious(results) for view, results in report.items()}
    assert problems == {view: [] for view in report}, problems


@pytest.mark.parametrize("width", WIDTHS)
def test_share_link_and_print(
    browser: Any,
    host_server: HostServer,
    quiz: dict[str, Any],
    done: tuple[dict[str, Any], dict[str, Any]],
    width: int,
    screenshots_dir: Path,
) -> None:
    result, answers = done
    ctx, page, _ = open_quiz(browser, host_server, width)
    frame = seed_result(page, quiz, result, answers)
    link = f"{host_server.quiz_url}{result['links']['page']}"
    assert frame.locator("#cm-link").input_value() == link
    frame.locator("#cm-copy").click()
    said = frame.locator("#cm-copy-status")
    said.wait_for(state="visible")
    if "selected" in said.inner_text():  # no clipboard in this frame: the link is selected
        assert frame.evaluate("() => document.getSelection().toString()") == link
    else:
        assert said.inner_text() == "Link copied."
        ctx.grant_permissions(["clipboard-read"], origin=host_server.origin)
        assert page.evaluate("() => navigator.clipboard.readText()") == link
    frame.wait_for_function(
        "t => document.getElementById('cm-status').textContent === t", arg=said.inner_text()
    )

    # Print / Save as PDF prints the frame: the result alone, its address and the date
    frame.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    frame.locator("#cm-print").click()
    assert frame.evaluate("() => window.printed") == 1
    page.emulate_media(media="print")
    head = frame.locator("#cm-print-head")
    assert head.is_visible() and link in head.inner_text() and DATE.search(head.inner_text())
    for hidden in ("#cm-keep", "#cm-again", "#cm-print"):
        assert frame.locator(hidden).is_hidden(), hidden
    assert frame.locator(".cm-match").first.is_visible()
    frame.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert frame.locator(".cm-match .cm-facts").nth(5).is_visible()  # folded details print
    frame.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert frame.locator(".cm-match .cm-facts").nth(5).is_hidden()
    ctx.close()

    # the link opened in a fresh browser: the result alone, no host page, no quiz
    fresh = browser.new_context(viewport={"width": width, "height": 900})
    other = loopback_page(fresh)
    other.goto(link)
    assert other.locator("h1").inner_text() == "Your Career Match result"
    first = result["matches"][0]["title"]
    assert other.locator(".rp-match h3").first.inner_text().startswith(first)
    assert other.locator("iframe").count() == 0
    assert "embeds Career Match" not in other.inner_text("body")
    other.emulate_media(media="print")
    print_head = other.locator(".rp-print-head")
    assert print_head.is_visible() and link in print_head.inner_text()
    assert DATE.search(print_head.inner_text())
    assert other.locator(".rp-delete").is_hidden() and other.locator(".rp-keep").is_hidden()
    assert other.locator(".rp-match").first.is_visible()
    other.screenshot(path=str(screenshots_dir / f"result-page-print-{width}.png"), full_page=True)
    fresh.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_reload_and_second_tab_resume(
    browser: Any,
    host_server: HostServer,
    quiz: dict[str, Any],
    axe_source: str,
    artifacts_dir: Path,
    width: int,
) -> None:
    ctx, page, frame = open_quiz(browser, host_server, width)
    frame.locator("input[name=int_r01]").nth(3).check()
    frame.locator("input[name=int_i01]").nth(1).check()
    frame.locator("input[name=int_a01]").nth(0).check()
    picked = sorted(checked(frame))
    assert len(picked) == 3

    page.reload()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-resume-title")
    total = len(
        [
            i
            for s in quiz["sections"]
            for i in s["items"]
            if i["id"] not in ("min_wage_cad", "min_wage_cad_per", "min_wage_gbp")
        ]
    )
    assert frame.locator("#cm-resume-count").inner_text() == f"3 of {total} answered."
    report = {"resume": run_axe(frame, axe_source)}
    frame.locator("#cm-continue").click()
    frame.wait_for_selector("#cm-form")
    assert sorted(checked(frame)) == picked

    # a second tab of the same quiz on the same site offers the same answers
    second = loopback_page(ctx)
    second.goto(host_server.page("inline"))
    other = quiz_frame(second)
    other.wait_for_selector("#cm-resume-title")
    assert other.locator("#cm-resume-count").inner_text() == f"3 of {total} answered."
    other.locator("#cm-continue").click()
    other.wait_for_selector("#cm-form")
    assert sorted(checked(other)) == picked
    # answered in the second tab, the first takes it up (its next save keeps it)
    other.locator("input[name=int_e01]").nth(2).check()
    frame.wait_for_function(
        "() => document.querySelector('input[name=int_e01][value=\"2\"]').checked"
    )
    frame.locator("input[name=int_c01]").nth(4).check()
    both = saved(frame, quiz)["answers"]
    assert both["int_e01"] == 2 and both["int_c01"] == 4 and both["int_r01"] == 3

    # "Start over" clears them
    page.reload()
    frame = quiz_frame(page)
    frame.locator("#cm-start-over").click()
    frame.wait_for_selector("#cm-form")
    assert checked(frame) == []
    assert saved(frame, quiz)["answers"] == {}
    ctx.close()
    save_json(artifacts_dir / f"axe-resume-{width}.json", report)
    no_serious(report)


@pytest.mark.parametrize("width", WIDTHS)
def test_take_again_asks_and_pay_minimum_moves_careers(
    browser: Any,
    host_server: HostServer,
    quiz: dict[str, Any],
    done: tuple[dict[str, Any], dict[str, Any]],
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
    width: int,
) -> None:
    result, answers = done
    ctx, page, _ = open_quiz(browser, host_server, width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    frame = seed_result(page, quiz, result, answers)
    report: dict[str, Any] = {}

    # "Take the quiz again" asks; Cancel and Escape leave everything as it was
    again = frame.locator("#cm-again")
    again.click()
    assert frame.locator("#cm-again-panel").is_visible()
    assert frame.evaluate("() => document.activeElement.id") == "cm-again-title"
    report["take-again"] = run_axe(frame, axe_source)
    frame.locator("#cm-again-cancel").click()
    assert frame.locator("#cm-again-panel").is_hidden()
    assert frame.evaluate("() => document.activeElement.id") == "cm-again"
    again.click()
    page.keyboard.press("Escape")
    assert frame.locator("#cm-again-panel").is_hidden()
    assert saved(frame, quiz)["answers"] == answers  # not wiped by asking
    assert saved(frame, quiz)["resultId"] == result["id"]

    # the lowest-paid of the top 10, and a pay minimum just above its pay
    top = result["matches"][:10]
    paid = [m for m in top if m.get("median_wage") is not None]
    lowest = min(paid, key=lambda m: m["median_wage"])
    minimum = (lowest["median_wage"] // 1000 + 1) * 1000
    again.click()
    frame.locator("#cm-change-limits").click()
    frame.wait_for_selector("#cm-whatif")
    assert frame.locator("select[name=location]").count() == 1
    assert frame.locator("input[name=max_job_zone]").count() >= 5
    assert frame.locator("#cm-weight-interests").count() == 1
    report["what-if"] = run_axe(frame, axe_source)
    # Canada asks the pay minimum in Canadian dollars with its unit; back in the US, a year
    frame.locator("select[name=location]").select_option("CA-ON")
    frame.wait_for_selector("input[name=min_wage_cad]")
    assert frame.locator("input[name=min_annual_wage]").count() == 0
    assert frame.locator("input[name=min_wage_cad_per]").count() == 2
    frame.locator("select[name=location]").select_option("")
    frame.locator("input[name=min_annual_wage]").fill(str(minimum))
    frame.locator("#cm-whatif").screenshot(path=str(screenshots_dir / f"what-if-{width}.png"))
    frame.locator("#cm-whatif-send").click()

    moved_out = frame.locator("#cm-moved-out")
    moved_out.wait_for(timeout=60_000)
    gone = moved_out.locator(f'li[data-code="{lowest["code"]}"]')
    assert gone.count() == 1
    why = gone.inner_text()
    assert lowest["title"] in why and "below your minimum" in why, why
    assert f"${minimum:,}" in why, why
    assert f"Pay minimum: ${minimum:,} a year" in frame.locator(".cm-change-list").inner_text()
    moved_in = frame.locator("#cm-moved-in li")
    assert moved_in.count() >= 1
    variant = saved(frame, quiz)
    assert variant["resultId"] != result["id"]
    assert variant["history"][-1]["id"] == result["id"]
    assert variant["answers"]["min_annual_wage"] == minimum
    report["what-changed"] = run_axe(frame, axe_source)
    frame.locator("#cm-changes").screenshot(path=str(screenshots_dir / f"what-changed-{width}.png"))

    # the variant is the saved result: a reload shows it, with what changed
    page.reload()
    frame = quiz_frame(page)
    frame.locator(f'#cm-moved-out li[data-code="{lowest["code"]}"]').wait_for(timeout=60_000)
    # back to the previous result: the lowest-paid career is in the top 10 again
    frame.locator("#cm-back-result").click()
    frame.wait_for_selector("#cm-result-title")
    assert frame.locator("#cm-changes").count() == 0
    titles = frame.locator(".cm-match-title a").all_inner_texts()
    assert lowest["title"] in titles
    assert saved(frame, quiz)["resultId"] == result["id"]

    # "Answer again" clears the answers and starts at question 1
    frame.locator("#cm-again").click()
    frame.locator("#cm-answer-again").click()
    frame.wait_for_selector("#cm-form")
    assert frame.locator("#cm-progress-label").inner_text().startswith("Part 1 of")
    assert saved(frame, quiz)["answers"] == {} and saved(frame, quiz)["resultId"] is None
    ctx.close()
    save_json(artifacts_dir / f"axe-results-last-{width}.json", report)
    no_serious(report)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_weights_refused_beside_them_then_changed(
    browser: Any,
    host_server: HostServer,
    quiz: dict[str, Any],
    done: tuple[dict[str, Any], dict[str, Any]],
    width: int,
) -> None:
    """All weights at 0: the service's 422 is shown by the sliders; skills alone re-rank."""
    result, answers = done
    ctx, page, _ = open_quiz(browser, host_server, width)
    frame = seed_result(page, quiz, result, answers)
    frame.locator("#cm-again").click()
    frame.locator("#cm-change-limits").click()
    parts = [p for p in ("interests", "values", "skills") if quiz["weights"].get(p, 0) > 0]
    for part in parts:
        frame.locator(f"#cm-weight-{part}").press("Home")  # the keyboard's way to 0
        assert frame.locator(f"#cm-weight-{part}-value").inner_text() == "0.00"
    frame.locator("#cm-whatif-send").click()
    error = frame.locator("#cm-err-weights")
    error.wait_for(state="visible")
    assert "At least one part" in error.inner_text()
    assert frame.evaluate("() => document.activeElement.id") == f"cm-weight-{parts[0]}"
    assert saved(frame, quiz)["resultId"] == result["id"]

    frame.locator("#cm-weight-skills").press("End")
    frame.locator("#cm-whatif-send").click()
    frame.locator("#cm-moves li, #cm-moves-none").first.wait_for(timeout=60_000)
    assert (
        "Weights: Interests 0.00, Work values 0.00, Skills 1.00"
        in frame.locator(".cm-change-list").inner_text()
    )
    moved = frame.locator("#cm-moves li").all_inner_texts()
    assert moved and all("the weights changed" in text for text in moved), moved
    assert saved(frame, quiz)["weights"] == {"interests": 0, "values": 0, "skills": 1}
    ctx.close()
