"""Quiz definition files: the shipped ones are valid, and a broken one stops the start."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from marshmallow import ValidationError

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
    assert set(quizzes) == {"career-match", "career-match-short", "career-match-adaptive"}
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


def test_each_previous_version_of_the_full_quiz_is_one_of_the_adaptive_quiz() -> None:
    quizzes = load_quizzes(QUIZ_DIR)
    previous = load_previous_quizzes(QUIZ_DIR / PREVIOUS_DIR, quizzes)
    adaptive = quizzes["career-match-adaptive"]
    bases = {v: q for (i, v), q in previous.items() if i == "career-match"}
    derived = {v: q for (i, v), q in previous.items() if i == adaptive.id}
    assert set(derived) == set(bases) and "2026.11.1" in derived
    for version, old in derived.items():
        base = bases[version]
        assert old.adaptive and old.superseded_at == base.superseded_at
        assert old.items == base.items and old.weights == base.weights
        assert old.definition["title"] == adaptive.definition["title"]
        assert old.definition["adaptive_of"] == "career-match"
        assert resolve_version(adaptive, previous, version, base.superseded_at) is old
    # each version's step answers are their own schema, not the current one's
    names = {q.step_answers.json_schema("#/{name}")[0]["$ref"] for q in derived.values()}
    current = adaptive.step_answers.json_schema("#/{name}")[0]["$ref"]
    assert len(names) == len(derived) and current not in names
    # the old version reads its own answers: an item it asked that the current one does not
    old = derived["2026.11.1"]
    assert old.check_answers({"int_r10": 3}, started=True) == {"int_r10": 3}
    assert "int_r10" not in adaptive.items
    # without the current quizzes there is nothing to derive them from
    assert not any(i == adaptive.id for i, _ in load_previous_quizzes(QUIZ_DIR / PREVIOUS_DIR))


def test_a_previous_adaptive_version_follows_its_file(tmp_path: Path) -> None:
    """Derived from the adaptive file as it is now, over the old version of its base."""
    shutil.copytree(QUIZ_DIR, tmp_path / "quizzes")
    own = tmp_path / "quizzes" / "career-match-adaptive.json"
    doc = json.loads(own.read_text()) | {"title": "Career Match, one at a time"}
    own.write_text(json.dumps(doc))
    quizzes = load_quizzes(tmp_path / "quizzes")
    previous = load_previous_quizzes(tmp_path / "quizzes" / PREVIOUS_DIR, quizzes)
    old = previous[("career-match-adaptive", "2026.11.1")]
    assert old.definition["title"] == "Career Match, one at a time"
    assert old.items == previous[("career-match", "2026.11.1")].items
    # a hand-made copy of a derived version is refused: it could drift from the base
    copy_of = dict(previous[("career-match", "2026.11.1")].definition, id="career-match-adaptive")
    (tmp_path / "quizzes" / PREVIOUS_DIR / "career-match-adaptive-2026.11.1.json").write_text(
        json.dumps(copy_of)
    )
    with pytest.raises(QuizDefinitionError, match="previous versions are made from"):
        load_previous_quizzes(tmp_path / "quizzes" / PREVIOUS_DIR, quizzes)
