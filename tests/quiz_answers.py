"""Building answer sets for a quiz definition, as a client would."""

from __future__ import annotations

import random
from typing import Any


def answers_for(quiz: dict[str, Any], seed: int = 7, **fixed: Any) -> dict[str, Any]:
    """A complete, valid random answer set for ``quiz`` (preferences left out), with overrides."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for section in quiz["sections"]:
        for item in section["items"]:
            if item["type"] == "scale":
                scale = quiz["scales"][item["scale"]]
                answers[item["id"]] = rng.randint(scale["min"], scale["max"])
    answers.update(fixed)
    return answers


def scale_items(quiz: dict[str, Any]) -> list[dict[str, Any]]:
    """Every scale item of the quiz, in order."""
    return [i for s in quiz["sections"] for i in s["items"] if i["type"] == "scale"]
