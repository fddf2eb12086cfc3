"""The result page over real HTTP: the whole result without JavaScript, its credits, deletion."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import requests

from scripts.sample_answers import random_answers
from shared.attribution import attribution
from tests.conftest import Stack
from tests.support import submit, wait_final

pytestmark = pytest.mark.integration


def _page(stack: Stack, result_id: str) -> requests.Response:
    return requests.get(f"{stack.quiz_url}/results/{result_id}", timeout=10)


def _text(response: requests.Response) -> str:
    """The page's text as a person reads it: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def _done(stack: Stack, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    accepted = submit(stack.quiz_url, answers).json()
    doc = wait_final(stack.quiz_url, accepted["id"])
    assert doc["status"] == "done", doc
    return accepted, doc


def test_the_page_shows_the_whole_result_without_script(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    _, doc = _done(quiz_stack, random_answers(quiz, seed=31, max_job_zone=3))
    response = _page(quiz_stack, doc["id"])
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<script" not in response.text.lower()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["Referrer-Policy"] == "no-referrer"
    text = _text(response)
    for match in doc["matches"]:
        assert f"{match['title']} ({match['code']})" in text
        for reason in match["reasons"]:
            assert reason in text
        assert match.get("score_text", "") in text
        assert (match.get("pay_check") or "") in text
    assert doc["profile"]["code"] in text and "Job Zone 3 at most" in text
    for credit in ("onet", "modifications", "bls", "career_clusters"):
        assert attribution()[credit] in text
    assert "kept until" in text and "deletion code" in text
    # the deletion section speaks to people; the API's DELETE is in docs/api.md
    assert "X-Deletion-Token" not in text and "DELETE /v1" not in text
    assert doc["links"]["page"] in text  # printed with its address


def test_the_print_stylesheet_prints_the_result_alone(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    _, doc = _done(quiz_stack, random_answers(quiz, seed=32))
    page = _page(quiz_stack, doc["id"]).text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheet is not None
    css = requests.get(quiz_stack.quiz_url + html.unescape(stylesheet.group(1)), timeout=5)
    assert css.status_code == 200 and "@media print" in css.text
    printed = css.text.split("@media print", 1)[1]
    assert ".rp-delete" in printed and ".rp-print-only" in printed
    assert 'class="rp-print-only rp-print-head"' in page
    assert re.search(r"printed from the page as of \d{4}-\d{2}-\d{2}", page)


def test_a_place_shows_its_source(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    answers = random_answers(
        quiz, seed=33, location="CA-ON", min_wage_cad=30, min_wage_cad_per="hour"
    )
    _, doc = _done(quiz_stack, answers)
    text = _text(_page(quiz_stack, doc["id"]))
    assert doc["place"]["source"] and doc["place"]["source"] in text
    assert doc["matches"][0]["local_pay"]["source"] in text


def test_career_links_carry_the_persons_place(quiz_stack: Stack, quiz: dict[str, Any]) -> None:
    _, doc = _done(quiz_stack, random_answers(quiz, seed=35, location="US-TX"))
    page = _page(quiz_stack, doc["id"]).text
    for match in doc["matches"]:
        assert f'/careers/{match["code"]}?place=US-TX"' in page
    codes = ",".join(m["code"] for m in doc["matches"][:2])
    compare = requests.get(
        f"{quiz_stack.quiz_url}/results/{doc['id']}/compare?careers={codes}", timeout=10
    )
    assert compare.status_code == 200
    for match in doc["matches"][:2]:
        assert f'/careers/{match["code"]}?place=US-TX"' in compare.text
    _, national = _done(quiz_stack, random_answers(quiz, seed=35))
    page = _page(quiz_stack, national["id"]).text
    assert "?place=" not in page
    assert f'/careers/{national["matches"][0]["code"]}"' in page


def test_a_variant_page_names_its_origin_and_what_was_set_aside(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    _, first = _done(quiz_stack, random_answers(quiz, seed=34))
    aside = first["matches"][0]
    variant = requests.post(
        f"{quiz_stack.quiz_url}/v1/results/{first['id']}/variants",
        json={"set_aside": [aside["code"]]},
        timeout=10,
    ).json()
    assert wait_final(quiz_stack.quiz_url, variant["id"])["status"] == "done"
    response = _page(quiz_stack, variant["id"])
    assert f'href="/results/{first["id"]}"' in response.text
    text = _text(response)
    assert "variant of an earlier result" in text
    assert f"Careers you set aside {aside['title']} ({aside['code']})" in text


def test_deleting_from_the_page_needs_the_token_and_leaves_a_404(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    accepted, doc = _done(quiz_stack, random_answers(quiz, seed=35))
    form = f"{quiz_stack.quiz_url}/results/{doc['id']}/delete"
    wrong = requests.post(form, data={"token": "not-the-token"}, timeout=5)
    assert wrong.status_code == 403 and "not this result's deletion code" in _text(wrong)
    assert _page(quiz_stack, doc["id"]).status_code == 200
    deleted = requests.post(form, data={"token": accepted["deletion_token"]}, timeout=5)
    assert deleted.status_code == 200 and "has been deleted" in _text(deleted)
    gone = _page(quiz_stack, doc["id"])
    assert gone.status_code == 404
    assert "There is no result at this address: it was deleted, or it expired" in _text(gone)
    assert gone.headers["X-Robots-Tag"] == "noindex, nofollow"
    api = requests.get(f"{quiz_stack.quiz_url}/v1/results/{doc['id']}", timeout=5)
    assert api.status_code == 404


def test_a_result_deleted_through_the_api_or_unknown_has_a_404_page(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    accepted, doc = _done(quiz_stack, random_answers(quiz, seed=36))
    requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{doc['id']}",
        headers={"X-Deletion-Token": accepted["deletion_token"]},
        timeout=5,
    )
    for result_id in (doc["id"], "x" * 32, "not-an-id!"):
        response = _page(quiz_stack, result_id)
        assert response.status_code == 404, result_id
        assert "it was deleted, or it expired" in _text(response)
    form = requests.post(f"{quiz_stack.quiz_url}/results/{doc['id']}/delete", timeout=5)
    assert form.status_code == 404
