"""The quiz definition document: the one type a quiz file is checked against at start-up
and that ``GET /v1/quizzes/{quiz_id}`` publishes (its OpenAPI schema is made from it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, NotRequired, TypedDict

import msgspec
from msgspec import UNSET, UnsetType

from shared.contract import codec
from shared.contract.onet import ONET_SKILLS, WORK_VALUES, Area
from shared.contract.request import WEIGHT_PARTS

ItemId = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
QuizId = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9-]{0,63}$")]
Text = Annotated[str, msgspec.Meta(min_length=1)]
if TYPE_CHECKING:  # the names below are checked at run time, where the lists are known
    WorkValue = str
    SkillId = str
    WeightPart = str
else:
    WorkValue = Literal[WORK_VALUES]
    SkillId = Literal[tuple(skill_id for skill_id, _ in ONET_SKILLS)]
    WeightPart = Literal[WEIGHT_PARTS]
#: ``"options_from": "regions"`` fills a choice item with the places (``location``).
OptionSource = Literal["regions"]


class Scale(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """An answer scale: whole numbers from ``min`` to ``max``, one label per point."""

    min: int
    max: int
    labels: list[str]


class Option(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """One choice: an integer or a short string (an ISO 3166-2 code), with its label."""

    value: int | Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    label: str
    group: str | UnsetType = UNSET


class Item(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """One question. A ``scale`` item rates an interest ``area``, a work ``value`` or a
    ``skill``; a ``choice`` or ``number`` item asks a preference (its id names it)."""

    id: ItemId
    text: Text
    type: Literal["scale", "choice", "number"]
    scale: str | UnsetType = UNSET
    area: Area | UnsetType = UNSET
    value: WorkValue | UnsetType = UNSET
    skill: SkillId | UnsetType = UNSET
    options: Annotated[list[Option], msgspec.Meta(min_length=1)] | UnsetType = UNSET
    options_from: OptionSource | UnsetType = UNSET
    min: float | UnsetType = UNSET
    max: float | UnsetType = UNSET
    step: float | UnsetType = UNSET
    unit: str | UnsetType = UNSET
    help: str | UnsetType = UNSET


class Section(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    id: str
    title: str
    intro: str | UnsetType = UNSET
    items: Annotated[list[Item], msgspec.Meta(min_length=1)]


class QuizDefinition(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """A version of a quiz: its sections of items, answer scales and score weights."""

    id: QuizId
    version: str
    title: str
    description: str | UnsetType = UNSET
    estimated_minutes: Annotated[int, msgspec.Meta(ge=1)]
    weights: dict[WeightPart, Annotated[float, msgspec.Meta(ge=0)]]
    scales: dict[str, Scale]
    sections: Annotated[list[Section], msgspec.Meta(min_length=1)]
    #: An adaptive quiz: the quiz whose items it asks one at a time, each chosen by
    #: ``POST /v1/quizzes/{id}/next`` (its file holds only what differs from that quiz).
    adaptive_of: QuizId | UnsetType = UNSET
    #: Only in ``previous/``: the day (ISO 8601) a newer version replaced this one.
    superseded_at: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | UnsetType = UNSET


def check_definition(document: Any) -> QuizDefinition:
    """``document`` read as a quiz definition (no unknown field); else ``ContractError``
    saying where (``$.sections[0].items[2].area``)."""
    try:
        return msgspec.convert(document, QuizDefinition, strict=True)
    except msgspec.ValidationError as exc:
        raise codec.ContractError(str(exc)) from None


class NextStep(TypedDict):
    """A step of an adaptive quiz (``POST /v1/quizzes/{quiz_id}/next``): the next item, or
    done. ``asked``: the questions answered or skipped so far; ``left_estimate``: about how
    many are left; ``stability``: the expected share of the top 10 the answers so far give
    that the whole quiz would keep (0-1)."""

    done: bool
    asked: Annotated[int, msgspec.Meta(ge=0)]
    stability: Annotated[float, msgspec.Meta(ge=0, le=1)]
    item: NotRequired[Item]
    left_estimate: NotRequired[Annotated[int, msgspec.Meta(ge=1)]]
