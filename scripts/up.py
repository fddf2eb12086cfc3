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
from pathlib import Path

import requests

from scripts.processes import RedisServer, wait_until

REPO_ROOT = Path(__file__).resolve().parent.parent


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _start(module: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", module],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        start_new_session=True,
    )


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--quiz-port", type=int, default=int(os.environ.get("QUIZ_PORT", "8000")))
    parser.add_argument(
        "--catalog-port", type=int, default=int(os.environ.get("CATALOG_PORT", "8001"))
    )
    args = parser.parse_args(argv)
    for name, port in (("quiz", args.quiz_port), ("catalog", args.catalog_port)):
        if not _port_free(port):
            print(
                f"up: port {port} for the {name} service is taken; "
                f"set {name.upper()}_PORT=<port> (e.g. make up {name.upper()}_PORT=9000)"
            )
            return 2

    redis_server = RedisServer(REPO_ROOT / "var" / "redis")
    redis_server.start()
    catalog_url = f"http://127.0.0.1:{args.catalog_port}"
    quiz_url = f"http://127.0.0.1:{args.quiz_port}"
    common = {"REDIS_URL": redis_server.url, "CATALOG_URL": catalog_url}
    procs: list[subprocess.Popen[bytes]] = []
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        procs.append(_start("services.catalog", {**common, "PORT": str(args.catalog_port)}))
        procs.append(_start("services.quiz", {**common, "PORT": str(args.quiz_port)}))
        for _ in range(args.workers):
            procs.append(_start("services.matcher", common))
        for url in (catalog_url, quiz_url):
            wait_until(lambda u=url: requests.get(u + "/healthz", timeout=1).ok, 60, url)
        print(
            "\nCareer Match is up:\n"
            f"  demo page (the embedded quiz)  {quiz_url}/\n"
            f"  quiz API docs                  {quiz_url}/docs\n"
            f"  catalog API docs               {catalog_url}/docs\n"
            f"  Redis                          {redis_server.url}\n"
            f"  matcher workers                {args.workers}\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
        while not stopping:
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                print(
                    f"up: a process exited ({dead[0].args[-1]}, code {dead[0].returncode}); "
                    "stopping everything",
                    flush=True,
                )
                return 1
            time.sleep(0.5)
        return 0
    except TimeoutError as exc:
        print(f"up: {exc}", flush=True)
        return 1
    finally:
        print("up: stopping...", flush=True)
        _stop(procs)
        redis_server.stop()
        print("up: stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
