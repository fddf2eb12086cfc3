"""Quiz definition files: the shipped ones are valid, and a broken one stops the start."""

from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from scripts.sample_answers import random_answers
from services.quiz.location import check_location_answers
from services.quiz.quizzes import (
    PREVIOUS_DIR,
    PREVIOUS_VERSION_DAYS,
    QUIZ_DIR,
    QuizDefinitionError,
    load_previous_quizzes,
    load_quizzes,
    parse_quiz,
    resolve_version,
)
from tests.support import REPO_ROOT


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    return json.loads((QUIZ_DIR / "career-match.json").read_text())


def test_shipped_quizzes_are_valid() -> None:
    quizzes = load_quizzes(QUIZ_DIR)
    assert set(quizzes) == {"career-match", "career-match-short"}
    full, short = quizzes["career-match"], quizzes["career-match-short"]
    areas = [i["area"] for i in full.items.values() if "area" in i]
    assert sorted(set(areas)) == sorted("RIASEC") and len(areas) == 60
    assert len([i for i in full.items.values() if "value" in i]) == 6
    assert len([i for i in full.items.values() if "skill" in i]) >= 12
    short_areas = [i["area"] for i in short.items.values() if "area" in i]
    assert len(short_areas) == 30 and all(short_areas.count(a) == 5 for a in "RIASEC")
    for item_id, item in short.items.items():  # answers carry over between the two
        assert full.items[item_id]["text"] == item["text"]
    texts = [i["text"].lower() for i in full.items.values()]
    assert len(texts) == len(set(texts))


def _break(full: dict[str, Any], how: str) -> dict[str, Any]:
    doc = copy.deepcopy(full)
    items = doc["sections"][0]["items"]
    if how == "duplicate":
        items.append(dict(items[0]))
    elif how == "area":
        items[1]["area"] = "X"
    elif how == "value":
        doc["sections"][1]["items"][0]["value"] = "Fame"
    elif how == "skill":
        doc["sections"][2]["items"][0]["skill"] = "9.Z.9.z"
    elif how == "scale":
        items[2]["scale"] = "nope"
    return doc


@pytest.mark.parametrize("how", ["duplicate", "area", "value", "skill", "scale"])
def test_invalid_definition_names_file_and_item(full: dict[str, Any], how: str) -> None:
    broken = _break(full, how)
    with pytest.raises(QuizDefinitionError) as info:
        parse_quiz(broken, "broken.json")
    message = str(info.value)
    assert message.startswith("broken.json")
    if how in ("duplicate", "scale"):
        item = broken["sections"][0]["items"][0 if how == "duplicate" else 2]["id"]
        assert item in message


