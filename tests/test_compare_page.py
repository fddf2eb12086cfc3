"""The compare page over real HTTP: careers of one result side by side, refusals naming
``careers``, and the same gone page as the result's once it is deleted."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, cast

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from services.quiz import comparison
from services.quiz.quizzes import load_quizzes
from services.quiz.submissions import new_request
from shared import records
from shared.ids import new_id
from tests.conftest import Stack
from tests.support import submit, wait_final

pytestmark = pytest.mark.integration


def _text(response: requests.Response) -> str:
    """The page's text as a person reads it: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def _compare(stack: Stack, result_id: str, careers: str | list[str]) -> requests.Response:
    return requests.get(
        f"{stack.quiz_url}/results/{result_id}/compare", params={"careers": careers}, timeout=10
    )


@pytest.fixture(scope="module")
def done(quiz_stack: Stack, quiz: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A done result with a place (so local pay shows) and its 202 answer."""
    answers = random_answers(quiz, seed=61, location="US-CA", min_annual_wage=40000)
    accepted = submit(quiz_stack.quiz_url, answers).json()
    doc = wait_final(quiz_stack.quiz_url, accepted["id"])
    assert doc["status"] == "done", doc
    return accepted, doc


def _cells(page: str, row: str) -> list[str]:
    """The text of each career's cell in the table row named ``row``."""
    found = re.search(rf'<th scope="row">{re.escape(row)}</th>(.*?)</tr>', page, re.S)
    assert found, row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]


