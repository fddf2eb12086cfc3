"""The API docs page runs its inline script under its own policy, with no violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import loopback_page
from tests.conftest import Stack

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.mark.parametrize("service", ["quiz", "catalog"])
def test_docs_inline_script_runs_without_violations(
    context: Any, quiz_stack: Stack, catalog_service: Any, service: str
) -> None:
    base = quiz_stack.quiz_url if service == "quiz" else catalog_service.url
    page = loopback_page(context)
    page.goto(base + "/docs")
    page.wait_for_load_state("load")
    # the inline script defines window.onload; a blocked script would leave it unset
    assert page.evaluate("() => typeof window.onload") == "function"
    assert page.evaluate("() => window.cspViolations") == []
