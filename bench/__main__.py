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
import statistics
import subprocess  # nosec B404 - the bench starts its own load generator
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import redis
import requests

from bench.noop import DONE_PREFIX, NOOP_TASK, create_noop_app
from scripts.processes import free_port, wait_until
from scripts.sample_answers import random_answers
from scripts.up import LocalStack, start_stack
from shared.celery import MATCH_QUEUE, create_celery
from shared.records import PENDING_KEY
from shared.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"
QUIZ = "career-match"

#: The pause before the second timing of each ``jobs.compute``: about the time a worker's
#: pool process waits for its next task in a drain. Not a target; it shows how much slower
#: the same work is on a core that went idle (the caches gone cold).
IDLE_BEFORE_COMPUTE = 0.005

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
    },
}
CONCURRENCY = 8
#: Which variables of the bench's environment count as limits to pass on to the services.
_LIMIT_VARIABLES = ("SUBMIT_LIMIT_", "SITE_WEBHOOK_LIMIT", "RATE_LIMIT_")
WORKER_COUNTS = (1, 2, 4)
#: Drains with one matcher, each followed by a drain of the no-op anchor.
DRAIN_ROUNDS = 3


def bench_env() -> dict[str, str]:
    """What the services get for the bench: quiet logs, limits lifted, no stale re-sends."""
    env = {
        "LOG_LEVEL": "warning",
        "SUBMIT_LIMIT_PER_ADDRESS": "1000000/second",
        "SUBMIT_LIMIT_PER_SITE": "1000000/second",
        "SSE_MAX_STREAMS": "20000",
        "SSE_MAX_STREAMS_PER_CLIENT": "20000",
        "WEB_CONNECTIONS": "20000",
        "STALE_AFTER_SECONDS": "3600",
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith(_LIMIT_VARIABLES)})
    return env


