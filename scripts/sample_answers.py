"""Answer sets for a quiz definition, as a client would send them: random ones and personas.

Tests, the benchmarks and the compose smoke run all draw their answers from here, so that
one change to the quiz's shape is one change to how answers are made.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any


def scale_items(quiz: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every scale item of the quiz definition, in order."""
    return [i for s in quiz["sections"] for i in s["items"] if i["type"] == "scale"]


def random_answers(quiz: Mapping[str, Any], seed: int = 7, **fixed: Any) -> dict[str, Any]:
    """A complete, valid answer set drawn with ``seed`` (preferences left out), then ``fixed``."""
    rng = random.Random(seed)  # nosec B311 - repeatable answer sets, not a secret
    answers: dict[str, Any] = {}
    for item in scale_items(quiz):
        scale = quiz["scales"][item["scale"]]
        answers[item["id"]] = rng.randint(scale["min"], scale["max"])
    answers.update(fixed)
    return answers


def persona_answers(
    quiz: Mapping[str, Any],
    areas: Mapping[str, int],
    skills: Mapping[str, int] | None = None,
    value: int = 2,
    **prefs: Any,
) -> dict[str, Any]:
    """Answers of a person who knows what they like: every interest item of an area at
    ``areas[area]`` (0 for an area not named), each skill at ``skills[skill]`` (1 when not
    named), every work value at ``value``, then the preferences ``prefs``."""
    answers: dict[str, Any] = {}
    for section in quiz["sections"]:
        for item in section["items"]:
            if "area" in item:
                answers[item["id"]] = areas.get(item["area"], 0)
            elif "skill" in item:
                answers[item["id"]] = (skills or {}).get(item["skill"], 1)
            elif "value" in item:
                answers[item["id"]] = value
    answers.update(prefs)
    return answers
