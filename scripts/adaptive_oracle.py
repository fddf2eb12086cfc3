"""How much of the full quiz's top 10 any choice of questions can keep: a greedy oracle.

The adaptive quiz picks each question from what the answers so far say about the person.
The oracle is given more than any quiz can have: the simulated person's own profile (the
answers they would give without noise). It asks one item of each interest area, then at
every step the item of the score (interest area, work value or skill) that keeps most of
the full quiz's top 10 on average over ``draws`` draws of the answers not yet given (the
person's own answers plus fresh noise of ``scripts.evaluate_adaptive.SIGMA`` steps), until
``asked`` items; it is then scored on the person's real answers, as the adaptive quiz is.

What it keeps there is what a choice of questions can reach with that many answers when
it knows the person far better than their answers tell: the remaining answers' own noise
moves the full quiz's top 10, whatever was asked before them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

Top = Callable[[Mapping[str, float]], set[int]]


def oracle_order(
    items: Sequence[Mapping[str, Any]],
    own: Mapping[str, float],
    answers: Mapping[str, float],
    asked: int,
    top: Top,
    *,
    sigma: float,
    draws: int,
    rng: np.random.Generator,
) -> list[str]:
    """The first ``asked`` scale items in the oracle's order for the person whose own
    (noise-free) answers are ``own`` and whose real answers are ``answers``."""
    score_of = {str(i["id"]): (str(i["kind"]), str(i["target"])) for i in items}
    bounds = {str(i["id"]): (float(i["min"]), float(i["max"])) for i in items}
    order: list[str] = []
    for area in ("R", "I", "A", "S", "E", "C"):
        order.append(next(i for i, s in score_of.items() if s == ("interest", area)))
    while len(order) < min(asked, len(score_of)):
        # the first unasked item of each score stands for all of that score's items
        candidates: dict[tuple[str, str], str] = {}
        for item_id, score in score_of.items():
            if item_id not in order:
                candidates.setdefault(score, item_id)
        rest = [i for i in score_of if i not in order]
        given = {i: answers[i] for i in order}
        kept = dict.fromkeys(candidates.values(), 0.0)
        for _ in range(draws):
            noise = rng.normal(0.0, sigma, len(rest))
            fresh = {
                i: float(np.clip(np.rint(own[i] + e), *bounds[i]))
                for i, e in zip(rest, noise, strict=True)
            }
            full = top({**given, **fresh})
            for item_id in kept:
                kept[item_id] += len(top({**given, item_id: fresh[item_id]}) & full)
        order.append(max(kept, key=kept.__getitem__))
    return order
