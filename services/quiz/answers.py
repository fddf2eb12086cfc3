"""A quiz version's answer rules, compiled once: the check of a submission and its schema.

The quiz definition is the one place an answer rule is written (an item's scale, options or
range; ``location.PAY_RULES`` for answers that must agree with each other). ``compile``
turns a definition into :class:`AnswerRules`, which both checks a submission's answers
(every wrong item named) and gives the JSON Schema the OpenAPI document publishes for
them, so that the two cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal

import msgspec

from services.quiz.location import PAY_RULES, PayRule

#: A refused choice's error lists at most this many of the item's values.
LISTED_CHOICES = 8
UNKNOWN_ITEM = "Unknown item: this version of the quiz does not ask it."
MISSING_ITEM = "Missing: every scale item needs an answer."

Answer = float | str


class AnswersRefused(ValueError):
    """Some answers are wrong; ``errors`` names each wrong item with why."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{item}: {' '.join(why)}" for item, why in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ItemRule:
    """What one item accepts: a type msgspec checks, and the sentence when it does not."""

    type: Any
    required: bool
    whole: bool  # a whole number: 3.0 is read as 3 (JSON does not tell them apart)
    message: str

    def read(self, value: Any) -> Answer:
        """``value`` as this item accepts it; ``msgspec.ValidationError`` if it does not."""
        if self.whole and isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            answer: Answer = msgspec.convert(value, self.type, strict=True)
        except UnicodeEncodeError:
            # a lone surrogate (``"\\ud800"`` in the JSON) is no text any item accepts
            raise msgspec.ValidationError(self.message) from None
        return answer


@dataclass(frozen=True)
class AnswerRules:
    """A quiz version's answers: a fast compiled check, the per-item rules, the schema."""

    name: str
    items: dict[str, ItemRule]
    pay_rules: tuple[PayRule, ...] = ()
    struct: type[msgspec.Struct] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        spec = [
            (item_id, rule.type, msgspec.NODEFAULT if rule.required else msgspec.UNSET)
            for item_id, rule in self.items.items()
        ]
        struct = msgspec.defstruct(self.name, spec, forbid_unknown_fields=True, kw_only=True)
        object.__setattr__(self, "struct", struct)

    def check(self, answers: Any) -> dict[str, Answer]:
        """The answers as the matcher reads them; ``AnswersRefused`` naming every wrong item.

        Valid answers take the compiled path (one msgspec conversion); answers it refuses
        are read item by item, with the same rules, to name each one that is wrong.
        """
        if not isinstance(answers, dict):
            raise AnswersRefused({"_schema": ["Must be an object of item id to answer."]})
        try:
            given = msgspec.convert(answers, self.struct, strict=True)
        except (msgspec.ValidationError, UnicodeEncodeError):
            # msgspec cannot encode a lone surrogate in a key or a value: name it item by item
            loaded = self._item_by_item(answers)
        else:
            loaded = {
                name: value
                for name in given.__struct_fields__
                if (value := getattr(given, name)) is not msgspec.UNSET
            }
        errors = _pay_errors(self.pay_rules, loaded)
        if errors:
            raise AnswersRefused(errors)
        return loaded

    def _item_by_item(self, answers: dict[str, Any]) -> dict[str, Answer]:
        loaded: dict[str, Answer] = {}
        errors: dict[str, list[str]] = {}
        for item_id, rule in self.items.items():
            if item_id not in answers:
                if rule.required:
                    errors[item_id] = [MISSING_ITEM]
                continue
            try:
                loaded[item_id] = rule.read(answers[item_id])
            except msgspec.ValidationError:
                errors[item_id] = [rule.message]
        for item_id in answers:
            if item_id not in self.items:
                errors[_printable(str(item_id))] = [UNKNOWN_ITEM]
        if errors:
            raise AnswersRefused(errors)
        return loaded

    def json_schema(self, ref_template: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The answers' schema as a reference, and the components it refers to (OpenAPI)."""
        (reference,), components = msgspec.json.schema_components(
            [self.struct], ref_template=ref_template
        )
        if self.pay_rules:
            components[self.name]["allOf"] = [rule.json_schema() for rule in self.pay_rules]
        return reference, components


def compile_answers(
    name: str,
    items: Iterable[Mapping[str, Any]],
    scales: Mapping[str, Mapping[str, Any]],
    *,
    partial: bool = False,
    started: bool = False,
) -> AnswerRules:
    """The answer rules of a quiz version's ``items`` (checked definitions, in quiz order);
    with ``partial``, no item is required (an adaptive quiz asks some of them); with
    ``started``, an answer may still wait for its partner (asked one at a time)."""
    rules = {item["id"]: _item_rule(item, scales) for item in items}
    if partial:
        rules = {k: replace(rule, required=False) for k, rule in rules.items()}
    pay = tuple(rule for rule in PAY_RULES if set(rule.names()) & set(rules))
    if started:
        pay = tuple(replace(rule, needs={}) for rule in pay if rule.refused)
    return AnswerRules(name=name, items=rules, pay_rules=pay)


def _item_rule(item: Mapping[str, Any], scales: Mapping[str, Mapping[str, Any]]) -> ItemRule:
    if item["type"] == "scale":
        low, high = scales[item["scale"]]["min"], scales[item["scale"]]["max"]
        bounded = Annotated[int, msgspec.Meta(ge=low, le=high)]
        return ItemRule(bounded, True, True, f"Must be a whole number from {low} to {high}.")
    if item["type"] == "choice":
        values = tuple(option["value"] for option in item["options"])
        whole = all(isinstance(value, int) for value in values)
        return ItemRule(Literal[values], False, whole, _choice_message(values))
    low, high = item["min"], item["max"]
    ranged = Annotated[float, msgspec.Meta(ge=low, le=high)]
    return ItemRule(ranged, False, False, f"Must be a number from {_num(low)} to {_num(high)}.")


def _choice_message(values: tuple[Any, ...]) -> str:
    shown = ", ".join(map(str, values[:LISTED_CHOICES]))
    more = (
        f" ({len(values)} in all; see the quiz definition)" if len(values) > LISTED_CHOICES else ""
    )
    return f"Must be one of: {shown}{more}."


def _printable(text: str) -> str:
    """``text`` as valid UTF-8: a lone surrogate shown as its escape, so that the error
    answer naming it can be encoded."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _num(value: float) -> str:
    return f"{value:,.0f}" if math.isfinite(value) and float(value).is_integer() else str(value)


def _pay_errors(rules: Iterable[PayRule], answers: Mapping[str, Answer]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for rule in rules:
        errors |= rule.errors(answers)
    return errors
