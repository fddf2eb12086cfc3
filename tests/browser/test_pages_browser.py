"""The catalog's pages in headless Chromium: search, follow links, reach the quiz; axe-core;
screenshots at 360 and 1280 px; the quiz's result links each career and skill to its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import assert_no_serious, run_axe, save_json, serious
from tests.browser.conftest import (
    HostServer,
    assert_fits,
    complete_by_clicks,
    page_at,
    quiz_frame,
    wait_for_event,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PAGE_TYPES = {
    "search": "/search?q=PyTorch",
    "home": "/",
    "career": "/careers/15-2051.00",
    "skill": "/skills/programming",
    "technology": "/technologies/pytorch",
    "technologies": "/technologies/",
}


def test_person_searches_pytorch_opens_it_follows_a_career_and_reaches_the_quiz(
    context: Any, pages_url: str, quiz_stack: Any
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(pages_url + "/")
    page.get_by_label("Search", exact=True).fill("PyTorch")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=PyTorch")
    first = page.locator("ol.results li").first
    assert "Technology" in first.inner_text() and "PyTorch" in first.inner_text()
    first.get_by_role("link", name="PyTorch").click()
    page.wait_for_url("**/technologies/pytorch")
    assert page.locator("h1").inner_text() == "PyTorch"
    page.get_by_role("link", name="Data Scientists").first.click()
    page.wait_for_url("**/careers/15-2051.00")
    assert page.locator("h1").inner_text() == "Data Scientists"
    assert page.locator("svg.cm-chart rect.cm-chart-bar").count() == 6
    page.locator("header").get_by_role("link", name="Take Career Match").click()
    page.wait_for_url(quiz_stack.quiz_url + "/start")
    # the front door: the person starts the quiz there
    page.get_by_role("button", name="Start Career Match").click()
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    assert errors == [] and failed == [], (errors, failed)


def test_keyboard_reaches_search_and_results(context: Any, pages_url: str) -> None:
    page = context.new_page()
    page.goto(pages_url + "/careers/29-1141.00")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the main content"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "site-q"
    page.keyboard.type("registered nurse")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=registered+nurse")
    assert page.locator("ol.results li a").first.inner_text() == "Registered Nurses"


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_serious_violation(
    context: Any, pages_url: str, axe_source: str, artifacts_dir: Path, kind: str
) -> None:
    page = context.new_page()
    violations_seen: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations_seen.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    page.goto(pages_url + PAGE_TYPES[kind])
    results = run_axe(page, axe_source)
    save_json(artifacts_dir / "axe" / f"pages-{kind}.json", results["violations"])
    assert serious(results) == []
    assert violations_seen == []  # nothing on the page breaks its own CSP


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_and_no_sideways_scroll(
    browser: Any, pages_url: str, screenshots_dir: Path, axe_source: str, width: int
) -> None:
    with page_at(browser, width) as page:
        for kind in ("career", "skill", "technology", "search"):
            page.goto(pages_url + PAGE_TYPES[kind])
            path = screenshots_dir / f"page-{kind}-{width}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 5000
            assert_fits(page, width)
            if width == 360:
                assert_no_serious(page, axe_source)


def test_quiz_result_links_careers_and_skills_to_their_pages(
    context: Any, host_server: HostServer, quiz_stack: Any
) -> None:
    page = context.new_page()
    page.goto(host_server.page("inline"))
    wait_for_event(page, "ready", timeout=20)
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    complete_by_clicks(frame)
    link = frame.locator(".cm-match-title a").first
    href = link.get_attribute("href")
    assert href is not None and href.startswith(quiz_stack.catalog_url + "/careers/")
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    skill = frame.locator(".cm-skill-link").first
    skill_href = skill.get_attribute("href")
    assert skill_href is not None and skill_href.startswith(
        quiz_stack.catalog_url + "/technologies/?name="
    )
    assert skill.get_attribute("target") == "_blank"
    with context.expect_page() as opened:
        link.click()
    career_page = opened.value
    career_page.wait_for_load_state()
    assert career_page.url == href  # a page of its own, outside the frame
    assert career_page.locator("h1").inner_text() == link.inner_text()
    with context.expect_page() as opened_skill:
        skill.click()
    tech_page = opened_skill.value
    tech_page.wait_for_load_state()
    assert "/technologies/" in tech_page.url and "?name=" not in tech_page.url
    assert tech_page.locator("h1").inner_text() == skill.inner_text()
