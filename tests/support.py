"""Real processes for tests: a private Redis server, the services, Celery workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import requests

from scripts.processes import RedisServer, free_port, redis_server_binary, wait_until

__all__ = ["RedisServer", "free_port", "redis_server_binary", "wait_until"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, except in CI, where what a test needs must be there."""
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


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
        super().__init__(module, {**env, "PORT": str(self.port), "HOST": "127.0.0.1"}, log_path)

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
