"""The steps of one bench run: the anchors, then the matcher's work, the quiz and the pipeline.

:class:`Bench` runs them against a :class:`~scripts.up.LocalStack` and gathers every figure
in ``results``, the ``measures`` of the bench's JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess  # nosec B404 - the bench starts its own load generator
import sys
import time
from pathlib import Path
from typing import Any

import redis
import requests

from bench import resilience
from bench.anchors import NoopAnchor
from bench.probes import (
    CONCURRENCY,
    REPO_ROOT,
    drain_rate,
    load,
    parse_time,
    process_rss,
    rss_mb,
)
from scripts.processes import RedisServer, free_port, wait_until
from scripts.sample_answers import random_answers
from scripts.up import LocalStack
from services.matcher import catalog_arrays
from shared.celery import MATCH_QUEUE, create_celery
from shared.records import PENDING_KEY
from shared.settings import Settings

QUIZ = "career-match"
#: The pause before the second timing of each ``jobs.compute``: about the time a worker's
#: pool process waits for its next task in a drain. Not a target; it shows how much slower
#: the same work is on a core that went idle (the caches gone cold).
IDLE_BEFORE_COMPUTE = 0.005
WORKER_COUNTS = (1, 2, 4)
#: Drains with one matcher, each followed by a drain of the no-op anchor.
DRAIN_ROUNDS = 3


class Bench:
    """One run's steps against ``stack``, each adding its figures to ``results``."""

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

    def closed_loop(self, spec: dict[str, Any]) -> dict[str, Any]:
        """One closed-loop run of the load generator (its ``requests`` mode)."""
        return load("requests", spec, self.workdir)

    def rate(self, url: str, bodies: list[dict[str, Any]]) -> float:
        """Requests per second, ``bodies`` POSTed to ``url`` by ``CONCURRENCY`` clients."""
        return float(
            self.closed_loop({"url": url, "bodies": bodies, "concurrency": CONCURRENCY})[
                "per_second"
            ]
        )

    # -- anchors ----------------------------------------------------------------------
    def noop(self) -> None:
        """The no-op anchor: round trips now; its drains alternate with the 1-matcher's."""
        self.noop_anchor = NoopAnchor(self.stack, self.sizes["noop_drain"])
        self.results["noop"] = {
            "round_trip_ms": self.noop_anchor.round_trip_ms(self.sizes["noop_round_trips"]),
            "drain_per_second_rounds": [self.noop_anchor.drain()],
            "tasks": self.sizes["noop_drain"],
        }

    def finish_noop(self) -> None:
        """The no-op anchor's figures (medians of its rounds), then stop its worker."""
        noop = self.results["noop"]
        drain = statistics.median(noop["drain_per_second_rounds"])
        noop["drain_per_second"] = drain
        noop["time_per_task_ms"] = 1000 / drain
        noop["rss_mb"] = self.noop_anchor.stop()

    def hello(self) -> None:
        """The hello anchors, and the quiz's POST rate taken in turn with its anchor's."""
        port = free_port()
        proc = self.stack.start("bench.hello", {"PORT": str(port)})
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: requests.get(base + "/hello", timeout=1).ok, 30, "the hello server")
        n = self.sizes["hello_requests"]
        sequential = self.closed_loop({"url": base + "/hello-redis", "bodies": [{}] * (n // 4)})
        hello = self.closed_loop({"url": base + "/hello", "count": n, "concurrency": CONCURRENCY})
        anchor_rounds, three_rounds, post_rounds = self.post_rounds(base)
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

    def post_rounds(self, base: str) -> tuple[list[float], list[float], list[float]]:
        """Three rounds of the hello+Redis anchor, the three-writes hello and the quiz's POST.

        The three alternate, and each takes its median, so that a burst of load from
        elsewhere on the machine hits them alike.
        """
        anchor_rounds: list[float] = []
        three_rounds: list[float] = []
        post_rounds: list[float] = []
        for _ in range(3):
            anchor_rounds.append(
                self.rate(base + "/hello-redis", [{}] * self.sizes["hello_requests"])
            )
            three_rounds.append(
                self.rate(base + "/hello-redis-3", self.bodies(self.sizes["posts"] // 2))
            )
            post_rounds.append(self.rate(self.post_url, self.bodies(self.sizes["posts"] // 2)))
        return anchor_rounds, three_rounds, post_rounds

    # -- the matcher's own work ----------------------------------------------------------
    def compute(self) -> None:
        from services.matcher import jobs, profile, scoring
        from services.quiz.quizzes import load_quizzes
        from services.quiz.submissions import new_request
        from shared.ids import new_id

        quiz = load_quizzes(self.settings.quiz_dir)[QUIZ]
        snapshot = requests.get(f"{self.stack.catalog_url}/v1/catalog/snapshot", timeout=30).json()
        catalog = catalog_arrays.catalog_arrays(snapshot)
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
        spec = {"url": self.post_url, "bodies": self.bodies(n), "concurrency": CONCURRENCY}
        unloaded = self.closed_loop(spec)
        #: results done by the time of ``e2e`` (the drains wait for every submission)
        self.posted_ids: list[str] = unloaded["ids"]
        quiz_pid = self.stack.procs[1].pid
        rss_before = rss_mb(quiz_pid)
        holder = self.hold_streams(unloaded["ids"][:50])
        if holder.stdout is None or holder.stdin is None:
            raise RuntimeError("the stream holder has no pipes")
        opened = json.loads(holder.stdout.readline())
        time.sleep(1.0)
        rss_open = rss_mb(quiz_pid)
        spec = {"url": self.post_url, "bodies": self.bodies(n), "concurrency": CONCURRENCY}
        loaded = self.closed_loop(spec)
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

    def hold_streams(self, held: list[str]) -> subprocess.Popen[str]:
        """A load generator holding the run's count of event streams open on ``held``: it
        prints a line once they are open, and its summary once its stdin closes."""
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
        return subprocess.Popen(  # nosec B603 - our interpreter and module
            [sys.executable, "-m", "bench.load", "streams", "--spec", str(spec_file)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

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
        posted = self.closed_loop(
            {"url": self.post_url, "bodies": self.bodies(count), "concurrency": CONCURRENCY}
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
                    self.results["noop"]["drain_per_second_rounds"].append(self.noop_anchor.drain())
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
        """submit → done through the event stream at a quarter of the sustained rate; then
        the same for variants of done results (``POST /v1/results/{id}/variants``)."""
        rate = sustained / 4
        count = self.sizes["e2e"]
        spec = {"base": self.stack.quiz_url, "bodies": self.bodies(count), "rate": rate}
        fresh = load(
            "submit", spec | {"post_path": f"/v1/quizzes/{QUIZ}/submissions"}, self.workdir
        )
        self.results["e2e"] = self._round_trips(fresh, rate)
        variants = load("submit", self.variant_spec(count, rate), self.workdir)
        self.results["variant_e2e"] = self._round_trips(variants, rate)

    def variant_spec(self, count: int, rate: float) -> dict[str, Any]:
        """``count`` variants, each of another done result of :meth:`posts` (so that none
        comes from the answer cache), each changing the weights of the score."""
        done = self.posted_ids[:count]
        return {
            "base": self.stack.quiz_url,
            "post_paths": [f"/v1/results/{done[n % len(done)]}/variants" for n in range(count)],
            "bodies": [
                {"weights": {"interests": 1.0, "values": 0.1 + (n % 9) / 10, "skills": 0.5}}
                for n in range(count)
            ],
            "rate": rate,
        }

    @staticmethod
    def _round_trips(result: dict[str, Any], rate: float) -> dict[str, Any]:
        return {
            "p50_ms": result["latency_ms"]["p50"],
            "latency_ms": result["latency_ms"],
            "phases_p50_ms": result["phases_p50_ms"],
            "rate_per_second": rate,
            "outcomes": result["outcomes"],
        }

    # -- when things go wrong ------------------------------------------------------------
    def resilience(self) -> None:
        """The connection cap, then the time to 503 on each web path with Redis hung: on a
        quiz of its own with the default limits, on a Redis of its own (bench.resilience)."""
        server = RedisServer(self.workdir / "hung-redis")
        server.start()
        defaults = Settings.from_env({})
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            "PORT": str(port),
            "METRICS_PORT": str(free_port()),
            "REDIS_URL": server.url,
            "PUBLIC_URL": url,
            "WEB_CONNECTIONS_PER_CLIENT": str(defaults.connections_per_client),
            "REDIS_WEB_TIMEOUT_SECONDS": str(defaults.redis_web_timeout),
            "LOG_LEVEL": "error",  # each 503 of the hung Redis would log a warning
        }
        proc = self.stack.start("services.quiz", env, name="quiz (resilience)")
        try:
            wait_until(lambda: requests.get(url + "/healthz", timeout=1).ok, 60, url)
            cap = resilience.connection_cap(port, defaults.connections_per_client)
            first, second = self.bodies(2)
            result_id = requests.post(
                f"{url}/v1/quizzes/{QUIZ}/submissions", json=first, timeout=10
            ).json()
            paths = resilience.hung_redis_paths(url, result_id["id"], second)
            self.results["hung_redis"] = {
                "redis_timeout_seconds": defaults.redis_web_timeout,
                "paths": resilience.hung_redis(server, paths),
            }
            self.results["connection_cap"] = cap
        finally:
            proc.terminate()
            proc.wait(30)
            server.stop()

    def memory(self) -> None:
        names = {"catalog": self.stack.procs[0].pid, "quiz": self.stack.procs[1].pid}
        self.results["rss_mb"] = {name: rss_mb(pid) for name, pid in names.items()}
        self.results["rss_mb"]["matchers"] = [process_rss(p.pid) for p in self.matchers]
