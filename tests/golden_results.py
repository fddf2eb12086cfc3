"""Golden result documents: fixed answer sets scored against the committed catalog.

``tests/golden/<name>.json`` holds what ``jobs.compute`` returns for each answer set below,
with the catalog version masked and every float rounded to 3 decimals, so that a change
to what a person reads shows up in review as a diff. ``tests/test_golden.py`` checks them;
after a deliberate change, regenerate them with::

    make golden        # = .venv/bin/python -m tests.golden_results
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from scripts.sample_answers import persona_answers
from services.catalog.serve.store import load_store
from services.matcher import catalog_arrays, jobs
from services.quiz.quizzes import load_quizzes

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
MASK = "<catalog version>"

#: name -> (quiz id, answer per interest area, skill levels by element id, preferences)
CASES: dict[str, tuple[str, dict[str, int], dict[str, int], dict[str, int]]] = {
    "short-investigative": (
        "career-match-short",
        {"I": 4, "R": 1, "A": 1, "S": 1, "E": 1, "C": 1},
        {},
        {},
    ),
    "short-flat": ("career-match-short", {a: 2 for a in "RIASEC"}, {}, {"max_job_zone": 3}),
    "full-data": (
        "career-match",
        {"I": 4, "C": 3, "R": 1},
        {"2.A.1.e": 4, "2.B.3.e": 3, "2.A.2.a": 3, "2.A.1.a": 3},
        {"max_job_zone": 4, "min_annual_wage": 90000},
    ),
    "full-health": (
        "career-match",
        {"S": 4, "I": 3, "R": 1, "C": 1},
        {"2.A.1.f": 3, "2.B.1.a": 3, "2.B.1.f": 3, "2.A.1.a": 3},
        {"max_job_zone": 4},
    ),
    "full-trades": (
        "career-match",
        {"R": 4, "C": 2, "I": 1},
        {"2.B.3.l": 4, "2.B.3.g": 3},
        {"max_job_zone": 3},
    ),
}


@cache
def _catalog() -> catalog_arrays.CatalogArrays:
    store = load_store(REPO_ROOT / "services" / "catalog" / "data")
    return catalog_arrays.catalog_arrays(store.snapshot())


def request_for(name: str) -> dict[str, Any]:
    """The submission request of a case, as the quiz service would store it."""
    quiz_id, areas, skills, prefs = CASES[name]
    quiz = load_quizzes()[quiz_id]
    answers = persona_answers(quiz.definition, areas, skills, **prefs)
    return {
        "quiz_id": quiz.id,
        "quiz_version": quiz.version,
        "answers": answers,
        "items": quiz.scoring_items(),
        "weights": quiz.weights,
    }


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def normalized(body: dict[str, Any]) -> dict[str, Any]:
    """A result body with the catalog version masked and floats rounded."""
    out: dict[str, Any] = _rounded(body)
    out["catalog_version"] = MASK
    return out


def compute(name: str) -> dict[str, Any]:
    return jobs.compute(request_for(name), _catalog())


def text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for name in CASES:
        (GOLDEN_DIR / f"{name}.json").write_text(text(normalized(compute(name))), encoding="utf-8")
        print(f"wrote tests/golden/{name}.json")


if __name__ == "__main__":
    main()
