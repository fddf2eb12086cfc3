"""Quiz definitions: versioned JSON files, validated at start-up, and answer validation.

A definition that is wrong in any way (duplicate id, unknown area, value or skill, missing
scale) stops the service with a message naming the file and the item, so a bad edit never
reaches a person taking the quiz.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from flask import Flask
from marshmallow import ValidationError

from services.quiz import extensions
from services.quiz.answers import AnswerRules, AnswersRefused, compile_answers
from services.quiz.definition import check_definition
from services.quiz.location import region_options
from shared.contract.codec import ContractError
from shared.contract.onet import INTEREST_AREAS
from shared.contract.request import (
    MIN_WAGE_CAD,
    MIN_WAGE_CAD_PER,
    MIN_WAGE_GBP,
    PREFERENCES,
    WEIGHT_PARTS,
    Kind,
    ScoringItem,
)

QUIZ_DIR = Path(__file__).resolve().parent / "quizzes"
#: Older versions of the quizzes, each with the day it was replaced (``superseded_at``).
PREVIOUS_DIR = "previous"
#: How long after being replaced a previous version's submissions are still accepted: as
#: long as a result is kept (30 days), far longer than anyone keeps a quiz open.
PREVIOUS_VERSION_DAYS = 30
#: An adaptive quiz's file names the quiz it asks the items of, and only says what differs.
ADAPTIVE_OF = "adaptive_of"
ADAPTIVE_KEYS = {"id", ADAPTIVE_OF, "title", "description", "estimated_minutes"}
NO_AREA = "Answer at least one item of each interest area first (none yet of {})."
#: The pay minimum's items asked instead of ``min_annual_wage`` outside the United States.
FOREIGN_PAY_MINIMUMS = frozenset((MIN_WAGE_CAD, MIN_WAGE_CAD_PER, MIN_WAGE_GBP))


class QuizDefinitionError(ValueError):
    """A quiz file is invalid; the message names the file and the item."""


@dataclass(frozen=True)
class Quiz:
    """One version of a quiz: its public definition and how to read its answers."""

    id: str
    version: str
    definition: dict[str, Any]
    items: dict[str, dict[str, Any]]
    weights: dict[str, float]
    superseded_at: date | None = None
    #: Asked item by item (``services.quiz.adaptive``): any answer may be left out, as long
    #: as each interest area has one.
    adaptive: bool = False
    #: An adaptive quiz's own file (what it sets over the quiz it asks), from which each
    #: previous version of that quiz is made a previous version of this one too.
    adaptive_file: Mapping[str, Any] | None = None

    def accepted_on(self, today: date) -> bool:
        """Whether a submission against this version is accepted on ``today``.

        The current version always is; a previous one for ``PREVIOUS_VERSION_DAYS`` days
        after the day it was replaced (its ``superseded_at``), so a person who opened the
        quiz before a new version came out can still send their answers.
        """
        if self.superseded_at is None:
            return True
        return today <= self.superseded_at + timedelta(days=PREVIOUS_VERSION_DAYS)

    def questions(self) -> int:
        """How many questions a person in the United States is asked: every item but the
        pay minimum in Canadian dollars or pounds, asked instead in Canada and the UK."""
        return sum(1 for item_id in self.items if item_id not in FOREIGN_PAY_MINIMUMS)

    def summary(self) -> dict[str, Any]:
        """The quiz in a list of quizzes."""
        keys = ("id", "version", "title", "description", "estimated_minutes")
        return {key: self.definition[key] for key in keys} | {"items": len(self.items)}

    @cached_property
    def answers(self) -> AnswerRules:
        """This version's answer rules: the check of a submission's answers, and the
        schema the OpenAPI document publishes for them (compiled once)."""
        name = f"Answers_{self.id}" + (f"_{self.version}" if self.superseded_at else "")
        return compile_answers(
            name.replace("-", "_").replace(".", "_"),
            self.items.values(),
            self.definition["scales"],
            partial=self.adaptive,
        )

    @cached_property
    def step_answers(self) -> AnswerRules:
        """An adaptive quiz's answers so far (``POST .../next``): any item may be missing,
        and an answer may still wait for its partner (the unit of a pay minimum)."""
        name = f"StepAnswers_{self.id}" + (f"_{self.version}" if self.superseded_at else "")
        return compile_answers(
            name.replace("-", "_").replace(".", "_"),
            self.items.values(),
            self.definition["scales"],
            partial=True,
            started=True,
        )

    def check_answers(self, answers: Any, *, started: bool = False) -> dict[str, float | str]:
        """The answers, checked against this version; ``AnswersRefused`` names each wrong
        item. An adaptive quiz's answers need one item of each interest area (the matcher
        compares all six), unless ``started`` (the answers of a quiz still being taken,
        ``step_answers``)."""
        if started and self.adaptive:
            return self.step_answers.check(answers)
        checked = self.answers.check(answers)
        if self.adaptive:
            areas = {str(i["area"]) for i in self.items.values() if "area" in i}
            given = {str(self.items[i]["area"]) for i in checked if "area" in self.items[i]}
            if areas - given:
                missing = ", ".join(a for a in INTEREST_AREAS if a in areas - given)
                raise AnswersRefused({"_schema": [NO_AREA.format(missing)]})
        return checked

    def scoring_items(self) -> list[ScoringItem]:
        """What the matcher needs of each item (kind, target, range), in quiz order."""
        return [cast(ScoringItem, dict(item)) for item in self._scoring_items]

    @cached_property
    def _scoring_items(self) -> tuple[ScoringItem, ...]:
        scales = self.definition["scales"]
        out = []
        for item in self.items.values():
            kind: Kind
            if "area" in item:
                kind, target = "interest", item["area"]
            elif "value" in item:
                kind, target = "value", item["value"]
            elif "skill" in item:
                kind, target = "skill", item["skill"]
            else:
                kind, target = "preference", item["id"]
            if item["type"] == "scale":
                low, high = scales[item["scale"]]["min"], scales[item["scale"]]["max"]
            elif item["type"] == "choice":
                values = [option["value"] for option in item["options"]]
                numeric = all(isinstance(v, int) for v in values)
                low, high = (min(values), max(values)) if numeric else (0, 0)
            else:
                low, high = item.get("min", 0), item.get("max", 0)
            entry: ScoringItem = {
                "id": item["id"],
                "kind": kind,
                "target": target,
                "min": low,
                "max": high,
            }
            if item["type"] == "scale":
                entry["labels"] = list(scales[item["scale"]]["labels"])
            out.append(entry)
        return tuple(out)


def parse_quiz(raw: Any, source: str, *, adaptive: bool = False) -> Quiz:
    """Validate one quiz document; ``source`` names it in every error."""
    try:
        checked = check_definition(raw)
    except ContractError as exc:
        raise QuizDefinitionError(f"{source}: {exc}") from None
    for name, scale in checked.scales.items():
        if scale.max <= scale.min or len(scale.labels) != scale.max - scale.min + 1:
            raise QuizDefinitionError(
                f"{source}: scale {name!r} needs max above min and one label per point"
            )
    doc = raw  # keep the file's own key order and fields for the public definition
    items: dict[str, dict[str, Any]] = {}
    for section in doc["sections"]:
        for item in section["items"]:
            where = f"{source}: item {item['id']!r} in section {section['id']!r}"
            if item.pop("options_from", None) == "regions":
                item["options"] = region_options()
            if item["id"] in items:
                raise QuizDefinitionError(f"{where}: duplicate item id")
            targets = [key for key in ("area", "value", "skill") if key in item]
            if len(targets) > 1:
                raise QuizDefinitionError(f"{where}: has more than one of {targets}")
            if item["type"] == "scale":
                if item.get("scale") not in doc["scales"]:
                    raise QuizDefinitionError(
                        f"{where}: scale {item.get('scale')!r} is not defined in 'scales'"
                    )
                if not targets:
                    raise QuizDefinitionError(
                        f"{where}: a scale item needs an area, value or skill"
                    )
            elif item["type"] == "choice" and not item.get("options"):
                raise QuizDefinitionError(f"{where}: a choice item needs options")
            elif item["type"] == "number" and ("min" not in item or "max" not in item):
                raise QuizDefinitionError(f"{where}: a number item needs min and max")
            if item["type"] != "scale" and item["id"] not in PREFERENCES:
                raise QuizDefinitionError(
                    f"{where}: unknown preference (known: {', '.join(PREFERENCES)})"
                )
            items[item["id"]] = item
    weights = {part: float(doc["weights"].get(part, 0.0)) for part in WEIGHT_PARTS}
    if sum(weights.values()) <= 0:
        raise QuizDefinitionError(f"{source}: weights must not all be zero")
    for part, kind in (("interests", "area"), ("values", "value"), ("skills", "skill")):
        if weights[part] > 0 and not any(kind in item for item in items.values()):
            raise QuizDefinitionError(f"{source}: weight {part!r} is set but no item has a {kind}")
    superseded = raw.get("superseded_at")
    return Quiz(
        id=doc["id"],
        version=doc["version"],
        definition=doc,
        items=items,
        weights=weights,
        superseded_at=date.fromisoformat(superseded) if superseded else None,
        adaptive=adaptive,
    )


def derive_adaptive(raw: Mapping[str, Any], bases: Mapping[str, Any], source: str) -> Any:
    """The document of an adaptive quiz: the items, scales, weights and version of the quiz
    it names (``adaptive_of``), with its own id, title, description and minutes."""
    unknown = set(raw) - ADAPTIVE_KEYS
    if unknown:
        raise QuizDefinitionError(f"{source}: an adaptive quiz only sets {sorted(ADAPTIVE_KEYS)}")
    base = bases.get(str(raw[ADAPTIVE_OF]))
    if base is None or ADAPTIVE_OF in base:
        raise QuizDefinitionError(f"{source}: no quiz {raw[ADAPTIVE_OF]!r} to ask adaptively")
    doc = copy.deepcopy(dict(base))
    doc.update(raw)
    return doc


def init_app(app: Flask) -> None:
    """Load and check every quiz file, current and previous (``extensions.quizzes``)."""
    directory = extensions.settings(app).quiz_dir
    quizzes = load_quizzes(directory)
    app.extensions[extensions.QUIZZES] = quizzes
    app.extensions[extensions.PREVIOUS_QUIZZES] = load_previous_quizzes(
        directory / PREVIOUS_DIR, quizzes
    )


def load_quizzes(directory: Path = QUIZ_DIR) -> dict[str, Quiz]:
    """Every ``*.json`` quiz in ``directory``, by id; raises on the first invalid one."""
    quizzes: dict[str, Quiz] = {}
    raws: dict[str, Any] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            raws[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise QuizDefinitionError(f"{path.name}: not valid JSON ({exc})") from None
    # copied before parsing, which fills in options: an adaptive quiz starts from the file
    bases = {str(r.get("id")): copy.deepcopy(r) for r in raws.values() if isinstance(r, dict)}
    for name, raw in raws.items():
        own = copy.deepcopy(raw) if isinstance(raw, dict) and ADAPTIVE_OF in raw else None
        if own is not None:
            raw = derive_adaptive(raw, bases, name)
        quiz = replace(parse_quiz(raw, name, adaptive=own is not None), adaptive_file=own)
        if quiz.id in quizzes:
            raise QuizDefinitionError(f"{name}: quiz id {quiz.id!r} is defined twice")
        quizzes[quiz.id] = quiz
    if not quizzes:
        raise QuizDefinitionError(f"no quiz files (*.json) in {directory}")
    return quizzes


def load_previous_quizzes(
    directory: Path, current: Mapping[str, Quiz] | None = None
) -> dict[tuple[str, str], Quiz]:
    """The previous versions in ``directory`` (``<id>-<version>.json``), by (id, version).

    Each adaptive quiz of ``current`` (the quizzes served today) gets a previous version
    for each previous version of the quiz it asks, derived as its current one is
    (``derive_adaptive``), so that answers begun under it are still accepted.
    """
    previous: dict[tuple[str, str], Quiz] = {}
    files: dict[tuple[str, str], Any] = {}
    paths = sorted(directory.glob("*.json")) if directory.is_dir() else []
    for path in paths:
        source = f"{PREVIOUS_DIR}/{path.name}"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise QuizDefinitionError(f"{source}: not valid JSON ({exc})") from None
        kept = copy.deepcopy(raw)  # before parsing, which fills in options
        quiz = parse_quiz(raw, source)
        if quiz.superseded_at is None:
            raise QuizDefinitionError(f"{source}: needs superseded_at")
        previous[(quiz.id, quiz.version)] = quiz
        files[(quiz.id, quiz.version)] = kept
    for quiz in (current or {}).values():
        if quiz.adaptive_file is not None:
            previous.update(_previous_adaptive(quiz.adaptive_file, files, previous))
    return previous


def _previous_adaptive(
    own: Mapping[str, Any], files: Mapping[tuple[str, str], Any], taken: Mapping[Any, Quiz]
) -> dict[tuple[str, str], Quiz]:
    """The adaptive quiz of the file ``own`` over each previous version of the quiz it asks
    (``files``, by id and version); a previous file of its own (in ``taken``) is refused."""
    derived: dict[tuple[str, str], Quiz] = {}
    for (base_id, version), raw in files.items():
        if base_id != own[ADAPTIVE_OF]:
            continue
        if (own["id"], version) in taken:
            raise QuizDefinitionError(
                f"{PREVIOUS_DIR}/{own['id']}-{version}.json: an adaptive quiz's previous "
                f"versions are made from {base_id!r}'s; remove this file"
            )
        source = f"{PREVIOUS_DIR}/{base_id}-{version}.json, asked as {own['id']!r}"
        doc = derive_adaptive(own, {base_id: raw}, source)
        derived[(own["id"], version)] = parse_quiz(doc, source, adaptive=True)
    return derived


def accepted_versions(quiz: Quiz, previous: Iterable[Quiz], today: date) -> list[Quiz]:
    """The previous versions of ``quiz`` whose answers are still accepted on ``today``."""
    return [old for old in previous if old.id == quiz.id and old.accepted_on(today)]


def resolve_version(
    current: Quiz, previous: Mapping[tuple[str, str], Quiz], version: str | None, today: date
) -> Quiz:
    """The quiz version a submission names (the current one when it names none).

    Raises ``ValidationError`` (for the field ``quiz_version``) for an unknown version or
    one replaced more than ``PREVIOUS_VERSION_DAYS`` days ago.
    """
    if version is None or version == current.version:
        return current
    quiz = previous.get((current.id, version))
    if quiz is None:
        raise ValidationError(
            [
                f"Unknown version {version!r} of {current.id!r}; the current one is "
                f"{current.version!r}."
            ]
        )
    if not quiz.accepted_on(today):
        raise ValidationError(
            [
                f"Version {version!r} was replaced on {quiz.superseded_at} and is no longer "
                f"accepted; load the quiz again (current version {current.version!r})."
            ]
        )
    return quiz
