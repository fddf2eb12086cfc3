"""Security headers on every response of both services, the API docs page included."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
import requests

from shared.headers import DATA_POLICY
from tests.conftest import Stack

pytestmark = pytest.mark.integration

QUIZ_PATHS = [
    ("GET", "/v1/quizzes"),
    ("GET", "/v1/quizzes/career-match"),
    ("GET", "/v1/quizzes/nope"),
    ("POST", "/v1/quizzes/career-match/submissions"),
    ("GET", "/v1/results/unknown"),
    ("GET", "/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/embed.js"),
    ("GET", "/nowhere"),
    ("OPTIONS", "/v1/quizzes"),
]
CATALOG_PATHS = [
    ("GET", "/v1/careers?per_page=1"),
    ("GET", "/v1/careers/00-0000.00"),
    ("GET", "/v1/catalog"),
    ("GET", "/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/nowhere"),
]


def _check(response: requests.Response) -> None:
    assert response.headers.get("X-Content-Type-Options") == "nosniff", response.url
    assert response.headers.get("Content-Security-Policy"), response.url


def test_every_quiz_response_has_nosniff_and_a_policy(quiz_stack: Stack) -> None:
    for method, path in QUIZ_PATHS:
        response = requests.request(method, quiz_stack.quiz_url + path, json={}, timeout=10)
        _check(response)
        if response.headers["Content-Type"].startswith("application/json"):
            assert response.headers["Content-Security-Policy"] == DATA_POLICY
    pages = ("/", "/embed/career-match?site=test-site", "/embed/career-match?site=x")
    for path in (*pages, "/results/unknown"):
        response = requests.get(quiz_stack.quiz_url + path, timeout=10)
        _check(response)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_every_catalog_response_has_nosniff_and_a_policy(catalog_service: Any) -> None:
    for method, path in CATALOG_PATHS:
        _check(requests.request(method, catalog_service.url + path, timeout=10))


@pytest.mark.parametrize("service", ["quiz", "catalog"])
def test_docs_policy_allows_exactly_its_inline_script(
    quiz_stack: Stack, catalog_service: Any, service: str
) -> None:
    base = quiz_stack.quiz_url if service == "quiz" else catalog_service.url
    response = requests.get(base + "/docs", timeout=10)
    assert response.status_code == 200
    _check(response)
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert inline, "the docs page has an inline script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src.group(1)
    assert "'unsafe-inline'" not in script_src.group(1)
    assert "'unsafe-eval'" not in script_src.group(1)
    assert "frame-ancestors 'self'" in policy
