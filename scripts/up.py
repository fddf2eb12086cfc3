"""``make up``: the whole stack on one machine: a private Redis, catalog, quiz, N matchers.

Stops everything cleanly on Ctrl-C (or SIGTERM), and stops everything if a part dies.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scripts.processes import RedisServer, wait_until

REPO_ROOT = Path(__file__).resolve().parent.parent


def port_free(port: int) -> bool:
    """Whether nothing listens on ``127.0.0.1:port``."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@dataclass
class LocalStack:
    """Redis plus the three services as child processes of this one."""

    redis: RedisServer
    quiz_url: str
    catalog_url: str
    env: dict[str, str]
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)

    def start(self, module: str, extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=REPO_ROOT,
            env={**os.environ, **self.env, **(extra or {})},
            start_new_session=True,
        )
        self.procs.append(proc)
        self.names[proc.pid] = module
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.redis.stop()


def _healthy(url: str) -> Callable[[], bool]:
    return lambda: requests.get(url + "/healthz", timeout=1).ok


def start_stack(
    workers: int,
    quiz_port: int,
    catalog_port: int,
    redis_dir: Path,
    extra_env: dict[str, str] | None = None,
) -> LocalStack:
    """Start Redis, the catalog, the quiz service and ``workers`` matcher processes."""
    redis_server = RedisServer(redis_dir)
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
            **(extra_env or {}),
        },
    )
    try:
        stack.start("services.catalog", {"PORT": str(catalog_port)})
        stack.start("services.quiz", {"PORT": str(quiz_port)})
        for _ in range(workers):
            stack.start("services.matcher")
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
        f"  demo page (the embedded quiz)  {stack.quiz_url}/\n"
        f"  quiz API docs                  {stack.quiz_url}/docs\n"
        f"  career, skill, technology pages {stack.env['PAGES_URL']}/\n"
        f"  catalog API docs               {stack.catalog_url}/docs\n"
        f"  Redis (append-only, var/redis) {stack.redis.url}\n"
        f"  matcher workers                {args.workers}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    try:
        while not stopping:
            dead = [p for p in stack.procs if p.poll() is not None]
            if dead:
                print(
                    f"up: {stack.names[dead[0].pid]} exited with code {dead[0].returncode}; "
                    "stopping everything",
                    flush=True,
                )
                return 1
            time.sleep(0.5)
        return 0
    finally:
        print("up: stopping...", flush=True)
        stack.stop()
        print("up: stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
