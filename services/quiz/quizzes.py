"""Quiz definitions: versioned JSON files, validated at start-up, and answer validation.

A definition that is wrong in any way (duplicate id, unknown area, value or skill, missing
scale) stops the service with a message naming the file and the item, so a bad edit never
reaches a person taking the quiz.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, cast

import msgspec
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from services.quiz.location import OPTION_SOURCES, check_location_answers, region_options
from shared.contract.onet import INTEREST_AREAS, ONET_SKILLS, WORK_VALUES
from shared.contract.request import PREFERENCES, Kind, ScoringItem

QUIZ_DIR = Path(__file__).resolve().parent / "quizzes"
#: Older versions of the quizzes, each with the day it was replaced (``superseded_at``).
PREVIOUS_DIR = "previous"
#: How long after being replaced a previous version's submissions are still accepted: as
#: long as a result is kept (30 days), far longer than anyone keeps a quiz open.
PREVIOUS_VERSION_DAYS = 30
_SKILL_IDS = {skill_id for skill_id, _ in ONET_SKILLS}
_WEIGHT_PARTS = ("interests", "values", "skills")
#: A refused choice's error lists at most this many of the item's values.
LISTED_CHOICES = 8


class QuizDefinitionError(ValueError):
    """A quiz file is invalid; the message names the file and the item."""


class _ScaleSchema(Schema):
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)
    labels = fields.List(fields.String(), required=True)

    @validates_schema
    def _labels_fit(self, data: dict[str, Any], **_: Any) -> None:
        if data["max"] <= data["min"]:
            raise ValidationError("max must be greater than min", "max")
        if len(data["labels"]) != data["max"] - data["min"] + 1:
            raise ValidationError("needs one label per point of the scale", "labels")


class _OptionValue(fields.Field[int | str]):
    """An option's value: an integer, or a short string (e.g. an ISO 3166-2 code)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | str:
        if isinstance(value, str) and 0 < len(value) <= 64:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ValidationError("Must be an integer or a string of 1-64 characters.")


class _OptionSchema(Schema):
    value = _OptionValue(required=True)
    label = fields.String(required=True)
    group = fields.String()


class _ItemSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,63}$"))
    text = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(required=True, validate=validate.OneOf(["scale", "choice", "number"]))
    scale = fields.String()
    area = fields.String(validate=validate.OneOf(INTEREST_AREAS))
    value = fields.String(validate=validate.OneOf(WORK_VALUES))
    skill = fields.String(validate=validate.OneOf(sorted(_SKILL_IDS)))
    options = fields.List(fields.Nested(_OptionSchema), validate=validate.Length(min=1))
    options_from = fields.String(validate=validate.OneOf(OPTION_SOURCES))
    min = fields.Float()
    max = fields.Float()
    step = fields.Float()
    unit = fields.String()
    help = fields.String()


class _SectionSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    intro = fields.String()
    items = fields.List(fields.Nested(_ItemSchema), required=True, validate=validate.Length(min=1))


class _QuizSchema(Schema):
    id = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9-]{0,63}$"))
    version = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(load_default="")
    estimated_minutes = fields.Integer(required=True, validate=validate.Range(min=1))
    weights = fields.Dict(
        keys=fields.String(validate=validate.OneOf(_WEIGHT_PARTS)),
        values=fields.Float(validate=validate.Range(min=0)),
        required=True,
    )
    scales = fields.Dict(keys=fields.String(), values=fields.Nested(_ScaleSchema), required=True)
    sections = fields.List(
        fields.Nested(_SectionSchema), required=True, validate=validate.Length(min=1)
    )
    #: Only in ``previous/``: the day a newer version replaced this one.
    superseded_at = fields.Date()


class StrictInteger(fields.Integer):
    """An integer given as a JSON number: no strings, booleans or fractions."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            raise self.make_error("invalid")
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return int(cast(float, value))


class StrictChoice(fields.Field[int | str]):
    """Exactly one of ``choices``, type and all: ``"1"`` is not ``1``."""

    def __init__(self, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int | str:
        for choice in self.choices:
            if type(value) is type(choice) and value == choice:
                return cast(int | str, value)
        shown = ", ".join(map(str, self.choices[:LISTED_CHOICES]))
        more = (
            f" ({len(self.choices)} in all; see the quiz definition)"
            if len(self.choices) > LISTED_CHOICES
            else ""
        )
        raise ValidationError(f"Must be one of: {shown}{more}.")


class StrictNumber(fields.Float):
    """A finite JSON number: no strings or booleans."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            raise self.make_error("invalid")
        number = float(cast(float, value))
        if not math.isfinite(number):
            raise self.make_error("special")
        return number


