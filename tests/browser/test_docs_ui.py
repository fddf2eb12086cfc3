"""The API docs page in headless Chromium: Swagger UI renders each service's OpenAPI 3.1
document, lists every operation in it, and "Try it out" calls the service from the page."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.browser.conftest import loopback_page
from tests.conftest import Stack

pytestmark = [pytest.mark.browser, pytest.mark.integration]

#: one GET operation per service that needs no parameter, tried from the page
TRIED = {"quiz": "/v1/quizzes", "catalog": "/v1/regions"}
RENDERED_OPERATIONS = """() => [...document.querySelectorAll('.opblock')].map(b => [
  b.querySelector('.opblock-summary-method').textContent.toLowerCase(),
  b.querySelector('.opblock-summary-path').dataset.path])"""


def documented_operations(base: str) -> set[tuple[str, str]]:
    """(method, path) of every operation in the document the service serves."""
    document = requests.get(base + "/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.1.")
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    }


def open_docs(context: Any, base: str) -> Any:
    """The docs page of ``base``, rendered (or failed), fetching nothing off loopback."""
    page = loopback_page(context)
    page.goto(base + "/docs")
    # an operation block once rendered; the version notice when the UI refuses the document
    page.wait_for_selector(".opblock, .version-pragma, .errors-wrapper")
    return page


@pytest.mark.parametrize("service", ["quiz", "catalog"])
def test_docs_render_every_operation_and_try_it_out_calls_the_service(
    context: Any, quiz_stack: Stack, catalog_service: Any, service: str
) -> None:
    base = quiz_stack.quiz_url if service == "quiz" else catalog_service.url
    expected = documented_operations(base)
    page = open_docs(context, base)
    assert "Unable to render" not in page.locator("body").inner_text()
    rendered = {tuple(op) for op in page.evaluate(RENDERED_OPERATIONS)}
    assert rendered == expected
    if service == "quiz":  # operation ids name the blocks
        for operation_id in ("list_quizzes", "get_result"):
            assert page.locator(f"#operations-quiz-{operation_id}").count() == 1

    path = TRIED[service]
    block = page.locator(".opblock-get").filter(has=page.locator(f'[data-path="{path}"]'))
    block.locator(".opblock-summary-path").click()
    block.get_by_role("button", name="Try it out").click()
    with page.expect_response(base + path) as called:
        block.get_by_role("button", name="Execute").click()
    assert called.value.status == 200
    shown = block.locator(".live-responses-table tr.response .response-col_status")
    shown.wait_for()
    assert shown.inner_text().strip() == "200"
    assert block.locator(".request-url pre").inner_text().strip() == base + path
    assert page.evaluate("() => window.cspViolations") == []
