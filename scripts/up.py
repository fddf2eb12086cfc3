"""``make up``: the whole stack on one machine: a private Redis, catalog, quiz, N matchers.

On Ctrl-C (or SIGTERM) it stops the matchers first (each finishes its task), then the quiz
and the catalog, and Redis last, so nothing logs a lost connection on the way down. Each
child runs in its own session, so the terminal's Ctrl-C reaches only this process.

A child that dies is noticed within a second: a matcher, the quiz or the catalog is
restarted (it says so), up to ``MAX_RESTARTS`` times a minute, after which, or when Redis
itself dies, the whole stack is stopped (it says so too).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess  # nosec B404 - starts the services as children, no shell
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scripts.processes import RedisServer, free_port, wait_until

REPO_ROOT = Path(__file__).resolve().parent.parent


def port_free(port: int) -> bool:
    """Whether nothing listens on ``127.0.0.1:port``."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


#: Restarts of one child allowed within ``RESTART_WINDOW`` seconds before the stack stops.
MAX_RESTARTS = 3
RESTART_WINDOW = 60.0
#: How long a matcher may take to finish its task on SIGTERM (the task's hard limit, 60 s,
#: plus a margin); the web services get less.
MATCHER_GRACE = 75.0
WEB_GRACE = 15.0


@dataclass
class Child:
    """One service process of the stack, and how to start it again."""

    name: str
    module: str
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    restarts: list[float] = field(default_factory=list)


@dataclass
class LocalStack:
    """Redis plus the three services as child processes of this one."""

    redis: RedisServer
    quiz_url: str
    catalog_url: str
    env: dict[str, str]
    children: list[Child] = field(default_factory=list)

    @property
    def procs(self) -> list[subprocess.Popen[bytes]]:
        return [child.proc for child in self.children]

    def _spawn(self, module: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # nosec B603 - our interpreter and module, no shell
            [sys.executable, "-m", module],
            cwd=REPO_ROOT,
            env={**os.environ, **self.env, **env},
            start_new_session=True,
        )

    def start(
        self, module: str, extra: dict[str, str] | None = None, name: str | None = None
    ) -> subprocess.Popen[bytes]:
        env = dict(extra or {})
        child = Child(name or module.rsplit(".", 1)[-1], module, env, self._spawn(module, env))
        self.children.append(child)
        return child.proc

    def check(self, now: float | None = None) -> str | None:
        """Restart children that died; a reason to stop the stack, or None to go on."""
        if not self.redis.alive():
            return "redis-server exited; stopping everything"
        now = time.monotonic() if now is None else now
        for child in self.children:
            code = child.proc.poll()
            if code is None:
                continue
            child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW]
            if len(child.restarts) >= MAX_RESTARTS:
                return (
                    f"{child.name} exited with code {code} after {MAX_RESTARTS} restarts "
                    f"within {RESTART_WINDOW:.0f} s; stopping everything"
                )
            child.restarts.append(now)
            print(f"up: {child.name} exited with code {code}; restarting it", flush=True)
            child.proc = self._spawn(child.module, child.env)
        return None

    def stop(self) -> None:
        """Matchers first (they finish their tasks), then the web services, Redis last."""
        matchers = [c for c in self.children if c.module == "services.matcher"]
        others = [c for c in self.children if c.module != "services.matcher"]
        for group, grace in ((matchers, MATCHER_GRACE), (others, WEB_GRACE)):
            _terminate([c.proc for c in group], grace)
        self.redis.stop()


def _terminate(procs: list[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM to each process group, then wait up to ``grace`` seconds before SIGKILL."""
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _healthy(url: str) -> Callable[[], bool]:
    return lambda: requests.get(url + "/healthz", timeout=1).ok


def start_stack(
    workers: int,
    quiz_port: int,
    catalog_port: int,
    redis_dir: Path,
    extra_env: dict[str, str] | None = None,
    metrics_ports: list[int] | None = None,
) -> LocalStack:
    """Start Redis, the catalog, the quiz service and ``workers`` matcher processes."""
    redis_server = RedisServer(redis_dir, maxmemory=os.environ.get("REDIS_MAXMEMORY", "256mb"))
    redis_server.start()
    catalog_url = f"http://127.0.0.1:{catalog_port}"
    stack = LocalStack(
        redis_server,
        quiz_url=f"http://127.0.0.1:{quiz_port}",
        catalog_url=catalog_url,
        env={
            "REDIS_URL": redis_server.url,
            "CATALOG_URL": catalog_url,
            # the pages (served by the catalog) and the quiz link to each other
            "PAGES_URL": os.environ.get("PAGES_URL", catalog_url),
            "QUIZ_PUBLIC_URL": os.environ.get("QUIZ_PUBLIC_URL", f"http://127.0.0.1:{quiz_port}"),
            # the quiz's own origin (required with sites): its frame's submissions carry it
            "PUBLIC_URL": os.environ.get("PUBLIC_URL") or f"http://127.0.0.1:{quiz_port}",
            **(extra_env or {}),
        },
    )
    ports = list(metrics_ports or [])
    ports += [free_port() for _ in range(workers + 2 - len(ports))]
    try:
        stack.start("services.catalog", {"PORT": str(catalog_port), "METRICS_PORT": str(ports[0])})
        stack.start("services.quiz", {"PORT": str(quiz_port), "METRICS_PORT": str(ports[1])})
        for n in range(workers):
            stack.start(
                "services.matcher", {"METRICS_PORT": str(ports[2 + n])}, name=f"matcher {n + 1}"
            )
        for url in (stack.catalog_url, stack.quiz_url):
            wait_until(_healthy(url), 60, url)
    except BaseException:
        stack.stop()
        raise
    return stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--quiz-port", type=int, default=int(os.environ.get("QUIZ_PORT", "8000")))
    parser.add_argument(
        "--catalog-port", type=int, default=int(os.environ.get("CATALOG_PORT", "8001"))
    )
    args = parser.parse_args(argv)
    for name, port in (("quiz", args.quiz_port), ("catalog", args.catalog_port)):
        if not port_free(port):
            print(
                f"up: port {port} for the {name} service is taken; "
                f"run e.g. make up {name.upper()}_PORT=9000"
            )
            return 2
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        stack = start_stack(
            args.workers, args.quiz_port, args.catalog_port, REPO_ROOT / "var" / "redis"
        )
    except TimeoutError as exc:
        print(f"up: {exc}", flush=True)
        return 1
    print(
        "\nCareer Match is up:\n"
        f"  the quiz, for people           {stack.quiz_url}/start\n"
        f"  demo page (for integrators)    {stack.quiz_url}/\n"
        f"  quiz API docs                  {stack.quiz_url}/docs\n"
        f"  career and field pages         {stack.env['PAGES_URL']}/\n"
        f"  catalog API docs               {stack.catalog_url}/docs\n"
        f"  Redis (append-only, var/redis) {stack.redis.url}\n"
        f"  matcher workers                {args.workers}\n"
        f"  metrics (Prometheus)           {_metrics_urls(stack)}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    try:
        while not stopping:
            reason = stack.check()
            if reason is not None:
                print(f"up: {reason}", flush=True)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        print("up: stopping...", flush=True)
        stack.stop()
        print("up: stopped.", flush=True)


def _metrics_urls(stack: LocalStack) -> str:
    return " ".join(
        f"{c.name}=:{c.env['METRICS_PORT']}" for c in stack.children if "METRICS_PORT" in c.env
    )


if __name__ == "__main__":
    sys.exit(main())
