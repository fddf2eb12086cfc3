"""Evaluate the matching model with synthetic respondents made from the careers themselves.

For each career, a respondent answers the full quiz as the career's own O*NET profile
suggests: an interest item's expected answer is the career's interest level for the item's
area (OI 1-7) mapped linearly onto the item's scale, a work-value item's the career's extent
(EX 1-7), a skill item's the career's required level (LV 0-7); Gaussian noise of standard
deviation ``sigma`` (in answer steps) is added, and the answer rounded and clipped to the
scale, as a person's would be. No job-zone or pay limit is given. Per noise level it reports:

- top-10 recall: share of careers that land in their own respondent's top 10;
- first-letter agreement: share of respondents whose top match has the career's first
  interest letter (its O*NET high point);
- reachability: share of careers that reach at least one respondent's top 10;
- the median rank of each career for its own respondent.

Where recall falls short, it lists the careers that most often push a respondent's own
career out of its top 10 and whether the quiz can tell them apart at all (identical
interest, value and skill profiles on what the quiz asks).

Run from the repository root::

    .venv/bin/python -m scripts.evaluate [--sample N] [--seed S] [--levels 0,0.5,1,1.5,2]
                                          [--weights '{"interests": 0.55, ...}'] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from services.catalog.serve.store import load_store
from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from services.matcher.profile import build_profile
from services.matcher.scoring import score_careers
from services.quiz.quizzes import load_quizzes
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES
from shared.contract.request import ScoringItem

REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_DATA = REPO_ROOT / "services" / "catalog" / "data"
QUIZ_ID = "career-match"
DEFAULT_LEVELS = (0.0, 0.5, 1.0, 1.5, 2.0)
TOP = 10


@dataclass
class LevelResult:
    """The figures for one noise level."""

    sigma: float
    respondents: int
    top10_recall: float
    first_letter_agreement: float
    reachability: float
    median_own_rank: float
    top1_recall: float
    confusions: list[dict[str, Any]] = field(default_factory=list)


def load_catalog() -> CatalogArrays:
    """The committed catalog dataset, as the matcher sees it."""
    return catalog_arrays(load_store(CATALOG_DATA).snapshot())


def load_quiz(quiz_id: str = QUIZ_ID) -> tuple[list[ScoringItem], dict[str, float]]:
    """The quiz's scoring items (as they travel with a submission) and its weights."""
    quiz = load_quizzes()[quiz_id]
    return quiz.scoring_items(), dict(quiz.weights)


def first_letter(catalog: CatalogArrays, i: int) -> str:
    """A career's first interest letter: its O*NET high point, else its highest level."""
    if catalog.high_point[i]:
        return catalog.high_point[i][0]
    return INTEREST_AREAS[int(np.argmax(catalog.interests[i]))]


def expected_answers(
    catalog: CatalogArrays, i: int, items: Sequence[Mapping[str, Any]]
) -> dict[str, float]:
    """What career ``i``'s own profile would answer to each scale item, before noise.

    A value or skill the career has no O*NET data for is answered at the scale's middle.
    """
    skill_column = {s: k for k, s in enumerate(catalog.skill_ids)}
    out: dict[str, float] = {}
    for item in items:
        kind, target = item["kind"], item["target"]
        if kind == "interest":
            share = (catalog.interests[i, INTEREST_AREAS.index(target)] - 1.0) / 6.0
        elif kind == "value":
            share = (catalog.values[i, WORK_VALUES.index(target)] - 1.0) / 6.0
        elif kind == "skill" and target in skill_column:
            share = catalog.skill_level[i, skill_column[target]] / 7.0
        else:
            continue
        share = 0.5 if math.isnan(share) else float(share)
        out[item["id"]] = item["min"] + share * (item["max"] - item["min"])
    return out


def noisy_answers(
    expected: Mapping[str, float],
    items: Sequence[Mapping[str, Any]],
    sigma: float,
    rng: np.random.Generator,
) -> dict[str, float]:
    """``expected`` plus N(0, sigma) noise, rounded to whole steps and clipped to each scale."""
    bounds = {item["id"]: (item["min"], item["max"]) for item in items}
    ids = list(expected)
    noise = rng.normal(0.0, sigma, len(ids)) if sigma > 0 else np.zeros(len(ids))
    return {
        item_id: float(np.clip(np.round(expected[item_id] + e), *bounds[item_id]))
        for item_id, e in zip(ids, noise, strict=True)
    }


