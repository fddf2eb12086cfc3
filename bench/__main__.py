"""``make bench`` (``QUICK=1`` for a short run): Career Match against its engine's own limits.

One run starts its own stack on free loopback ports (a private Redis, catalog, quiz, the
matcher workers) and the anchors beside it: a Celery no-op task with the matcher's Celery
settings and worker options (:mod:`bench.noop`), a bare Flask hello and a hello that writes
once to Redis, served like the quiz (:mod:`bench.hello`). Load comes from a separate
asyncio process (:mod:`bench.load`). Every target of the speed issue is a ratio of figures
measured in this same run; the table, the JSON and a chart go to ``bench/results/``.

Rate limits are raised for the bench by configuration: ``SUBMIT_LIMIT_PER_ADDRESS`` and
``SUBMIT_LIMIT_PER_SITE`` (Flask-Limiter notation) are set to ``1000000/second`` unless the
bench's own environment sets them (or ``SITE_WEBHOOK_LIMIT``, ``RATE_LIMIT_*``), which it
passes on; the JSON
lists what the services were given (``service_env``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import requests

# the steps of a run are in bench.steps (the no-op anchor in bench.anchors, the load
# generator's runs and the memory figures in bench.probes); targets, table, chart in bench.report
from bench import adaptive
from bench.probes import REPO_ROOT
from bench.report import chart, table, targets
from bench.steps import Bench
from scripts.processes import free_port, wait_until
from scripts.up import start_stack

RESULTS_DIR = REPO_ROOT / "bench" / "results"

#: How much of each measure a run takes: the full run, and QUICK=1.
SIZES: dict[str, dict[str, int]] = {
    "full": {
        "noop_drain": 1000,
        "noop_round_trips": 300,
        "hello_requests": 2000,
        "compute_samples": 200,
        "posts": 600,
        "streams": 2000,
        "e2e": 120,
        "scaling": 400,
        "adaptive_steps": 400,
    },
    "quick": {
        "noop_drain": 300,
        "noop_round_trips": 100,
        "hello_requests": 400,
        "compute_samples": 40,
        "posts": 200,
        "streams": 200,
        "e2e": 30,
        "scaling": 120,
        "adaptive_steps": 60,
    },
}
#: Which variables of the bench's environment count as limits to pass on to the services.
_LIMIT_VARIABLES = ("SUBMIT_LIMIT_", "SITE_WEBHOOK_LIMIT", "RATE_LIMIT_")


def bench_env() -> dict[str, str]:
    """What the services get for the bench: quiet logs, limits lifted, no stale re-sends."""
    env = {
        "LOG_LEVEL": "warning",
        "SUBMIT_LIMIT_PER_ADDRESS": "1000000/second",
        "SUBMIT_LIMIT_PER_SITE": "1000000/second",
        "SSE_MAX_STREAMS": "20000",
        "SSE_MAX_STREAMS_PER_CLIENT": "20000",
        "WEB_CONNECTIONS": "20000",
        "WEB_CONNECTIONS_PER_CLIENT": "20000",
        "STALE_AFTER_SECONDS": "3600",
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith(_LIMIT_VARIABLES)})
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts (QUICK=1)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for JSON and PNG")
    args = parser.parse_args(argv)
    size = "quick" if args.quick else "full"
    started = time.monotonic()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    env = bench_env()
    results = run(SIZES[size], env)
    rows = targets(results)
    doc = {
        "size": size,
        "machine": machine(load_at_start),
        "finished_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "service_env": env,
        "measures": results,
        "targets": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    name = "bench-quick" if args.quick else "bench"
    (args.out / f"{name}.json").write_text(json.dumps(doc, indent=2) + "\n")
    chart(rows, args.out / f"{name}.png")
    print(table(rows, results))
    print(f"\n{doc['seconds']} s; written to {args.out / (name + '.json')} and .png")
    return 0


def run(sizes: dict[str, int], env: dict[str, str]) -> dict[str, Any]:
    """Start a stack of its own, take every step, stop the stack; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        stack = start_stack(0, free_port(), free_port(), workdir / "redis", extra_env=env)
        try:
            wait_until(
                lambda: requests.get(stack.quiz_url + "/readyz", timeout=2).ok, 30, "quiz ready"
            )
            bench = Bench(stack, workdir, sizes)
            steps = (bench.noop, bench.hello, bench.compute, bench.posts, bench.scaling)
            for step in (*steps, bench.resilience):
                print(f"bench: {step.__name__} ...", flush=True)
                step()
            print("bench: adaptive steps ...", flush=True)
            adaptive.measure(bench)
            bench.memory()
        finally:
            stack.stop()
    return bench.results


def machine(load_at_start: list[float]) -> dict[str, Any]:
    """The machine the run took its figures on, and how loaded it was."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    sys.exit(main())
