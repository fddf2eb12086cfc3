"""Matching on interests alone agrees with O*NET's own Interest Profiler on its real outputs.

The cases (``../shared/data/onet-ip-cases``) pair 60 answers with the careers O*NET
returned and their fit labels. Each case's area scores are fed through one of our quizzes
and scored on interests alone, with no limits:

- the full quiz has ten 0-4 items per area, like O*NET's short form, so a case's 0-40
  scores go through unchanged: this checks the model itself;
- the 30-item short quiz has five per area, so a 0-40 score becomes a 0-20 sum
  (round half up) spread over the five items: this checks what the coarser quiz costs.
  Halving moves each area by up to one point in 40, and many careers sit within a few
  hundredths of r of the 0.61 and 0.73 cut-offs, so labels agree less than the ranking does.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from services.catalog.serve.store import load_store
from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from services.matcher.profile import build_profile
from services.matcher.ranking import FIT_LABELS
from services.matcher.scoring import score_careers
from services.quiz.quizzes import load_quizzes
from tests.support import REPO_ROOT, skip_or_fail

CASES = REPO_ROOT.parent / "shared" / "data" / "onet-ip-cases" / "cases.json"
CATALOG_DATA = REPO_ROOT / "services" / "catalog" / "data"
#: quiz -> (least mean precision@min(|Best|, 20), least fit-label agreement). Measured on
#: the 146 non-flat cases: full quiz 1.000 and 0.990; short quiz 0.920 and 0.811.
BOUNDS = {"career-match": (0.99, 0.97), "career-match-short": (0.85, 0.75)}

pytestmark = pytest.mark.shared_data


def quiz_answers(items: list[dict[str, Any]], scores: dict[str, int]) -> dict[str, float]:
    """Interest answers whose area means match ``scores`` (0-40) as nearly as whole answers
    allow: with n items per area, a sum of round(score * n / 10), spread evenly."""
    answers: dict[str, float] = {}
    for area, score in scores.items():
        area_items = [i for i in items if i["kind"] == "interest" and i["target"] == area]
        total = math.floor(score * len(area_items) / 10 + 0.5)
        base, extra = divmod(total, len(area_items))
        for k, item in enumerate(area_items):
            answers[item["id"]] = float(base + (1 if k < extra else 0))
    return answers


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    if not CASES.is_file():
        skip_or_fail(f"the O*NET Interest Profiler cases are not at {CASES}")
    data: dict[str, Any] = json.loads(CASES.read_text())
    return [c for c in data["cases"] if c["complete"]]


@pytest.fixture(scope="module")
def catalog() -> CatalogArrays:
    return catalog_arrays(load_store(CATALOG_DATA).snapshot())


@pytest.mark.parametrize("quiz_id", sorted(BOUNDS))
def test_top_matches_and_fit_labels_agree_with_onet(
    quiz_id: str, cases: list[dict[str, Any]], catalog: CatalogArrays
) -> None:
    items = load_quizzes()[quiz_id].scoring_items()
    per_area = sum(i["kind"] == "interest" for i in items) // 6
    assert per_area == (10 if quiz_id == "career-match" else 5)
    row = {code: i for i, code in enumerate(catalog.codes)}
    precisions: list[float] = []
    agree = total = 0
    for case in cases:
        profile = build_profile(
            quiz_answers(items, case["scores"]), items, skill_ids=catalog.skill_ids
        )
        if profile.flat:
            continue
        scores = score_careers(profile, catalog, {"interests": 1.0})
        best = {c["code"] for c in case["careers"] if c["fit"] == "Best"}
        if best:
            k = min(len(best), 20)
            top = {catalog.codes[int(i)] for i in scores.order[:k]}
            precisions.append(len(top & best) / k)
        for career in case["careers"]:
            total += 1
            agree += FIT_LABELS[int(scores.fit[row[career["code"]]])] == career["fit"]
    precision = sum(precisions) / len(precisions)
    agreement = agree / total
    print(
        f"\n{quiz_id}: {len(precisions)} cases: mean precision@min(|Best|,20) {precision:.3f}; "
        f"fit-label agreement {agreement:.3f} over {total} listed careers"
    )
    assert len(precisions) >= 140
    min_precision, min_agreement = BOUNDS[quiz_id]
    assert precision >= min_precision
    assert agreement >= min_agreement