def indistinguishable(catalog: CatalogArrays, a: int, b: int, skill_columns: Sequence[int]) -> bool:
    """Careers ``a`` and ``b`` look the same on every question the quiz asks."""

    def same(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> bool:
        return bool(np.allclose(x, y, equal_nan=True))

    cols = list(skill_columns)
    return (
        same(catalog.interests[a], catalog.interests[b])
        and same(catalog.values[a], catalog.values[b])
        and same(catalog.skill_level[a, cols], catalog.skill_level[b, cols])
    )


def evaluate(
    catalog: CatalogArrays,
    items: Sequence[Mapping[str, Any]],
    weights: Mapping[str, float],
    levels: Sequence[float] = DEFAULT_LEVELS,
    *,
    sample: int | None = None,
    seed: int = 7,
    confusions: int = 10,
) -> list[LevelResult]:
    """Score one synthetic respondent per (sampled) career at each noise level."""
    n = len(catalog)
    rows = np.arange(n)
    if sample is not None and sample < n:
        rows = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
    expected = {int(i): expected_answers(catalog, int(i), items) for i in rows}
    skill_columns = asked_skill_columns(catalog, items)
    results = []
    for sigma in levels:
        rng = np.random.default_rng([seed, round(1000 * sigma)])
        result, blockers = evaluate_level(catalog, items, weights, expected, float(sigma), rng)
        for (i, j), _ in blockers.most_common(confusions):
            result.confusions.append(confusion(catalog, i, j, skill_columns))
        results.append(result)
    return results


def asked_skill_columns(catalog: CatalogArrays, items: Sequence[Mapping[str, Any]]) -> list[int]:
    """The catalog's skill columns the quiz asks about."""
    return [
        catalog.skill_ids.index(str(it["target"]))
        for it in items
        if it["kind"] == "skill" and it["target"] in catalog.skill_ids
    ]


def evaluate_level(
    catalog: CatalogArrays,
    items: Sequence[Mapping[str, Any]],
    weights: Mapping[str, float],
    expected: Mapping[int, Mapping[str, float]],
    sigma: float,
    rng: np.random.Generator,
) -> tuple[LevelResult, Counter[tuple[int, int]]]:
    """One noise level's figures for the respondents of ``expected`` (career row: answers),
    and how often each (career, other career) pair pushed a career out of its own top 10."""
    rows = list(expected)
    ranks: list[int] = []
    letters = 0
    reached: set[int] = set()
    blockers: Counter[tuple[int, int]] = Counter()
    for i in rows:
        answers = noisy_answers(expected[i], items, sigma, rng)
        profile = build_profile(answers, items, skill_ids=catalog.skill_ids)
        order = score_careers(profile, catalog, weights).order
        position = int(np.flatnonzero(order == i)[0])
        ranks.append(position)
        reached.update(order[:TOP].tolist())
        letters += first_letter(catalog, int(order[0])) == first_letter(catalog, i)
        if position >= TOP:
            for j in order[:TOP].tolist():
                blockers[(i, j)] += 1
    own = np.array(ranks)
    result = LevelResult(
        sigma=sigma,
        respondents=len(rows),
        top10_recall=float(np.mean(own < TOP)),
        first_letter_agreement=letters / len(rows),
        reachability=len(reached & set(rows)) / len(rows),
        median_own_rank=float(np.median(own)) + 1.0,
        top1_recall=float(np.mean(own == 0)),
    )
    return result, blockers


def confusion(
    catalog: CatalogArrays, i: int, j: int, skill_columns: Sequence[int]
) -> dict[str, Any]:
    """Career ``j`` pushing career ``i`` out of its own top 10, described."""
    return {
        "career": catalog.codes[i],
        "title": catalog.titles[i],
        "pushed_out_by": catalog.codes[j],
        "by_title": catalog.titles[j],
        "interest_r": round(
            float(np.corrcoef(catalog.interests[i], catalog.interests[j])[0, 1]), 3
        ),
        "indistinguishable": indistinguishable(catalog, i, j, skill_columns),
    }


def identical_groups(catalog: CatalogArrays, items: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """Groups of careers the quiz cannot tell apart: the same numbers on all it asks."""
    columns = asked_skill_columns(catalog, items)
    keys: dict[bytes, list[str]] = {}
    for i, code in enumerate(catalog.codes):
        key = np.concatenate(
            [catalog.interests[i], catalog.values[i], catalog.skill_level[i, columns]]
        )
        keys.setdefault(np.round(np.nan_to_num(key, nan=-1.0), 2).tobytes(), []).append(code)
    return [codes for codes in keys.values() if len(codes) > 1]


def _print_table(results: Sequence[LevelResult], weights: Mapping[str, float]) -> None:
    print(f"weights: {dict(weights)}")
    print(
        "| sigma | respondents | top-10 recall | top-1 recall | first letter | reachability "
        "| median own rank |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.sigma:.1f} | {r.respondents} | {r.top10_recall:.3f} | {r.top1_recall:.3f} "
            f"| {r.first_letter_agreement:.3f} | {r.reachability:.3f} | {r.median_own_rank:.0f} |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=None, help="careers to evaluate (all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--levels",
        default=",".join(str(x) for x in DEFAULT_LEVELS),
        help="noise sd in answer steps, comma-separated",
    )
    parser.add_argument("--weights", default=None, help="JSON weights instead of the quiz's")
    parser.add_argument("--quiz", default=QUIZ_ID)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    items, weights = load_quiz(args.quiz)
    if args.weights:
        weights = {k: float(v) for k, v in json.loads(args.weights).items()}
    levels = [float(x) for x in args.levels.split(",") if x.strip()]
    results = evaluate(catalog, items, weights, levels, sample=args.sample, seed=args.seed)
    groups = identical_groups(catalog, items)
    if args.json:
        json.dump(
            {
                "weights": weights,
                "levels": [asdict(r) for r in results],
                "indistinguishable_groups": groups,
            },
            sys.stdout,
            indent=2,
        )
        print()
        return 0
    _print_table(results, weights)
    print(
        f"\ncareers the quiz cannot tell apart (same numbers on every question): "
        f"{sum(len(g) for g in groups)} in {len(groups)} groups"
    )
    for group in groups[:10]:
        print("  " + ", ".join(group))
    for r in results:
        if r.top10_recall < 1.0 and r.confusions:
            print(f"\nsigma {r.sigma:.1f}: careers most often pushed out of their own top 10")
            for c in r.confusions:
                same = " (indistinguishable)" if c["indistinguishable"] else ""
                print(
                    f"  {c['career']} {c['title']} <- {c['pushed_out_by']} {c['by_title']} "
                    f"(interest r {c['interest_r']}){same}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