def load(mode: str, spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run the load generator process once; its JSON summary."""
    spec_file = workdir / f"spec-{uuid.uuid4().hex}.json"
    spec_file.write_text(json.dumps(spec))
    done = subprocess.run(  # nosec B603 - our interpreter and module
        [sys.executable, "-m", "bench.load", mode, "--spec", str(spec_file)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.load {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            total += child.memory_info().rss
    except psutil.NoSuchProcess:
        return 0.0
    return round(float(total) / 1e6, 1)


def process_rss(pid: int) -> dict[str, float]:
    """RSS of a process and of each child, in MB."""
    proc = psutil.Process(pid)
    out = {"main": round(proc.memory_info().rss / 1e6, 1)}
    for i, child in enumerate(proc.children(recursive=True)):
        out[f"child-{i + 1}"] = round(child.memory_info().rss / 1e6, 1)
    return out


def parse_time(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def drain_rate(times: list[float]) -> float:
    """Completions per second between the first and the last completion."""
    span = max(times) - min(times)
    return (len(times) - 1) / span if span > 0 else float("nan")


class Bench:
    def __init__(self, stack: LocalStack, workdir: Path, sizes: dict[str, int]) -> None:
        self.stack = stack
        self.workdir = workdir
        self.sizes = sizes
        self.redis = redis.Redis.from_url(stack.redis.url, decode_responses=True)
        self.settings = Settings.from_env({"REDIS_URL": stack.redis.url})
        self.quiz_doc = requests.get(f"{stack.quiz_url}/v1/quizzes/{QUIZ}", timeout=10).json()
        self.seed = 0
        self.matchers: list[subprocess.Popen[bytes]] = []
        self.results: dict[str, Any] = {}
        self.control = create_celery(self.settings, name="bench-control").control

    def bodies(self, count: int) -> list[dict[str, Any]]:
        """``count`` distinct answer sets, so that no result comes from the cache."""
        out = []
        for _ in range(count):
            self.seed += 1
            out.append({"answers": random_answers(self.quiz_doc, seed=self.seed)})
        return out

    @property
    def post_url(self) -> str:
        return f"{self.stack.quiz_url}/v1/quizzes/{QUIZ}/submissions"

    # -- anchors ----------------------------------------------------------------------
    def noop(self) -> None:
        """The no-op anchor: round trips now; its drains alternate with the 1-matcher's."""
        noop_url = self.stack.redis.url.rsplit("/", 1)[0] + "/1"
        self.noop_worker = self.stack.start("bench.noop", {"REDIS_URL": noop_url})
        self.noop_app = create_noop_app(Settings.from_env({"REDIS_URL": noop_url}))
        self.noop_redis = redis.Redis.from_url(noop_url, decode_responses=True)
        app, client = self.noop_app, self.noop_redis
        wait_until(lambda: bool(app.control.ping(timeout=0.5)), 60, "the no-op worker")
        round_trips = []
        for _ in range(self.sizes["noop_round_trips"]):
            token = uuid.uuid4().hex
            started = time.perf_counter()
            app.send_task(NOOP_TASK, args=[token], queue=MATCH_QUEUE)
            while not client.exists(DONE_PREFIX + token):
                time.sleep(0.001)
            round_trips.append(time.perf_counter() - started)
        self.results["noop"] = {
            "round_trip_ms": statistics.median(round_trips) * 1000,
            "drain_per_second_rounds": [self.noop_drain()],
            "tasks": self.sizes["noop_drain"],
        }

    def noop_drain(self) -> float:
        """One drain of a full queue of no-op tasks: completions per second."""
        app, client = self.noop_app, self.noop_redis
        tokens = [uuid.uuid4().hex for _ in range(self.sizes["noop_drain"])]
        app.control.cancel_consumer(MATCH_QUEUE, reply=True)  # fill the queue, then drain it
        with app.producer_or_acquire() as producer:
            for token in tokens:
                app.send_task(NOOP_TASK, args=[token], queue=MATCH_QUEUE, producer=producer)
        app.control.add_consumer(MATCH_QUEUE, reply=True)
        wait_until(
            lambda: client.exists(*(DONE_PREFIX + t for t in tokens)) == len(tokens),
            300,
            "the no-op drain",
        )
        stamps = client.mget([DONE_PREFIX + t for t in tokens])
        return drain_rate([float(str(v)) for v in stamps])

    def finish_noop(self) -> None:
        """The no-op anchor's figures (medians of its rounds), then stop its worker."""
        noop = self.results["noop"]
        drain = statistics.median(noop["drain_per_second_rounds"])
        noop["drain_per_second"] = drain
        noop["time_per_task_ms"] = 1000 / drain
        noop["rss_mb"] = process_rss(self.noop_worker.pid)
        self.noop_worker.terminate()
        self.noop_worker.wait(30)

    def hello(self) -> None:
        port = free_port()
        proc = self.stack.start("bench.hello", {"PORT": str(port)})
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: requests.get(base + "/hello", timeout=1).ok, 30, "the hello server")
        n = self.sizes["hello_requests"]
        sequential = load(
            "requests", {"url": base + "/hello-redis", "bodies": [{}] * (n // 4)}, self.workdir
        )
        hello = load(
            "requests",
            {"url": base + "/hello", "count": n, "concurrency": CONCURRENCY},
            self.workdir,
        )
        # POST/s against its anchor: alternate the two, three rounds, and take the medians,
        # so that a burst of load from elsewhere on the machine hits both alike
        anchor_rounds, post_rounds, three_rounds = [], [], []
        for _ in range(3):
            anchor_rounds.append(
                load(
                    "requests",
                    {
                        "url": base + "/hello-redis",
                        "bodies": [{}] * n,
                        "concurrency": CONCURRENCY,
                    },
                    self.workdir,
                )["per_second"]
            )
            three_rounds.append(
                load(
                    "requests",
                    {
                        "url": base + "/hello-redis-3",
                        "bodies": self.bodies(self.sizes["posts"] // 2),
                        "concurrency": CONCURRENCY,
                    },
                    self.workdir,
                )["per_second"]
            )
            post_rounds.append(
                load(
                    "requests",
                    {
                        "url": self.post_url,
                        "bodies": self.bodies(self.sizes["posts"] // 2),
                        "concurrency": CONCURRENCY,
                    },
                    self.workdir,
                )["per_second"]
            )
        self.results["hello"] = {
            "hello_redis_round_trip_ms": sequential["latency_ms"]["p50"],
            "hello_per_second": hello["per_second"],
            "hello_redis_per_second": statistics.median(anchor_rounds),
            "hello_redis_per_second_rounds": anchor_rounds,
            # reported only: a POST's three Redis round trips, with plain redis-py
            "hello_three_writes_per_second": statistics.median(three_rounds),
            "hello_three_writes_per_second_rounds": three_rounds,
            "concurrency": CONCURRENCY,
            "rss_mb": rss_mb(proc.pid),
        }
        self.results["post_rate"] = {
            "per_second": statistics.median(post_rounds),
            "per_second_rounds": post_rounds,
            "concurrency": CONCURRENCY,
        }
        proc.terminate()
        proc.wait(30)

    # -- the matcher's own work ----------------------------------------------------------
    def compute(self) -> None:
        from services.matcher import jobs, profile, scoring
        from services.quiz.quizzes import load_quizzes
        from services.quiz.submissions import new_request
        from shared.ids import new_id

        quiz = load_quizzes(self.settings.quiz_dir)[QUIZ]
        snapshot = requests.get(f"{self.stack.catalog_url}/v1/catalog/snapshot", timeout=30).json()
        catalog = scoring.catalog_arrays(snapshot)
        compute_times, scoring_times, idle_times = [], [], []
        submissions = [
            new_request(quiz, quiz.check_answers(body["answers"]), submission_id=new_id())
            for body in self.bodies(self.sizes["compute_samples"])
        ]
        for request in submissions:
            started = time.perf_counter()
            jobs.compute(request, catalog)
            compute_times.append(time.perf_counter() - started)
            person = profile.build_profile(
                request["answers"], request["items"], skill_ids=catalog.skill_ids
            )
            started = time.perf_counter()
            scoring.score_careers(person, catalog, request["weights"])
            scoring_times.append(time.perf_counter() - started)
        for request in submissions:  # the same work after a pause, as a worker's between tasks
            time.sleep(IDLE_BEFORE_COMPUTE)
            started = time.perf_counter()
            jobs.compute(request, catalog)
            idle_times.append(time.perf_counter() - started)
        self.results["compute"] = {
            "p50_ms": statistics.median(compute_times) * 1000,
            "after_idle_p50_ms": statistics.median(idle_times) * 1000,
            "idle_before_ms": IDLE_BEFORE_COMPUTE * 1000,
            "scoring_all_careers_p50_ms": statistics.median(scoring_times) * 1000,
            "careers": len(catalog),
            "samples": len(compute_times),
        }

    # -- the quiz ----------------------------------------------------------------------
    def posts(self) -> None:
        """POST rate and latency with no stream open, then with many streams open."""
        n = self.sizes["posts"]
        unloaded = load(
            "requests",
            {"url": self.post_url, "bodies": self.bodies(n), "concurrency": CONCURRENCY},
            self.workdir,
        )
        quiz_pid = self.stack.procs[1].pid
        rss_before = rss_mb(quiz_pid)
        held = unloaded["ids"][:50]
        spec_file = self.workdir / "streams.json"
        spec_file.write_text(
            json.dumps(
                {
                    "base": self.stack.quiz_url,
                    "paths": [f"/v1/results/{i}/events" for i in held],
                    "count": self.sizes["streams"],
                }
            )
        )
        holder = subprocess.Popen(  # nosec B603 - our interpreter and module
            [sys.executable, "-m", "bench.load", "streams", "--spec", str(spec_file)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if holder.stdout is None or holder.stdin is None:
            raise RuntimeError("the stream holder has no pipes")
        opened = json.loads(holder.stdout.readline())
        time.sleep(1.0)
        rss_open = rss_mb(quiz_pid)
        loaded = load(
            "requests",
            {"url": self.post_url, "bodies": self.bodies(n), "concurrency": CONCURRENCY},
            self.workdir,
        )
        holder.stdin.close()
        summary = json.loads(holder.stdout.read().strip().splitlines()[-1])
        holder.wait(60)
        streams = opened["open"]
        self.results["posts"] = {
            "unloaded_per_second": unloaded["per_second"],
            "unloaded_latency_ms": unloaded["latency_ms"],
            "loaded_latency_ms": loaded["latency_ms"],
            "loaded_per_second": loaded["per_second"],
            "loaded_statuses": loaded["statuses"],
            "streams_requested": self.sizes["streams"],
            "streams_open": streams,
            "streams_refused": opened["refused"],
            "streams_ended_before_release": summary["ended_before_release"],
            "quiz_rss_mb_before_streams": rss_before,
            "quiz_rss_mb_with_streams": rss_open,
            "memory_per_stream_kb": (rss_open - rss_before) * 1000 / streams if streams else None,
            "concurrency": CONCURRENCY,
        }

    # -- the pipeline ------------------------------------------------------------------
    def start_matchers(self, total: int) -> None:
        while len(self.matchers) < total:
            # each its own metrics port, as ``make up`` gives them (not all on 9100)
            self.matchers.append(
                self.stack.start("services.matcher", {"METRICS_PORT": str(free_port())})
            )
        app = self.control

        def ready() -> bool:
            replies = app.ping(timeout=1.0)
            return sum(1 for r in replies for name in r if name.startswith("matcher-")) >= total

        wait_until(ready, 120, f"{total} matcher workers")

    def wait_drained(self, timeout: float = 600) -> None:
        wait_until(lambda: self.redis.zcard(PENDING_KEY) == 0, timeout, "the queue to drain")

    def completion_times(self, ids: list[str]) -> list[float]:
        pipe = self.redis.pipeline(transaction=False)
        for submission_id in ids:
            pipe.hget(f"cm:sub:{submission_id}", "completed_at")
        return [parse_time(stamp) for stamp in pipe.execute() if stamp]

    def matcher_drain(self, count: int) -> float:
        """Post ``count`` submissions with the workers not consuming, then drain them: the
        rate from the records' completion times, first to last."""
        self.wait_drained()  # the backlog of the earlier steps
        self.control.cancel_consumer(MATCH_QUEUE, reply=True)
        posted = load(
            "requests",
            {"url": self.post_url, "bodies": self.bodies(count), "concurrency": CONCURRENCY},
            self.workdir,
        )
        self.control.add_consumer(MATCH_QUEUE, reply=True)
        self.wait_drained()
        return drain_rate(self.completion_times(posted["ids"]))

    def scaling(self) -> None:
        """Drain throughput of a full queue with 1, 2 and 4 matcher processes.

        With one matcher, ``DRAIN_ROUNDS`` drains alternate with drains of the no-op anchor
        and each side takes its median, so that the machine's drift (a 2-core VM's
        throughput moves by half between minutes) weighs on both alike.
        """
        rates: dict[str, float] = {}
        one: list[float] = []
        for workers in WORKER_COUNTS:
            self.start_matchers(workers)
            if workers == 1:
                for _ in range(DRAIN_ROUNDS):
                    one.append(self.matcher_drain(self.sizes["scaling"]))
                    self.results["noop"]["drain_per_second_rounds"].append(self.noop_drain())
                self.finish_noop()
                rates["1"] = statistics.median(one)
                self.e2e(rates["1"])
            else:
                rates[str(workers)] = self.matcher_drain(self.sizes["scaling"])
        self.results["scaling"] = {
            "drain_per_second": rates,
            "one_matcher_rounds": one,
            "submissions": self.sizes["scaling"],
            "cores": os.cpu_count(),
        }

    def e2e(self, sustained: float) -> None:
        """submit → done through the event stream at a quarter of the sustained rate."""
        rate = sustained / 4
        result = load(
            "submit",
            {
                "base": self.stack.quiz_url,
                "post_path": f"/v1/quizzes/{QUIZ}/submissions",
                "bodies": self.bodies(self.sizes["e2e"]),
                "rate": rate,
            },
            self.workdir,
        )
        self.results["e2e"] = {
            "p50_ms": result["latency_ms"]["p50"],
            "latency_ms": result["latency_ms"],
            "phases_p50_ms": result["phases_p50_ms"],
            "rate_per_second": rate,
            "outcomes": result["outcomes"],
        }

    def memory(self) -> None:
        names = {"catalog": self.stack.procs[0].pid, "quiz": self.stack.procs[1].pid}
        self.results["rss_mb"] = {name: rss_mb(pid) for name, pid in names.items()}
        self.results["rss_mb"]["matchers"] = [process_rss(p.pid) for p in self.matchers]


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue: the measure, its bound from the anchors, and whether it holds."""
    n = r["noop"]["time_per_task_ms"]
    c = r["compute"]["p50_ms"]
    h = r["hello"]["hello_redis_round_trip_ms"]
    rt = r["noop"]["round_trip_ms"]
    rates = r["scaling"]["drain_per_second"]
    cores = r["scaling"]["cores"] or 1
    matcher_max = max(max(m.values()) for m in r["rss_mb"]["matchers"])
    rows: list[tuple[str, float, str, float, Callable[[float, float], bool], str]] = [
        ("jobs.compute p50 c (ms)", c, "n (ms)", n, lambda a, b: a <= b, "c ≤ n"),
        (
            "scoring all careers (ms)",
            r["compute"]["scoring_all_careers_p50_ms"],
            "0.2 n (ms)",
            0.2 * n,
            lambda a, b: a <= b,
            "≤ 0.2 n",
        ),
        (
            "drain, 1 matcher (/s)",
            rates["1"],
            "0.7/(n+c) (/s)",
            0.7 * 1000 / (n + c),
            lambda a, b: a >= b,
            "≥ 0.7/(n+c)",
        ),
        (
            "submit→done p50 via stream, 25% load (ms)",
            r["e2e"]["p50_ms"],
            "2(r+h+c) (ms)",
            2 * (rt + h + c),
            lambda a, b: a <= b,
            "≤ 2(r+h+c)",
        ),
        (
            "POST /s",
            r["post_rate"]["per_second"],
            "0.5 × hello+Redis /s",
            0.5 * r["hello"]["hello_redis_per_second"],
            lambda a, b: a >= b,
            "≥ 0.5 × anchor",
        ),
        (
            f"POST p99 with {r['posts']['streams_open']} streams open (ms)",
            r["posts"]["loaded_latency_ms"]["p99"],
            "2 × unloaded p99 (ms)",
            2 * r["posts"]["unloaded_latency_ms"]["p99"],
            lambda a, b: a <= b and r["posts"]["streams_open"] == r["posts"]["streams_requested"],
            "≤ 2 × unloaded, all streams open",
        ),
        (
            "drain, 2 matchers (/s)",
            rates["2"],
            f"0.8 × min(2, {cores}) × 1-matcher",
            0.8 * min(2, cores) * rates["1"],
            lambda a, b: a >= b,
            "near linear to the cores",
        ),
        (
            "drain, 4 matchers (/s)",
            rates["4"],
            f"0.8 × min(4, {cores}) × 1-matcher",
            0.8 * min(4, cores) * rates["1"],
            lambda a, b: a >= b,
            "near linear to the cores",
        ),
        ("largest matcher process RSS (MB)", matcher_max, "MB", 200, lambda a, b: a < b, "< 200"),
    ]
    return [
        {
            "measure": measure,
            "value": round(value, 3),
            "bound_name": bound_name,
            "bound": round(bound, 3),
            "ratio": round(value / bound, 3) if bound else None,
            "target": target,
            "holds": bool(check(value, bound)),
        }
        for measure, value, bound_name, bound, check, target in rows
    ]


def table(rows: list[dict[str, Any]], r: dict[str, Any]) -> str:
    """The table printed at the end and pasted into docs/performance.md."""
    lines = [
        "| measure | value | bound (same run) | ratio | target | holds |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['measure']} | {row['value']:.2f} | {row['bound_name']}: "
            f"{row['bound']:.2f} | {row['ratio']:.2f} | {row['target']} | "
            f"{'yes' if row['holds'] else 'NO'} |"
        )
    anchors = (
        f"Anchors: no-op drain n = {r['noop']['time_per_task_ms']:.3f} ms/task "
        f"({r['noop']['drain_per_second']:.0f}/s), no-op round trip r = "
        f"{r['noop']['round_trip_ms']:.2f} ms, hello+Redis round trip h = "
        f"{r['hello']['hello_redis_round_trip_ms']:.2f} ms, hello "
        f"{r['hello']['hello_per_second']:.0f}/s, hello+Redis "
        f"{r['hello']['hello_redis_per_second']:.0f}/s, a POST's three Redis round trips "
        f"alone {r['hello']['hello_three_writes_per_second']:.0f}/s (POST/s "
        f"{r['post_rate']['per_second'] / r['hello']['hello_three_writes_per_second']:.2f} of "
        f"it) ({r['hello']['concurrency']} clients); "
        f"jobs.compute after {r['compute']['idle_before_ms']:.0f} ms idle: "
        f"{r['compute']['after_idle_p50_ms']:.2f} ms p50 (c, back to back: "
        f"{r['compute']['p50_ms']:.2f} ms)."
    )
    phases = r["e2e"]["phases_p50_ms"]
    parts = (
        "submit→done, p50 of its parts (ms, from the records' timestamps): "
        + ", ".join(
            f"{name.replace('_', ' ')} {'-' if value is None else f'{value:.1f}'}"
            for name, value in phases.items()
        )
        + "."
    )
    memory = (
        f"Memory: {r['posts']['memory_per_stream_kb']:.1f} KB per open stream; RSS after the "
        f"run: quiz {r['rss_mb']['quiz']} MB, catalog {r['rss_mb']['catalog']} MB, matchers "
        + ", ".join(f"{sum(m.values()):.0f} MB" for m in r["rss_mb"]["matchers"])
        + " (main + pool process)."
    )
    return "\n".join(lines) + "\n\n" + anchors + "\n" + parts + "\n" + memory


def chart(rows: list[dict[str, Any]], path: Path) -> None:
    """Each measure as a ratio of its bound, with the target at 1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    labels = [row["measure"] for row in rows]
    ratios = [row["ratio"] or 0 for row in rows]
    colors = ["#2e7d32" if row["holds"] else "#c62828" for row in rows]
    ax.barh(labels, ratios, color=colors)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xlabel("measure / bound from the same run's anchors (target side of 1 is green)")
    ax.invert_yaxis()
    ax.set_title("Career Match vs. its engine's limits (make bench)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts (QUICK=1)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="folder for JSON and PNG")
    args = parser.parse_args(argv)
    size = "quick" if args.quick else "full"
    started = time.monotonic()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    env = bench_env()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        stack = start_stack(0, free_port(), free_port(), workdir / "redis", extra_env=env)
        try:
            wait_until(
                lambda: requests.get(stack.quiz_url + "/readyz", timeout=2).ok, 30, "quiz ready"
            )
            bench = Bench(stack, workdir, SIZES[size])
            for step in (bench.noop, bench.hello, bench.compute, bench.posts, bench.scaling):
                print(f"bench: {step.__name__} ...", flush=True)
                step()
            bench.memory()
        finally:
            stack.stop()
    results = bench.results
    rows = targets(results)
    doc = {
        "size": size,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
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


if __name__ == "__main__":
    sys.exit(main())
