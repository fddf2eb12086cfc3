"""``make bench``: submit → done latency and throughput on the real stack.

Starts its own stack (private Redis, catalog, quiz, N matcher workers) on free ports, or
measures a running one with ``--quiz-url``. Each simulated client posts a distinct answer
set (so no result comes from the cache), follows the result's event stream until ``done``,
and records the time from just before the POST to the final event.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from scripts.processes import free_port, wait_until
from scripts.up import LocalStack, start_stack

REPO_ROOT = Path(__file__).resolve().parent.parent


def random_answers(quiz: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A complete answer set with random ratings on every scale item."""
    answers: dict[str, Any] = {}
    for section in quiz["sections"]:
        for item in section["items"]:
            if item["type"] == "scale":
                scale = quiz["scales"][item["scale"]]
                answers[item["id"]] = rng.randint(scale["min"], scale["max"])
    return answers


def one_submission(quiz_url: str, quiz_id: str, answers: dict[str, Any]) -> float:
    """Seconds from the POST to the ``done`` event of its result."""
    session = requests.Session()
    started = time.perf_counter()
    response = session.post(
        f"{quiz_url}/v1/quizzes/{quiz_id}/submissions", json={"answers": answers}, timeout=30
    )
    response.raise_for_status()
    events_url = quiz_url + response.json()["links"]["events"]
    with session.get(events_url, stream=True, timeout=120) as stream:
        for line in stream.iter_lines(decode_unicode=True):
            if line in ("event: done", "event: failed"):
                if line.endswith("failed"):
                    raise RuntimeError(f"submission failed: {events_url}")
                return time.perf_counter() - started
    raise RuntimeError(f"stream ended before done: {events_url}")


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) by linear interpolation."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run(
    quiz_url: str, quiz_id: str, submissions: int, concurrency: int, seed: int
) -> dict[str, Any]:
    quiz = requests.get(f"{quiz_url}/v1/quizzes/{quiz_id}", timeout=10).json()
    rng = random.Random(seed)  # nosec B311 - repeatable test answers, not a secret
    answer_sets = [random_answers(quiz, rng) for _ in range(submissions)]
    one_submission(quiz_url, quiz_id, random_answers(quiz, rng))  # warm every cache once
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(lambda a: one_submission(quiz_url, quiz_id, a), answer_sets))
    elapsed = time.perf_counter() - started
    return {
        "quiz": quiz_id,
        "submissions": submissions,
        "concurrency": concurrency,
        "seconds": round(elapsed, 3),
        "throughput_per_second": round(submissions / elapsed, 2),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 1),
            "p90": round(percentile(latencies, 0.90) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
            "mean": round(statistics.fmean(latencies) * 1000, 1),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiz-url", help="measure a running stack instead of starting one")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--quiz", default="career-match")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "artifacts" / "bench.json")
    args = parser.parse_args(argv)

    stack: LocalStack | None = None
    quiz_url = args.quiz_url
    with tempfile.TemporaryDirectory() as tmp:
        if not quiz_url:
            stack = start_stack(
                args.workers,
                free_port(),
                free_port(),
                Path(tmp) / "redis",
                # the benchmark floods from one address on purpose: no submission limit
                extra_env={"LOG_LEVEL": "warning", "SUBMIT_LIMIT_PER_ADDRESS": "1000000/minute"},
            )
            quiz_url = stack.quiz_url
        try:
            wait_until(lambda: requests.get(quiz_url + "/readyz", timeout=2).ok, 30, "quiz ready")
            results = []
            for concurrency in args.concurrency:
                result = run(quiz_url, args.quiz, args.submissions, concurrency, args.seed)
                result["workers"] = args.workers if stack else None
                results.append(result)
                lat = result["latency_ms"]
                print(
                    f"{args.quiz}: {args.submissions} submissions, concurrency {concurrency}, "
                    f"workers {result['workers']}: p50 {lat['p50']} ms, p99 {lat['p99']} ms, "
                    f"{result['throughput_per_second']}/s",
                    flush=True,
                )
        finally:
            if stack:
                stack.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
