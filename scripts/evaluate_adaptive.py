"""Evaluate the adaptive quiz against the full quiz it asks the items of.

Two kinds of respondents answer every item of the full quiz; the adaptive quiz
(``services.quiz.adaptive``) then asks them item by item, and its top 10 is compared with
the top 10 of the same person's full-quiz answers:

- the simulated respondents of ``scripts.evaluate`` (one per sampled career, its own O*NET
  profile as answers, noise ``sigma`` in answer steps), on the full quiz's weights;
- the O*NET Interest Profiler cases (``../shared/data/onet-ip-cases``): each case's 60 real
  answers (1-5, ten per area) given to the full quiz's ten items of the same area, in
  order, as 0-4; scored on interests alone, as ``tests/test_ip_agreement.py`` does.

Limits are skipped. Per kind it reports the mean overlap of the adaptive top 10 with the
full-quiz top 10 where the adaptive quiz stops, the median number of items it asked, the
overlap after the short quiz's number of items (30 scale items, 35 with its place and
limits) next to the short quiz's own, and draws the overlap against the items asked for the
adaptive quiz (its order, run past its stop), the full quiz's fixed order and the short
quiz's fixed order (``artifacts/adaptive.png``).

Run from the repository root::

    .venv/bin/python -m scripts.evaluate_adaptive [--sample N] [--seed S] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scripts.adaptive_oracle import oracle_order
from scripts.evaluate import REPO_ROOT, expected_answers, load_catalog, noisy_answers
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.profile import build_profile
from services.matcher.scoring import score_careers
from services.quiz import adaptive
from services.quiz.quizzes import load_quizzes
from shared.contract.request import ScoringItem

CASES = REPO_ROOT.parent / "shared" / "data" / "onet-ip-cases" / "cases.json"
PLOT = REPO_ROOT / "artifacts" / "adaptive.png"
SIGMA = 1.0
SKIPPED = ("location", "max_job_zone", "min_annual_wage")
#: The short quiz's length counting its place and limit items.
SHORT_LENGTH = 35
#: Half of the full quiz's 87 questions, counted here as scale items (its place and limit
#: questions not counted): the length at which the oracle is measured.
HALF = 44
#: Draws of the answers not yet given the oracle averages over at each step.
ORACLE_DRAWS = 8
INTERESTS_ONLY = {"interests": 1.0, "values": 0.0, "skills": 0.0}


@dataclass(frozen=True)
class Respondent:
    """One person's answers to every scale item of the full quiz; for a simulated person
    also the answers of their own profile without noise (``truth``) and a second take of
    the full quiz (``retest``)."""

    answers: Mapping[str, float]
    truth: Mapping[str, float] | None = None
    retest: Mapping[str, float] | None = None


@dataclass
class Figures:
    """One kind of respondent's figures; ``curves``: mean overlap per items asked.

    ``full_retest``: overlap of the full quiz's top 10 with a second take's;
    ``full_truth``, ``stop_truth`` and ``half_truth``: overlap of the full quiz's, of the
    adaptive quiz's where it stops and after ``HALF`` items, with the top 10 of the
    person's own profile (simulated people only).
    """

    respondents: str
    count: int
    mean_overlap: float
    median_asked: float
    full_items: int
    short_items: int
    adaptive_at_short: float
    adaptive_at_35: float
    short_overlap: float
    curves: dict[str, list[float]]
    full_retest: float | None = None
    full_truth: float | None = None
    stop_truth: float | None = None
    half_truth: float | None = None
    adaptive_at_half: float | None = None
    oracle_at_half: float | None = None
    oracle_count: int = 0


def top(
    items: Sequence[ScoringItem],
    weights: Mapping[str, float],
    catalog: CatalogArrays,
    answers: Mapping[str, Any],
) -> set[int]:
    """The top 10 career rows of ``answers``, as the matcher ranks them."""
    profile = build_profile(answers, items, skill_ids=catalog.skill_ids)
    return set(score_careers(profile, catalog, weights).order[: adaptive.TOP].tolist())


def overlap(a: set[int], b: set[int]) -> float:
    return len(a & b) / adaptive.TOP


def run_adaptive(
    prior: adaptive.Prior, catalog: CatalogArrays, answers: Mapping[str, Any]
) -> tuple[list[str], int]:
    """The scale items in the order the adaptive quiz asks them (run past its stop), and
    how many it had asked when it stopped."""
    given: dict[str, Any] = {}
    order: list[str] = []
    stop = 0
    while True:
        step = adaptive.next_step(prior, catalog, given, SKIPPED, threshold=2.0)
        answered = len(given)
        if not stop and (
            step.item is None
            or (answered >= adaptive.MIN_ASKED and step.stability >= adaptive.THRESHOLD)
        ):
            stop = answered
        if step.item is None:
            return order, stop or answered
        given[step.item] = answers[step.item]
        order.append(step.item)


def evaluate_people(
    name: str,
    people: Sequence[Respondent],
    catalog: CatalogArrays,
    weights: Mapping[str, float],
    oracle: int = 0,
) -> Figures:
    """The figures of ``people`` (each answering every scale item of the full quiz); the
    greedy oracle (``scripts.adaptive_oracle``) runs for the first ``oracle`` people whose
    own profile is known."""
    quizzes = load_quizzes()
    full_items = [i for i in quizzes["career-match"].scoring_items() if i.get("labels")]
    short_all = quizzes["career-match-short"]
    short_items = [i for i in short_all.scoring_items() if i.get("labels")]
    if weights == INTERESTS_ONLY:
        full_items = [i for i in full_items if i["kind"] == "interest"]
    prior = adaptive.make_prior(full_items, weights, catalog)
    n_full, n_short = len(full_items), len(short_items)
    curves = {k: np.zeros(n_full + 1) for k in ("adaptive", "full quiz order")}
    curves["short quiz order"] = np.zeros(n_short + 1)
    stops: list[int] = []
    at_stop: list[float] = []
    short: list[float] = []
    retest: list[float] = []
    full_truth: list[float] = []
    stop_truth: list[float] = []
    half_truth: list[float] = []
    by_oracle: list[float] = []
    rng = np.random.default_rng(len(people))
    for person in people:
        answers = person.answers
        truth = top(full_items, weights, catalog, answers)
        order, stop = run_adaptive(prior, catalog, answers)
        fixed = [str(i["id"]) for i in full_items]
        for key, ids in (("adaptive", order), ("full quiz order", fixed)):
            for n in range(6, n_full + 1):
                got = top(full_items, weights, catalog, {i: answers[i] for i in ids[:n]})
                curves[key][n] += overlap(got, truth)
        short_ids = [str(i["id"]) for i in short_items]
        for n in range(6, n_short + 1):
            got = top(
                short_items, short_all.weights, catalog, {i: answers[i] for i in short_ids[:n]}
            )
            curves["short quiz order"][n] += overlap(got, truth)
        short.append(
            overlap(
                top(short_items, short_all.weights, catalog, {i: answers[i] for i in short_ids}),
                truth,
            )
        )
        stops.append(stop)
        stopped = top(full_items, weights, catalog, {i: answers[i] for i in order[:stop]})
        at_stop.append(overlap(stopped, truth))
        if person.retest is not None:
            retest.append(overlap(top(full_items, weights, catalog, person.retest), truth))
        if person.truth is not None:
            own = top(full_items, weights, catalog, person.truth)
            full_truth.append(overlap(truth, own))
            stop_truth.append(overlap(stopped, own))
            half = top(full_items, weights, catalog, {i: answers[i] for i in order[:HALF]})
            half_truth.append(overlap(half, own))
            if len(by_oracle) < oracle:
                ranked = oracle_order(
                    full_items,
                    person.truth,
                    answers,
                    HALF,
                    lambda given: top(full_items, weights, catalog, given),
                    sigma=SIGMA,
                    draws=ORACLE_DRAWS,
                    rng=rng,
                )
                given = {i: answers[i] for i in ranked}
                by_oracle.append(overlap(top(full_items, weights, catalog, given), truth))
        print(f"  {name}: {len(stops)}/{len(people)}", end="\r", file=sys.stderr, flush=True)
    count = len(people)
    mean = {k: (v / count).round(4).tolist() for k, v in curves.items()}
    return Figures(
        respondents=name,
        count=count,
        mean_overlap=round(float(np.mean(at_stop)), 4),
        median_asked=float(np.median(stops)),
        full_items=n_full,
        short_items=n_short,
        adaptive_at_short=mean["adaptive"][n_short],
        adaptive_at_35=mean["adaptive"][min(n_full, SHORT_LENGTH)],
        short_overlap=round(float(np.mean(short)), 4),
        curves=mean,
        full_retest=_mean(retest),
        full_truth=_mean(full_truth),
        stop_truth=_mean(stop_truth),
        half_truth=_mean(half_truth),
        adaptive_at_half=mean["adaptive"][min(n_full, HALF)],
        oracle_at_half=_mean(by_oracle),
        oracle_count=len(by_oracle),
    )


def _mean(values: Sequence[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def simulated_people(catalog: CatalogArrays, sample: int, seed: int) -> list[Respondent]:
    """``scripts.evaluate``'s respondents at ``SIGMA``: one per sampled career, with a
    second take of the quiz drawn the same way."""
    items = load_quizzes()["career-match"].scoring_items()
    rng = np.random.default_rng([seed, round(1000 * SIGMA)])
    again = np.random.default_rng([seed, round(1000 * SIGMA), 2])
    rows = np.sort(np.random.default_rng(seed).choice(len(catalog), size=sample, replace=False))
    people = []
    for i in rows:
        own = expected_answers(catalog, int(i), items)
        answers = noisy_answers(own, items, SIGMA, rng)
        people.append(Respondent(answers, own, noisy_answers(own, items, SIGMA, again)))
    return people


def ip_people(sample: int | None) -> list[Respondent]:
    """The Interest Profiler cases' answers given to the full quiz's interest items."""
    data = json.loads(CASES.read_text())
    items = [i for i in load_quizzes()["career-match"].scoring_items() if i["kind"] == "interest"]
    by_area = {a: [str(i["id"]) for i in items if i["target"] == a] for a in "RIASEC"}
    people = []
    for case in [c for c in data["cases"] if c["complete"]][:sample]:
        answers: dict[str, float] = {}
        seen = dict.fromkeys("RIASEC", 0)
        for area, digit in zip(data["item_areas"], case["answers"], strict=True):
            answers[by_area[area][seen[area]]] = float(int(digit) - 1)
            seen[area] += 1
        people.append(Respondent(answers))
    return people


def plot(figures: Sequence[Figures], path: Path) -> None:
    """The overlap curves of each kind of respondent, side by side, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(figures), figsize=(6 * len(figures), 4.2), squeeze=False)
    for ax, f in zip(axes[0], figures, strict=True):
        for name, curve in f.curves.items():
            ax.plot(range(6, len(curve)), curve[6:], label=name)
        ax.plot([f.median_asked], [f.mean_overlap], "ko", label="adaptive stops (median)")
        ax.set_title(f"{f.respondents} ({f.count})")
        ax.set_xlabel("items asked")
        ax.set_ylabel("overlap with the full-quiz top 10")
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="simulated respondents")
    parser.add_argument("--cases", type=int, default=None, help="IP cases (all)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--oracle", type=int, default=20, help="simulated people the greedy oracle runs for"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    weights = dict(load_quizzes()["career-match"].weights)
    figures = [
        evaluate_people(
            f"simulated, sigma {SIGMA:g}",
            simulated_people(catalog, args.sample, args.seed),
            catalog,
            weights,
            args.oracle,
        )
    ]
    if CASES.is_file():
        figures.append(
            evaluate_people("O*NET IP cases", ip_people(args.cases), catalog, INTERESTS_ONLY)
        )
    else:
        print(f"no Interest Profiler cases at {CASES}; skipped", file=sys.stderr)
    plot(figures, PLOT)
    if args.json:
        json.dump([asdict(f) for f in figures], sys.stdout, indent=2)
        print()
        return 0
    print(
        "| respondents | n | mean overlap at stop | median items asked | adaptive at 30 "
        "| adaptive at 35 | short quiz (30) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        print(
            f"| {f.respondents} | {f.count} | {f.mean_overlap:.3f} | {f.median_asked:.0f} of "
            f"{f.full_items} | {f.adaptive_at_short:.3f} | {f.adaptive_at_35:.3f} | "
            f"{f.short_overlap:.3f} |"
        )
    print(
        "\n| respondents | full quiz vs a second take | full quiz vs own profile "
        f"| adaptive where it stops vs own profile | adaptive at {HALF} vs own profile "
        f"| adaptive at {HALF} | greedy oracle at {HALF} (n) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for f in figures:
        cells = [
            "-" if x is None else f"{x:.3f}"
            for x in (f.full_retest, f.full_truth, f.stop_truth, f.half_truth, f.adaptive_at_half)
        ]
        cells.append(
            "-" if f.oracle_at_half is None else f"{f.oracle_at_half:.3f} ({f.oracle_count})"
        )
        print(f"| {f.respondents} | " + " | ".join(cells) + " |")
    print(f"curves: {PLOT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
