"""The adaptive quiz's steps under load: ``POST /v1/quizzes/career-match-adaptive/next``.

Bodies are steps a person could send: the answers to the first 6 to 60 scale items of
distinct random answer sets (all six interest areas answered), the limits skipped. Each
body is a step the service computes in full (no step is cached), first one client at a
time, then the bench's ``CONCURRENCY`` clients at once.
"""

from __future__ import annotations

from typing import Any

import requests

from bench.probes import CONCURRENCY
from scripts.sample_answers import random_answers, scale_items

QUIZ = "career-match-adaptive"
SKIPPED = ["location", "max_job_zone", "min_annual_wage"]
#: Steps of the first 6 up to 60 answers: from the first ranked step to a long quiz.
FEWEST, MOST = 6, 60


def step_bodies(quiz: dict[str, Any], count: int, first_seed: int) -> list[dict[str, Any]]:
    """``count`` steps of distinct people, their answers so far growing with the seed."""
    ids = [item["id"] for item in scale_items(quiz)]
    bodies = []
    for k in range(count):
        answers = random_answers(quiz, seed=first_seed + k)
        asked = ids[: FEWEST + k % (MOST - FEWEST + 1)]
        bodies.append({"answers": {i: answers[i] for i in asked}, "skipped": SKIPPED})
    return bodies


def measure(bench: Any) -> None:
    """The step's latency alone and under ``CONCURRENCY`` clients (``adaptive_next``)."""
    url = f"{bench.stack.quiz_url}/v1/quizzes/{QUIZ}/next"
    quiz = requests.get(f"{bench.stack.quiz_url}/v1/quizzes/{QUIZ}", timeout=10).json()
    count = bench.sizes["adaptive_steps"]
    # the first step fetches the snapshot and makes the prior: not a step's usual cost
    warm = bench.closed_loop({"url": url, "bodies": step_bodies(quiz, 5, 10_000)})
    alone = bench.closed_loop({"url": url, "bodies": step_bodies(quiz, count, 20_000)})
    loaded = bench.closed_loop(
        {"url": url, "bodies": step_bodies(quiz, count, 30_000), "concurrency": CONCURRENCY}
    )
    statuses: dict[str, int] = {}
    for run in (warm, alone, loaded):
        for status, n in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    bench.results["adaptive_next"] = {
        "alone_latency_ms": alone["latency_ms"],
        "loaded_latency_ms": loaded["latency_ms"],
        "loaded_per_second": loaded["per_second"],
        "concurrency": CONCURRENCY,
        "steps": count,
        "statuses": statuses,
    }