@dataclass(frozen=True)
class Quiz:
    """One version of a quiz: its public definition and how to read its answers."""

    id: str
    version: str
    definition: dict[str, Any]
    items: dict[str, dict[str, Any]]
    weights: dict[str, float]
    superseded_at: date | None = None

    def accepted_on(self, today: date) -> bool:
        """Whether a submission against this version is accepted on ``today``.

        The current version always is; a previous one for ``PREVIOUS_VERSION_DAYS`` days
        after the day it was replaced (its ``superseded_at``), so a person who opened the
        quiz before a new version came out can still send their answers.
        """
        if self.superseded_at is None:
            return True
        return today <= self.superseded_at + timedelta(days=PREVIOUS_VERSION_DAYS)

    def summary(self) -> dict[str, Any]:
        """The quiz in a list of quizzes."""
        keys = ("id", "version", "title", "description", "estimated_minutes")
        return {key: self.definition[key] for key in keys} | {"items": len(self.items)}

    def answers_schema(self) -> Schema:
        """A marshmallow schema that accepts exactly this version's answers (built once)."""
        return self._answers_schema

    @cached_property
    def _answers_schema(self) -> Schema:
        scales = self.definition["scales"]
        schema_fields: dict[str, fields.Field[Any]] = {}
        for item in self.items.values():
            if item["type"] == "scale":
                scale = scales[item["scale"]]
                schema_fields[item["id"]] = StrictInteger(
                    required=True, validate=validate.Range(scale["min"], scale["max"])
                )
            elif item["type"] == "choice":
                values = [option["value"] for option in item["options"]]
                schema_fields[item["id"]] = (
                    StrictInteger(validate=validate.OneOf(values))
                    if all(isinstance(v, int) for v in values)
                    else StrictChoice(values)
                )
            else:
                schema_fields[item["id"]] = StrictNumber(
                    validate=validate.Range(item.get("min"), item.get("max"))
                )
        answers = Schema.from_dict(schema_fields, name=f"Answers_{self.id}")
        return answers(unknown=RAISE)

    @cached_property
    def _answers_type(self) -> type[msgspec.Struct]:
        """The same rules as :meth:`answers_schema`, compiled by msgspec: the fast path."""
        scales = self.definition["scales"]
        spec: list[tuple[str, Any, Any]] = []
        for item in self.items.values():
            if item["type"] == "scale":
                scale = scales[item["scale"]]
                bounded = Annotated[int, msgspec.Meta(ge=scale["min"], le=scale["max"])]
                spec.append((item["id"], bounded, msgspec.NODEFAULT))
            elif item["type"] == "choice":
                values = tuple(option["value"] for option in item["options"])
                spec.append((item["id"], Literal[values], msgspec.UNSET))
            else:
                ranged = Annotated[float, msgspec.Meta(ge=item.get("min"), le=item.get("max"))]
                spec.append((item["id"], ranged, msgspec.UNSET))
        return msgspec.defstruct(
            f"Answers_{self.id}", spec, forbid_unknown_fields=True, kw_only=True
        )

    def validate_answers(self, answers: Any) -> dict[str, float | str]:
        """The answers, checked against this version; raises ``ValidationError`` per item.

        Valid answers take the compiled path (msgspec); answers it refuses go through the
        marshmallow schema, which names every item that is wrong. Both read the same
        definition, and ``tests/test_quizzes.py`` holds them to the same verdicts.
        """
        if not isinstance(answers, dict):
            raise ValidationError(["Must be an object of item id to answer."])
        try:
            given = msgspec.convert(answers, self._answers_type, strict=True)
        except msgspec.ValidationError:
            loaded: dict[str, float | str] = self.answers_schema().load(answers)
        else:
            loaded = {
                name: value
                for name in given.__struct_fields__
                if (value := getattr(given, name)) is not msgspec.UNSET
            }
        check_location_answers(loaded)
        return loaded

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


def parse_quiz(raw: Any, source: str) -> Quiz:
    """Validate one quiz document; ``source`` names it in every error."""
    try:
        doc: dict[str, Any] = _QuizSchema(unknown=RAISE).load(raw)
    except ValidationError as exc:
        raise QuizDefinitionError(f"{source}: {exc.messages}") from None
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
    weights = {part: float(doc["weights"].get(part, 0.0)) for part in _WEIGHT_PARTS}
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
    )


def load_quizzes(directory: Path = QUIZ_DIR) -> dict[str, Quiz]:
    """Every ``*.json`` quiz in ``directory``, by id; raises on the first invalid one."""
    quizzes: dict[str, Quiz] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise QuizDefinitionError(f"{path.name}: not valid JSON ({exc})") from None
        quiz = parse_quiz(raw, path.name)
        if quiz.id in quizzes:
            raise QuizDefinitionError(f"{path.name}: quiz id {quiz.id!r} is defined twice")
        quizzes[quiz.id] = quiz
    if not quizzes:
        raise QuizDefinitionError(f"no quiz files (*.json) in {directory}")
    return quizzes


def load_previous_quizzes(directory: Path) -> dict[tuple[str, str], Quiz]:
    """The previous versions in ``directory`` (``<id>-<version>.json``), by (id, version)."""
    previous: dict[tuple[str, str], Quiz] = {}
    if not directory.is_dir():
        return previous
    for path in sorted(directory.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise QuizDefinitionError(f"{path.name}: not valid JSON ({exc})") from None
        quiz = parse_quiz(raw, f"{PREVIOUS_DIR}/{path.name}")
        if quiz.superseded_at is None:
            raise QuizDefinitionError(f"{PREVIOUS_DIR}/{path.name}: needs superseded_at")
        previous[(quiz.id, quiz.version)] = quiz
    return previous


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
