"""In headless Chromium at 1280 and 360 px: "Not for me" sets a career aside in the embedded
result (a variant), the next one comes up, Undo brings it back, the shared link shows what was
set aside; three careers compared side by side on a page of their own, without sideways
scrolling of the page on a phone, with no serious axe violation on either view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from tests.browser.axe import run_axe, save_json, serious
from tests.browser.conftest import (
    HostServer,
    complete_by_clicks,
    loopback_page,
    quiz_frame,
    wait_for_event,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 800}}
#: True when the document is no wider than its window (no sideways scrolling of the page).
FITS = "() => document.scrollingElement.scrollWidth <= window.innerWidth"
#: Matches the embedded result shows before "Show more" (TOP_MATCHES in quiz/core.js).
TOP_MATCHES = 10


def _item(code: str) -> str:
    return "#cm-match-" + code.replace(".", "-")


def _results(page: Any) -> list[str]:
    """The result ids the quiz told the host about, in order (``result`` events)."""
    events: list[dict[str, Any]] = page.evaluate("() => window.hostEvents")
    return [e["detail"]["resultId"] for e in events if e["type"] == "result"]


def _wait_result(page: Any, count: int) -> str:
    """The id of the ``count``-th result shown (a variant is a result shown anew)."""
    page.wait_for_function(
        "n => window.hostEvents.filter(e => e.type === 'result').length >= n",
        arg=count,
        timeout=60_000,
    )
    return _results(page)[count - 1]


def _doc(quiz_url: str, result_id: str) -> dict[str, Any]:
    response = requests.get(f"{quiz_url}/v1/results/{result_id}", timeout=10)
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


@pytest.fixture(params=list(WIDTHS))
def shown(request: Any, browser: Any, host_server: HostServer) -> Any:
    """A host page whose quiz frame shows a result, at each width; yields (page, frame, doc)."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    context.set_default_timeout(20_000)
    page = loopback_page(context)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(host_server.page("inline", quiz="career-match-short"))
    wait_for_event(page, "ready", timeout=60)
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    complete_by_clicks(frame)
    doc = _doc(host_server.quiz_url, _wait_result(page, 1))
    yield request.param, context, page, frame, doc
    assert errors == []
    assert page.evaluate("() => window.cspViolations") == []
    context.close()


