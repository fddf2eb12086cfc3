"""How the quiz holds when things go wrong: a hung Redis, one client opening too many connections.

Both measures run against a quiz of their own on its own Redis (so that stopping that Redis
stops nothing else), with the default ``WEB_CONNECTIONS_PER_CLIENT`` and
``REDIS_WEB_TIMEOUT_SECONDS``. ``tests/test_overload.py`` (``make test-slow``) runs the
same functions and asserts the answers; the times are figures, not assertions.
"""

from __future__ import annotations

import signal
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import requests

from scripts.processes import RedisServer

QUIZ = "career-match"
#: Requests sent at once on each web path while Redis is stopped (the probe of issue 23
#: sent 20-30 at once).
AT_ONCE = 20


def hung_redis_paths(
    quiz_url: str, result_id: str, answers: dict[str, Any]
) -> dict[str, Callable[[], requests.Response]]:
    """The web paths that read or write Redis: a submission, a result, its stream, /readyz."""
    result = f"{quiz_url}/v1/results/{result_id}"

    def stream() -> requests.Response:
        # the status and headers only: a stream that opens stays open (SSE_MAX_SECONDS)
        response = requests.get(result + "/events", timeout=30, stream=True)
        response.close()
        return response

    return {
        "POST submission": lambda: requests.post(
            f"{quiz_url}/v1/quizzes/{QUIZ}/submissions", json=answers, timeout=30
        ),
        "GET result": lambda: requests.get(result, timeout=30),
        "GET events": stream,
        "GET /readyz": lambda: requests.get(quiz_url + "/readyz", timeout=30),
    }


def _timed(call: Callable[[], requests.Response]) -> tuple[float, int, str]:
    started = time.monotonic()
    response = call()
    return time.monotonic() - started, response.status_code, response.headers.get("Retry-After", "")


@contextmanager
def stopped(redis: RedisServer) -> Iterator[None]:
    """Redis hung (SIGSTOP: connections stay open, nothing answers), then resumed."""
    if redis.proc is None:
        raise RuntimeError("the Redis server is not running")
    redis.proc.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        redis.proc.send_signal(signal.SIGCONT)


def hung_redis(
    redis: RedisServer, paths: dict[str, Callable[[], requests.Response]], at_once: int = AT_ONCE
) -> dict[str, Any]:
    """Each path once, then ``at_once`` times together, with ``redis`` stopped: the seconds
    to the answer, the statuses and whether each answer said ``Retry-After``."""
    for call in paths.values():  # the pools hold connections before Redis hangs
        call()
    out: dict[str, Any] = {}
    with stopped(redis), ThreadPoolExecutor(at_once) as pool:
        for name, call in paths.items():
            alone = _timed(call)
            together = list(pool.map(_timed, [call] * at_once))
            statuses: dict[str, int] = {}
            for _, status, _ in [alone, *together]:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
            out[name] = {
                "seconds": round(alone[0], 3),
                "at_once_max_seconds": round(max(t for t, _, _ in together), 3),
                "at_once": at_once,
                "statuses": statuses,
                "all_retry_after": all(retry for _, _, retry in [alone, *together]),
            }
    return out


def _half_request(port: int, source: str) -> socket.socket:
    """A connection from ``source`` that is being served: its request line half sent."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    sock.sendall(b"GET /healthz HTTP/1.1\r\n")
    return sock


def _status(sock: socket.socket, request: bytes | None) -> int:
    """The status of the answer on ``sock`` (to ``request``, if one is to be sent)."""
    if request:
        sock.sendall(request)
    data = b""
    while b"\r\n" not in data and (chunk := sock.recv(4096)):
        data += chunk
    return int(data.split(b" ", 2)[1]) if data else 0


def connection_cap(port: int, cap: int, source: str = "127.0.0.7") -> dict[str, Any]:
    """``cap`` connections held open from ``source``: whether one more is refused with 429
    and how fast, and how long another address waits for ``/healthz`` meanwhile."""
    held = [_half_request(port, source) for _ in range(cap)]
    try:
        time.sleep(0.5)  # the server accepts them in its own time
        started = time.monotonic()
        with socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=(source, 0)
        ) as extra:
            # a refused connection is answered at once, before it sends anything
            refused = _status(extra, None)
        refused_ms = (time.monotonic() - started) * 1000
        started = time.monotonic()
        with socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=("127.0.0.8", 0)
        ) as other:
            served = _status(
                other, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
        other_ms = (time.monotonic() - started) * 1000
    finally:
        for sock in held:
            sock.close()
    return {
        "cap": cap,
        "held": len(held),
        "one_more_status": refused,
        "one_more_answered_ms": round(refused_ms, 2),
        "other_address_status": served,
        "other_address_healthz_ms": round(other_ms, 2),
    }