def test_service_refuses_to_start_with_a_bad_quiz(full: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps(_break(full, "duplicate")))
    proc = subprocess.run(
        [sys.executable, "-m", "services.quiz"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={"QUIZ_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 2
    assert "bad.json" in proc.stderr and full["sections"][0]["items"][0]["id"] in proc.stderr


def test_answer_validation_is_strict(full: dict[str, Any]) -> None:
    quiz = parse_quiz(full, "career-match.json")
    scale = [i for i in quiz.items.values() if i["type"] == "scale"]
    answers: dict[str, Any] = {i["id"]: 2 for i in scale}
    assert quiz.validate_answers(answers) == {i["id"]: 2 for i in scale}
    for bad in (True, "2", 2.5, None, 5, -1):
        with pytest.raises(ValidationError) as info:
            quiz.validate_answers({**answers, scale[0]["id"]: bad})
        assert scale[0]["id"] in info.value.messages
    assert (
        quiz.validate_answers({**answers, "min_annual_wage": 50000.0})["min_annual_wage"] == 50000
    )
    with pytest.raises(ValidationError):
        quiz.validate_answers({**answers, "min_annual_wage": float("inf")})
    with pytest.raises(ValidationError):
        quiz.validate_answers([])


def _verdict(check: Any, answers: Any) -> Any:
    try:
        return ("accepted", check(answers))
    except (ValidationError, msgspec.ValidationError):
        return ("refused", None)


@functools.cache
def _quiz(quiz_id: str) -> Any:
    return load_quizzes()[quiz_id]


#: An answer as a client might send it: right, out of range, of the wrong type, or odd.
_ANSWER = st.one_of(
    st.integers(-2, 9),
    st.floats(allow_nan=False, allow_infinity=True, width=32),
    st.sampled_from([0.0, 1.0, 3.0, 2.5, True, False, None, "2", "US-CA", "CA-ON", "XX", ""]),
    st.integers(0, 400_000),
)


@pytest.mark.parametrize("quiz_id", ["career-match", "career-match-short"])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_compiled_answer_check_agrees_with_the_schema(quiz_id: str, data: Any) -> None:
    """Valid answers take msgspec's compiled path; the marshmallow schema says why others
    are refused. Both must accept exactly the same answers, with the same values."""
    quiz = _quiz(quiz_id)
    base = random_answers(quiz.definition, seed=data.draw(st.integers(0, 10_000)))
    ids = sorted(base) + ["zz_unknown"]
    changes = data.draw(st.dictionaries(st.sampled_from(ids), _ANSWER, max_size=3))
    dropped = data.draw(st.lists(st.sampled_from(sorted(base)), max_size=2))
    answers = {k: v for k, v in (base | changes).items() if k not in dropped}
    schema_verdict = _verdict(quiz.answers_schema().load, answers)
    compiled = _verdict(lambda a: msgspec.convert(a, quiz._answers_type, strict=True), answers)
    if compiled[0] == "accepted":  # the fast path never accepts what the schema refuses
        assert schema_verdict[0] == "accepted", answers
        given_values = {
            name: getattr(compiled[1], name)
            for name in compiled[1].__struct_fields__
            if getattr(compiled[1], name) is not msgspec.UNSET
        }
        assert given_values == schema_verdict[1]
        assert {type(v) for v in given_values.values()} == {
            type(v) for v in schema_verdict[1].values()
        }
    # and what the service answers is the schema's verdict either way
    assert (
        _verdict(quiz.validate_answers, answers)[0]
        == _verdict(lambda a: check_location_answers(quiz.answers_schema().load(a)), answers)[0]
    )


def test_full_quiz_asks_the_skills_people_expect_and_modern_work() -> None:
    full = load_quizzes(QUIZ_DIR)["career-match"]
    skills = {i["skill"] for i in full.items.values() if "skill" in i}
    assert {"2.B.3.e", "2.A.2.a", "2.A.1.e"} <= skills  # Programming, Critical Thinking, Math
    assert len(skills) <= 16  # about ten minutes: at most two items more than before
    areas = [i["area"] for i in full.items.values() if "area" in i]
    assert all(areas.count(a) == 10 for a in "RIASEC")
    words = ("computer", "data", "app", "program", "online", "spreadsheet", "network")
    modern = [i for i in full.items.values() if "area" in i and any(w in i["text"] for w in words)]
    assert len({i["area"] for i in modern}) == 6, [i["text"] for i in modern]


def test_previous_versions_are_accepted_for_a_stated_time() -> None:
    quizzes = load_quizzes(QUIZ_DIR)
    previous = load_previous_quizzes(QUIZ_DIR / PREVIOUS_DIR)
    current = quizzes["career-match"]
    old = previous[("career-match", "2026.11.1")]
    assert old.superseded_at == date(2026, 12, 1) and current.version != old.version
    day = old.superseded_at
    assert resolve_version(current, previous, None, day) is current
    assert resolve_version(current, previous, current.version, day) is current
    assert resolve_version(current, previous, "2026.11.1", day) is old
    last = day + timedelta(days=PREVIOUS_VERSION_DAYS)
    assert resolve_version(current, previous, "2026.11.1", last) is old
    with pytest.raises(ValidationError, match="no longer accepted"):
        resolve_version(current, previous, "2026.11.1", last + timedelta(days=1))
    with pytest.raises(ValidationError, match="Unknown version"):
        resolve_version(current, previous, "1999.01.1", day)
    # the old version still reads its own answers: every item it asked is there
    assert "int_r10" in old.items and "int_r10" not in current.items
    # item ids are never reused for a different question
    for item_id, item in current.items.items():
        if item_id in old.items:
            assert old.items[item_id]["text"] == item["text"], item_id
