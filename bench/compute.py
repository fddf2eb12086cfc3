"""The matcher's hot path alone: ``jobs.compute`` on the committed catalog, no services.

    .venv/bin/python -m bench.compute [--runs 200] [--quiz career-match]

Builds the catalog arrays once (as a worker does), then times ``jobs.compute`` for
``--runs`` distinct random answer sets and prints the median and 90th percentile, of the
wall-clock time and of the thread's CPU time (steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from scripts.sample_answers import random_answers
from services.catalog.serve.store import load_store
from services.matcher import catalog_arrays, jobs
from services.quiz.quizzes import load_quizzes
from services.quiz.submissions import new_request
from shared.contract.request import MAX_JOB_ZONE
from shared.ids import new_id

REPO_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--quiz", default="career-match")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    store = load_store(REPO_ROOT / "services" / "catalog" / "data")
    catalog = catalog_arrays.catalog_arrays(store.snapshot())
    quiz = load_quizzes()[args.quiz]
    rng = random.Random(args.seed)  # nosec B311 - repeatable answer sets, not a secret
    requests = [
        new_request(
            quiz,
            quiz.check_answers(
                random_answers(quiz.definition, seed=rng.randrange(2**32)) | {MAX_JOB_ZONE: 4}
            ),
            submission_id=new_id(),
        )
        for _ in range(args.runs)
    ]
    jobs.compute(requests[0], catalog)  # warm up
    wall, cpu = [], []
    for request in requests:
        start, start_cpu = time.perf_counter(), time.thread_time()
        jobs.compute(request, catalog)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    for name, times in (("wall", wall), ("cpu", cpu)):
        times.sort()
        p50 = statistics.median(times) * 1000
        p90 = times[int(0.9 * (len(times) - 1))] * 1000
        print(
            f"jobs.compute ({args.quiz}, {args.runs} answer sets, {name} time): "
            f"p50 {p50:.2f} ms, p90 {p90:.2f} ms"
        )


if __name__ == "__main__":
    main()