def test_three_careers_side_by_side(
    quiz_stack: Stack, done: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    _, doc = done
    chosen = [doc["matches"][i] for i in (0, 2, 4)]
    response = _compare(quiz_stack, doc["id"], ",".join(m["code"] for m in chosen))
    assert response.status_code == 200
    assert "<script" not in response.text.lower()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    heads = re.findall(r'<th scope="col" class="cp-career">(.*?)</th>', response.text, re.S)
    assert [m["title"] in head for m, head in zip(chosen, heads, strict=True)] == [True] * 3
    page = response.text
    assert _cells(page, "Match score") == [
        m["score_text"] + (f" ({m['fit']} fit)" if m.get("fit") else "") for m in chosen
    ]
    for match, parts in zip(chosen, _cells(page, "Parts of the score"), strict=True):
        for name, fit in match["components"].items():
            said = "not rated" if fit is None else f"{round(100 * fit)} of 100"
            assert f"{name.capitalize()}: {said}" in parts
    for match, cell in zip(chosen, _cells(page, "US national median pay"), strict=True):
        assert comparison.national_pay(match) in cell and "Source:" in cell
    local = _cells(page, f"Pay in {doc['place']['name']}")
    for match, cell in zip(chosen, local, strict=True):
        assert match["local_pay"]["sentence"] in cell and match["local_pay"]["source"] in cell
    for match, cell in zip(chosen, _cells(page, "Training"), strict=True):
        assert f"Job Zone {match['job_zone']}: {comparison.JOB_ZONES[match['job_zone']]}" in cell
    for match, cell in zip(chosen, _cells(page, "Interests"), strict=True):
        for letter in match["high_point"]:
            yours = round(doc["profile"]["interests"][letter])
            assert f"you {yours} of 40" in cell
    for match, cell in zip(chosen, _cells(page, "Largest skill gaps"), strict=True):
        gaps = [g["text"] for g in match["skill_gaps"] if g["gap"] > 0][: comparison.GAPS_SHOWN]
        assert all(gap in cell for gap in gaps)
    used = _cells(page, "Technologies it uses")
    for match, cell in zip(chosen, used, strict=True):
        names = [
            s["name"] for s in doc["suggested_skills"] if match["code"] in s.get("career_codes", [])
        ]
        assert all(name in cell for name in names)
        assert names or "None of your suggested ones" in cell
    assert any("None of" not in cell for cell in used)  # the top career uses some


def test_the_result_page_form_reaches_the_compare_page(
    quiz_stack: Stack, done: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    _, doc = done
    page = requests.get(f"{quiz_stack.quiz_url}/results/{doc['id']}", timeout=10).text
    form = re.search(r'<form method="get" action="([^"]+)">', page)
    assert form and form.group(1) == f"/results/{doc['id']}/compare"
    boxes = re.findall(r'<input type="checkbox" name="careers" value="([^"]+)">', page)
    assert boxes == [m["code"] for m in doc["matches"]]
    # a form without script repeats the field: careers=A&careers=B
    response = _compare(quiz_stack, doc["id"], boxes[:2])
    assert response.status_code == 200
    assert len(re.findall(r'<th scope="col" class="cp-career">', response.text)) == 2


@pytest.mark.parametrize("count", [0, 1, 4])
def test_two_or_three_careers_are_needed(
    quiz_stack: Stack, done: tuple[dict[str, Any], dict[str, Any]], count: int
) -> None:
    _, doc = done
    codes = ",".join(m["code"] for m in doc["matches"][:count])
    response = _compare(quiz_stack, doc["id"], codes)
    assert response.status_code == 400
    text = _text(response)
    assert f"careers: choose 2 or 3 careers of this result to compare (you chose {count})" in text
    assert 'class="cp-career"' not in response.text
    # the page offers the result's careers to choose from instead
    assert response.text.count('name="careers"') == len(doc["matches"])


def test_a_career_not_in_the_result_is_refused(
    quiz_stack: Stack, done: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    _, doc = done
    shown = {m["code"] for m in doc["matches"]}
    other = "11-1011.00" if "11-1011.00" not in shown else "53-7062.00"
    for codes in (f"{doc['matches'][0]['code']},{other}", f"{doc['matches'][0]['code']},x'<"):
        response = _compare(quiz_stack, doc["id"], codes)
        assert response.status_code == 400, codes
        assert "careers: " in _text(response)
        assert "not among this result's careers" in _text(response)
    assert "x&#39;&lt;" in response.text and "x'<" not in response.text  # escaped


def test_a_deleted_result_has_the_result_pages_gone_status(
    quiz_stack: Stack, quiz: dict[str, Any]
) -> None:
    accepted = submit(quiz_stack.quiz_url, random_answers(quiz, seed=62)).json()
    doc = wait_final(quiz_stack.quiz_url, accepted["id"])
    codes = ",".join(m["code"] for m in doc["matches"][:2])
    assert _compare(quiz_stack, doc["id"], codes).status_code == 200
    requests.delete(
        f"{quiz_stack.quiz_url}/v1/results/{doc['id']}",
        headers={"X-Deletion-Token": accepted["deletion_token"]},
        timeout=5,
    )
    result_page = requests.get(f"{quiz_stack.quiz_url}/results/{doc['id']}", timeout=5)
    for result_id in (doc["id"], "x" * 32, "not-an-id!"):
        response = _compare(quiz_stack, result_id, codes)
        assert response.status_code == result_page.status_code == 404, result_id
        assert "it was deleted, or it expired" in _text(response)
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_a_result_not_done_cannot_be_compared_yet(
    quiz_stack: Stack, redis_client: redis.Redis
) -> None:
    """A result still queued (stored, never sent to the matcher) answers 409 and says why."""
    quiz = load_quizzes()["career-match"]
    answers = quiz.check_answers(random_answers(quiz.definition, seed=63))
    request = new_request(quiz, answers, submission_id=new_id())
    records.create(redis_client, request, ttl=600, deletion_hash="h")
    response = _compare(quiz_stack, request["id"], "15-2051.00,15-1252.00")
    assert response.status_code == 409
    assert "This result is not ready" in _text(response)
    assert 'class="cp-career"' not in response.text


def test_requested_codes_reads_commas_and_repeats_once_each() -> None:
    assert comparison.requested_codes(["a, b,,a", "c", ""]) == ["a", "b", "c"]


def _golden(name: str) -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "golden" / f"{name}.json"
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def test_columns_carry_the_matches_figures_in_the_order_asked() -> None:
    doc = _golden("full-data")
    first, third = doc["matches"][0], doc["matches"][2]
    columns = comparison.compare(cast(Any, doc), [third["code"], first["code"]])
    assert [c.match["code"] for c in columns] == [third["code"], first["code"]]
    top = columns[1]
    assert [(p.name, p.fit) for p in top.parts] == [
        (name, round(100 * first["components"][name])) for name in comparison.PARTS
    ]
    assert [i.area for i in top.interests] == list(first["high_point"])
    assert [i.yours for i in top.interests] == [
        doc["profile"]["interests"][a] for a in first["high_point"]
    ]
    assert top.gaps == [g["text"] for g in first["skill_gaps"]][: comparison.GAPS_SHOWN]
    assert top.technologies == [
        s["name"] for s in doc["suggested_skills"] if first["code"] in s["career_codes"]
    ]
    zone = first["job_zone"]
    assert top.training == f"Job Zone {zone}: {comparison.JOB_ZONES[zone]}"
    assert "group this career belongs to" in top.national_source  # its group's pay


def test_the_national_pay_says_its_reading() -> None:
    match = cast(Any, {"median_wage": 239200, "wage_top_coded": True})
    assert comparison.national_pay(match) == "at least $239,200 a year"
    hourly = cast(
        Any,
        {
            "median_wage": None,
            "pay_reading": "hourly_only",
            "hourly_median": 23.5,
            "annual_equivalent": 48880,
        },
    )
    assert comparison.national_pay(hourly).startswith("$23.50 an hour")
    assert "$48,880 a year at 2,080 hours" in comparison.national_pay(hourly)
    assert comparison.national_pay(cast(Any, {"median_wage": None})) == "Not published by BLS"


@pytest.mark.parametrize("count", [0, 1, 4])
def test_compare_refuses_other_counts(count: int) -> None:
    doc = _golden("full-data")
    with pytest.raises(comparison.CompareRefused, match=rf"^careers: .*you chose {count}\)"):
        comparison.compare(cast(Any, doc), [m["code"] for m in doc["matches"][:count]])


def test_compare_refuses_careers_the_result_does_not_show() -> None:
    doc = _golden("full-data")
    beyond = doc["beyond_limits"]["careers"][0]["code"] if doc["beyond_limits"]["careers"] else "x"
    with pytest.raises(comparison.CompareRefused, match="^careers: .* not among"):
        comparison.compare(cast(Any, doc), [doc["matches"][0]["code"], beyond])
