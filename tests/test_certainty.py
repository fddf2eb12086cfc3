"""Certainty the answers support: score groups, flat quizzes, and no sentence contradicting
another on the same result, over answer sets to both quizzes scored against the real catalog."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from services.matcher import certainty
from shared.contract.result import ResultBody
from tests.real_answers import (
    FULL,
    PROPERTY,
    QUIZ_IDS,
    SHORT,
    answer_sets,
    neutral,
    result,
    scored_items,
)

VALUE_CLAIMS = ("what you value most", "than you would like")


def reasons_of(body: ResultBody) -> list[str]:
    return [r for m in body["matches"] for r in m["reasons"]]


def assert_consistent(body: ResultBody, quiz_id: str) -> None:
    """The rules of ``services.matcher.certainty`` and ``explain`` on one result."""
    profile, matches = body["profile"], body["matches"]
    notes = profile.get("notes", [])
    separated = profile["separates_careers"]
    shown = [m["shown_score"] for m in matches]
    # no false certainty: never 0 or 100, none at all when nothing separates careers
    assert all(s is None or 1 <= s <= 99 for s in shown)
    assert not any(re.search(r"\b(100|0) / 100", m["score_text"]) for m in matches)
    if not separated:
        assert all(s is None for s in shown) and all(m["fit"] is None for m in matches)
        assert body["intro"].startswith(certainty.NOT_RANKED_INTRO)
        step = "full_quiz" if quiz_id == SHORT else "skills_and_values"
        assert profile["next_step"] == step
        assert certainty.advice(step) in notes
    else:
        assert profile["next_step"] is None
        assert not any(note.startswith("Your answers were all the same") for note in notes)
    # careers the answers do not separate share their shown score; others differ
    for a, b in zip(matches, matches[1:], strict=False):
        if a["shown_score"] is None or b["shown_score"] is None:
            continue
        same_group = a["score_group"] == b["score_group"]
        if same_group:
            assert a["shown_score"] == b["shown_score"]
            assert a["within_limits"] == b["within_limits"]
        elif a["within_limits"] == b["within_limits"] and b["score"] <= a["score"]:
            assert b["shown_score"] < a["shown_score"]
        if a["score"] - b["score"] >= certainty.SCORE_RESOLUTION + 0.1:  # shown to 0.1
            assert not same_group
    # the values a reason says the person values most are those the note names
    valued = next((n for n in notes if n.startswith("In work you value")), "")
    for r in reasons_of(body):
        if r.startswith("It offers what you value most: "):
            for name in re.split(r", | and ", r.removeprefix("It offers what you value most: ")):
                assert name.rstrip(".") in valued, (r, valued)
    reasons = reasons_of(body)
    # every value rated the same: no career is said to offer (or lack) what they value most
    if any("every work value" in note for note in notes):
        assert not any(claim in r for r in reasons for claim in VALUE_CLAIMS)
    # no interest pattern: no career is "like you", no interest "stands out"
    if profile["flat"]:
        assert not any(r.startswith("Like you") or "strongly" in r for r in reasons)
        assert not any("strongest interests" in n or "stand" in n for n in notes)
    # the skill sentence agrees with the gaps listed
    for m in matches:
        for r in m["reasons"]:
            if "on all" in r and "skills you rated" in r:
                assert not m["skill_gaps"]
            found = re.search(r"the biggest gap is (.+)\.$", r)
            if found:
                assert m["skill_gaps"] and m["skill_gaps"][0]["name"] == found.group(1)


@PROPERTY
@given(st.data())
def test_no_sentence_contradicts_another_on_the_full_quiz(data: st.DataObject) -> None:
    assert_consistent(result(FULL, data.draw(answer_sets(FULL))), FULL)


@PROPERTY
@given(st.data())
def test_no_sentence_contradicts_another_on_the_short_quiz(data: st.DataObject) -> None:
    assert_consistent(result(SHORT, data.draw(answer_sets(SHORT))), SHORT)


def test_neutral_answers_show_no_score_and_offer_the_next_step() -> None:
    for quiz_id in QUIZ_IDS:
        body = result(quiz_id, neutral(quiz_id))
        assert not body["profile"]["separates_careers"], quiz_id
        assert all(m["shown_score"] is None for m in body["matches"])
        assert_consistent(body, quiz_id)
    notes = result(SHORT, neutral(SHORT))["profile"]["notes"]
    assert any("Take the full quiz" in note for note in notes)


def test_every_value_rated_the_same_names_no_value_in_the_reasons() -> None:
    answers = neutral(FULL)
    for item in scored_items(FULL):
        if item["kind"] == "interest" and item["target"] in "IC":
            answers[str(item["id"])] = 4
    body = result(FULL, answers)
    assert body["profile"]["separates_careers"]
    assert "You rated every work value the same" in " ".join(body["profile"]["notes"])
    assert not any(c in r for m in body["matches"] for r in m["reasons"] for c in VALUE_CLAIMS)


# --- score groups, as pure functions -------------------------------------------------------


@given(st.lists(st.floats(0, 100), max_size=30))
def test_score_groups_never_show_0_or_100_and_share_within_the_resolution(
    raw: list[float],
) -> None:
    scores = sorted(raw, reverse=True)
    groups = certainty.score_groups(scores)
    assert len(groups) == len(scores)
    for score, said in zip(scores, groups, strict=True):
        assert said.value is not None and 1 <= said.value <= 99
        assert scores[[g.group for g in groups].index(said.group)] - score < (
            certainty.SCORE_RESOLUTION
        )
    for a, b in zip(groups, groups[1:], strict=False):
        assert (a.value == b.value) == (a.group == b.group)


def test_scores_the_answers_cannot_tell_apart_share_one_shown_score() -> None:
    said = certainty.score_groups([99.6, 99.5, 99.4, 90.0, math.nan])
    assert [s.value for s in said] == [99, 99, 99, 90, None]
    assert said[0].text.startswith("About 99 / 100, as for 2 other careers")
    assert said[3].text == "90 / 100"
    assert said[4].text == certainty.NOT_SCORED
    assert all(s.value is None for s in certainty.score_groups([80.0, 70.0], separated=False))