def test_not_for_me_then_undo_and_the_shared_link(
    shown: Any,
    browser: Any,
    host_server: HostServer,
    axe_source: str,
    artifacts_dir: Path,
    screenshots_dir: Path,
) -> None:
    width, _, page, frame, first = shown
    codes = [m["code"] for m in first["matches"]]
    gone, next_up = first["matches"][0], first["matches"][TOP_MATCHES]
    assert frame.locator(_item(next_up["code"])).count() == 0  # below the first ten

    # refused (a 422 here): the career comes back into view and the line says why
    refusal = {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": "Some changes are invalid.",
    }
    page.route("**/variants*", lambda route: route.fulfill(status=422, json=refusal))
    frame.locator(f'[data-aside="{gone["code"]}"]').click()
    frame.wait_for_function(
        "() => document.getElementById('cm-aside-status').textContent.includes('could not')"
    )
    assert "Some changes are invalid." in frame.locator("#cm-aside-status").inner_text()
    assert frame.locator(_item(gone["code"])).is_visible()
    page.unroute("**/variants*")

    frame.locator(f'[data-aside="{gone["code"]}"]').click()
    assert frame.locator(_item(gone["code"])).is_hidden()  # at once, before the variant
    variant_id = _wait_result(page, 2)
    frame.wait_for_selector("#cm-aside-undo")
    assert frame.locator(_item(gone["code"])).count() == 0
    assert frame.locator(_item(next_up["code"])).is_visible()  # the next one came up
    status = frame.locator("#cm-aside-status")
    assert status.get_attribute("role") == "status"
    frame.wait_for_function(
        "t => document.getElementById('cm-aside-status').textContent.includes(t)",
        arg="is set aside",
    )
    assert gone["title"] in status.inner_text()
    assert frame.evaluate("() => document.activeElement.id") == "cm-aside-undo"
    variant = _doc(host_server.quiz_url, variant_id)
    assert variant["variant_of"] == first["id"]
    assert [c["code"] for c in variant["set_aside"]] == [gone["code"]]
    assert [m["code"] for m in variant["matches"]][: TOP_MATCHES - 1] == codes[1:TOP_MATCHES]
    assert frame.evaluate(FITS)
    results = run_axe(frame, axe_source)
    save_json(artifacts_dir / "axe" / f"set-aside-{width}.json", results["violations"])
    assert serious(results) == []
    matches = frame.locator("section[aria-labelledby=cm-matches-title]")
    matches.screenshot(path=str(screenshots_dir / f"set-aside-{width}.png"))

    # the link of the latest result, opened elsewhere, shows what the person set aside
    fresh = browser.new_context(viewport=WIDTHS[width])
    shared = loopback_page(fresh)
    shared.goto(host_server.quiz_url + variant["links"]["page"])
    aside_list = shared.locator("section[aria-labelledby=rp-set-aside]")
    assert f"{gone['title']} ({gone['code']})" in aside_list.inner_text()
    listed = shared.locator("ol.rp-matches h3 a").all_inner_texts()
    assert gone["title"] not in listed and next_up["title"] in listed
    assert shared.evaluate(FITS)
    assert serious(run_axe(shared, axe_source)) == []  # with its "Compare" boxes
    fresh.close()

    frame.locator("#cm-aside-undo").click()
    undone_id = _wait_result(page, 3)
    frame.wait_for_selector(_item(gone["code"]))
    frame.wait_for_function(
        "t => document.getElementById('cm-aside-status').textContent.includes(t)",
        arg="is back",
    )
    assert frame.locator(_item(next_up["code"])).count() == 0
    assert frame.locator("#cm-aside-undo").count() == 0
    undone = _doc(host_server.quiz_url, undone_id)
    assert undone["variant_of"] == variant_id and undone.get("set_aside", []) == []
    assert [m["code"] for m in undone["matches"]] == codes


def test_compare_three_careers(
    shown: Any, host_server: HostServer, axe_source: str, artifacts_dir: Path, screenshots_dir: Path
) -> None:
    width, context, page, frame, doc = shown
    chosen = doc["matches"][:4]
    go = frame.locator("#cm-compare-go")
    assert go.inner_text() == "Compare selected (0)"
    assert go.get_attribute("aria-disabled") == "true"
    for match in chosen[:3]:
        frame.locator(f"#cm-compare-{match['code'].replace('.', '-')}").check()
    frame.locator(f"#cm-compare-{chosen[3]['code'].replace('.', '-')}").click()
    # a fourth is refused: three at most
    assert not frame.locator(f"#cm-compare-{chosen[3]['code'].replace('.', '-')}").is_checked()
    assert "up to three" in frame.locator("#cm-aside-status").inner_text()
    assert go.inner_text() == "Compare selected (3)"
    with context.expect_page() as opened:
        go.click()
    compare = opened.value
    compare.wait_for_load_state()
    codes = ",".join(m["code"] for m in chosen[:3])
    assert compare.url.endswith(f"/results/{doc['id']}/compare?careers={codes}")
    heads = compare.locator("th.cp-career")
    assert heads.count() == 3
    for i, match in enumerate(chosen[:3]):
        assert match["title"] in heads.nth(i).inner_text()
    for row, expect in (
        ("Match score", "/ 100"),
        ("US national median pay", "Source"),
        ("Training", "Job Zone"),
    ):
        cells = compare.locator(f"tr:has(th[scope=row]:text-is('{row}')) td")
        assert cells.count() == 3, row
        assert all(expect in text for text in cells.all_inner_texts()), row
    assert compare.evaluate(FITS)
    results = run_axe(compare, axe_source)
    save_json(artifacts_dir / "axe" / f"compare-{width}.json", results["violations"])
    assert serious(results) == []
    compare.screenshot(path=str(screenshots_dir / f"compare-{width}.png"), full_page=True)
