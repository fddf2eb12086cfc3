"""The quiz's own origin is configured (``PUBLIC_URL``), never taken from a request's Host.

Before ``PUBLIC_URL`` was required with sites, ``?site=`` with ``Host: evil.example`` and
``Origin: http://evil.example`` was accepted as the quiz frame's own origin, the site's
signed webhook said ``"origin": "http://evil.example"`` and the demo page's snippet named
``http://evil.example/embed.js``.
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - starts the quiz service, no shell
import sys
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from tests.conftest import Stack
from tests.support import REPO_ROOT, WebhookReceiver, free_port

pytestmark = pytest.mark.integration

SUBMIT = "/v1/quizzes/career-match/submissions"
EVIL = "http://evil.example"


def _submit(stack: Stack, quiz: dict[str, Any], seed: int, origin: str) -> requests.Response:
    return requests.post(
        stack.quiz_url + SUBMIT,
        params={"site": "test-site"},
        json={"answers": random_answers(quiz, seed=seed)},
        headers={"Host": "evil.example", "Origin": origin},
        timeout=10,
    )


def test_a_forged_host_is_not_the_quiz_s_own_origin(
    quiz_stack: Stack, quiz: dict[str, Any], webhooks: WebhookReceiver
) -> None:
    forged = _submit(quiz_stack, quiz, 700, EVIL)
    assert forged.status_code == 403, forged.text
    assert "site" in forged.json()["errors"]
    # the frame's own origin is the configured one, whatever Host says; so is the webhook's
    framed = _submit(quiz_stack, quiz, 701, quiz_stack.quiz_url)
    assert framed.status_code == 202, framed.text
    delivery = webhooks.of(framed.json()["id"])
    assert delivery.payload["attribution"]["origin"] == quiz_stack.quiz_url
    assert "evil.example" not in delivery.body.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/embed/career-match?site=test-site&origin={EVIL}",
        "/embed/career-match/check?site=test-site",
    ],
)
def test_pages_never_name_the_request_s_host(quiz_stack: Stack, path: str) -> None:
    response = requests.get(
        quiz_stack.quiz_url + path, headers={"Host": "evil.example"}, timeout=10
    )
    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert quiz_stack.quiz_url in response.text or path != "/"


def test_sites_without_public_url_refuse_to_start() -> None:
    sites = {"shop": {"allowed_origins": ["https://shop.example"]}}
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SITES_JSON": json.dumps(sites),
        "PORT": str(free_port()),
        "METRICS_PORT": str(free_port()),
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
    }
    proc = subprocess.Popen(  # nosec B603 - fixed argv, no shell
        [sys.executable, "-m", "services.quiz"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the quiz started with sites and no PUBLIC_URL")
    assert proc.returncode == 2
    assert "PUBLIC_URL" in stderr
