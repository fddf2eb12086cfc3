"""Real processes for tests (Redis, services, workers); how tests submit, poll, get webhooks."""

from __future__ import annotations

import csv
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from scripts.processes import RedisServer, free_port, redis_server_binary, wait_until
from shared.contract.result import ResultBody, check_result

__all__ = ["RedisServer", "free_port", "redis_server_binary", "wait_until"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, except in CI, where what a test needs must be there."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV source file (a BOM, if any, dropped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated source file (O*NET's), quotes read as plain characters."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def onet_dir() -> Path:
    """The staged O*NET data beside the checkout; skips (fails in CI) when absent."""
    path = Path(os.environ.get("ONET_DATA_DIR", SHARED_DATA / "onet"))
    if not (path / "Occupation Data.txt").is_file():
        skip_or_fail(f"the O*NET data is not at {path} (../shared/data/onet beside the checkout)")
    return path


class ServiceProcess:
    """``python -m <module> [args]`` with ``env`` over the test environment, logs to a file."""

    def __init__(
        self, module: str, env: Mapping[str, str], log_path: Path, args: tuple[str, ...] = ()
    ) -> None:
        self.module = module
        self.args = args
        #: Every service serves its metrics (and health) on a port of its own.
        self.metrics_port = int(env.get("METRICS_PORT") or free_port())
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            # tests post from 127.0.0.1 far faster than people do; the limit tests set theirs
            "SUBMIT_LIMIT_PER_ADDRESS": "100000/minute",
            "SUBMIT_LIMIT_PER_SITE": "100000/minute",
            **env,
            "METRICS_PORT": str(self.metrics_port),
        }
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module, *self.args],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    @property
    def metrics_url(self) -> str:
        """The metrics port's base URL (``/metrics``, ``/healthz``, ``/readyz``)."""
        return f"http://127.0.0.1:{self.metrics_port}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


class HttpService(ServiceProcess):
    """A service that serves HTTP on a free port; ``start`` waits for ``/healthz``."""

    def __init__(self, module: str, env: Mapping[str, str], log_path: Path) -> None:
        self.port = free_port()
        # the quiz's own origin must be configured (its sites are); the catalog ignores it
        own = {"PUBLIC_URL": f"http://127.0.0.1:{self.port}"}
        super().__init__(
            module, {**own, **env, "PORT": str(self.port), "HOST": "127.0.0.1"}, log_path
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        super().start()

        def healthy() -> bool:
            if not self.alive():
                raise RuntimeError(f"{self.module} exited:\n{self.log_tail()}")
            return requests.get(self.url + "/healthz", timeout=1).status_code == 200

        try:
            wait_until(healthy, 30, f"{self.module} on {self.url}")
        except (TimeoutError, RuntimeError) as exc:
            self.stop()
            raise RuntimeError(f"{exc}\n--- log ---\n{self.log_tail()}") from None


#: The statuses a submission ends in.
FINAL = ("done", "failed")


def submit(
    quiz_url: str,
    answers: Mapping[str, Any],
    quiz_id: str = "career-match",
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
) -> requests.Response:
    """POST ``answers`` to the quiz service as a client would."""
    return requests.post(
        f"{quiz_url}/v1/quizzes/{quiz_id}/submissions",
        json={"answers": answers},
        headers=headers,
        params=params,
        timeout=10,
    )


def wait_final(quiz_url: str, result_id: str, timeout: float = 60) -> dict[str, Any]:
    """Poll the result until it is done or failed, and return its document.

    A refusal meanwhile (a 503 while Redis restarts) is polled through, not raised."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        response = requests.get(f"{quiz_url}/v1/results/{result_id}", timeout=5)
        last = response.json() if response.ok else response.status_code
        if response.ok and last["status"] in FINAL:
            return dict(last)
        time.sleep(0.1)
    raise AssertionError(f"{result_id} not done or failed after {timeout}s: {last}")


@dataclass(frozen=True)
class Delivery:
    """One webhook POST as the receiver got it."""

    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    @property
    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = json.loads(self.body)
        return payload


class WebhookReceiver:
    """A site's webhook endpoint on loopback: every POST is kept as a :class:`Delivery`.

    POSTs are answered ``statuses`` in turn, then 204; only those answered 2xx are queued as
    deliveries (``posts`` keeps every one).
    """

    def __init__(self, port: int = 0, fail_first: int = 0) -> None:
        self.deliveries: queue.Queue[Delivery] = queue.Queue()
        #: Every POST in order, answered or refused, with the status it was answered.
        self.posts: list[tuple[int, Delivery]] = []
        #: The statuses to answer in turn (then 204); the first ``fail_first`` are 503.
        self.statuses: list[int] = [503] * fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                delivery = Delivery(self.path, headers, body)
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                receiver.posts.append((status, delivery))
                if status < 300:
                    receiver.deliveries.put(delivery)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        """Where to send webhooks (``/hooks`` on the receiver's port)."""
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    @property
    def attempts(self) -> int:
        """How many POSTs came, answered or refused."""
        return len(self.posts)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next(self, timeout: float = 60) -> Delivery:
        """The next delivery kept; ``queue.Empty`` when none comes within ``timeout``."""
        return self.deliveries.get(timeout=timeout)

    def of(self, result_id: str, timeout: float = 60) -> Delivery:
        """The delivery of ``result_id`` (others that arrive first, such as a late one of
        an earlier test, are passed over)."""
        got = self.until(result_id, timeout=timeout, grace=0)
        return next(d for d in got if d.payload["data"]["id"] == result_id)

    def until(self, result_id: str, timeout: float = 60, grace: float = 1.0) -> list[Delivery]:
        """Deliveries received until the one for ``result_id``, then any that come within
        ``grace`` seconds after it (those sent before it but delivered later)."""
        got: list[Delivery] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                got.append(self.deliveries.get(timeout=1))
            except queue.Empty:
                continue
            if got[-1].payload["data"]["id"] == result_id:
                break
        else:
            raise AssertionError(f"no webhook for {result_id}; got {[d.payload for d in got]}")
        time.sleep(grace)
        while not self.deliveries.empty():
            got.append(self.deliveries.get_nowait())
        return got


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text page (0 when it is absent)."""
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if head == name and not labels:
            return float(value)
        found = dict(re.findall(r'(\w+)="([^"]*)"', head.partition("{")[2]))
        if head.partition("{")[0] == name and found == labels:
            return float(value)
    return 0.0


def quiz_definition(quiz_url: str, quiz_id: str) -> dict[str, Any]:
    """A quiz's current definition, as a client reads it."""
    response = requests.get(f"{quiz_url}/v1/quizzes/{quiz_id}", timeout=5)
    assert response.status_code == 200
    return dict(response.json())


def result_for(quiz_url: str, quiz_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Submit ``answers``, wait for the result, and check its body against the contract."""
    response = submit(quiz_url, answers, quiz_id=quiz_id)
    assert response.status_code == 202, response.text
    doc = wait_final(quiz_url, response.json()["id"])
    assert doc["status"] == "done", doc
    fields = ResultBody.__required_keys__ | ResultBody.__optional_keys__
    check_result({k: doc[k] for k in fields if k in doc})
    return doc
