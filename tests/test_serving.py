"""How the quiz and catalog are served: many waiting clients, slow clients, a sick Redis.

Each test talks to real processes on loopback: a private Redis, the quiz service (gevent
server) with short header/body timeouts, and a matcher worker started only once the
streams are waiting. Bounds here are generous "does not stall" limits; latencies are in
``make bench``.
"""

from __future__ import annotations

import asyncio
import json
import queue
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import requests

from scripts.sample_answers import random_answers
from shared.headers import DATA_POLICY
from shared.records import events_channel, submission_key
from tests.conftest import start_worker, worker_env
from tests.support import HttpService, RedisServer, ServiceProcess

pytestmark = pytest.mark.integration

STREAMS = 200
SLOW_CLIENTS = 200
QUIZ = "career-match"


@dataclass
class Served:
    redis: RedisServer
    quiz: HttpService
    catalog_url: str
    logs: Path
    quiz_doc: dict[str, Any]

    def post(self, seed: int, timeout: float = 10) -> requests.Response:
        return requests.post(
            f"{self.quiz.url}/v1/quizzes/{QUIZ}/submissions",
            json={"answers": random_answers(self.quiz_doc, seed=seed)},
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path, catalog_service: HttpService
) -> Iterator[Served]:
    logs = artifacts_dir / "logs" / "serving"
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("*.log"):
        old.unlink()
    redis = RedisServer(tmp_path_factory.mktemp("serving-redis"))
    redis.start()
    quiz = HttpService(
        "services.quiz",
        {
            "REDIS_URL": redis.url,
            "LOG_LEVEL": "info",
            "HTTP_HEADER_TIMEOUT_SECONDS": "2",
            "HTTP_BODY_TIMEOUT_SECONDS": "3",
            "SSE_MAX_STREAMS_PER_CLIENT": "1000",
            "WEB_CONNECTIONS_PER_CLIENT": "1000",  # 200 streams and 200 slow clients
            "REDIS_WEB_TIMEOUT_SECONDS": "0.5",
        },
        logs / "quiz.log",
    )
    quiz.start()
    quiz_doc = requests.get(f"{quiz.url}/v1/quizzes/{QUIZ}", timeout=5).json()
    yield Served(redis, quiz, catalog_service.url, logs, quiz_doc)
    quiz.stop()
    redis.stop()


async def _follow(session: aiohttp.ClientSession, url: str, opened: list[int]) -> str:
    """The last event name of the stream at ``url``."""
    last = ""
    async with session.get(url, timeout=aiohttp.ClientTimeout(total=120)) as response:
        assert response.status == 200, await response.text()
        opened.append(1)
        async for raw in response.content:
            line = raw.decode().strip()
            if line.startswith("event: "):
                last = line.removeprefix("event: ")
    return last


def _slow_client(port: int, stop: threading.Event, closed: list[float]) -> None:
    """Send a request's headers one byte at a time, as long as the server lets it."""
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for byte in request:
                if stop.is_set():
                    return
                sock.sendall(bytes([byte]))
                time.sleep(0.25)
        except OSError:
            closed.append(time.monotonic() - started)


def _timed(call: Any) -> tuple[float, Any]:
    started = time.monotonic()
    result = call()
    return time.monotonic() - started, result


def test_waiting_streams_and_slow_clients_do_not_stall_others(served: Served) -> None:
    """200 streams wait and 200 clients drip headers; /healthz and a POST still answer,
    every stream gets its final event once a worker runs, and the slow clients are cut off."""
    ids = []
    for seed in range(STREAMS):
        response = served.post(seed)
        assert response.status_code == 202, response.text
        ids.append(response.json()["id"])

    async def streams() -> list[str]:
        opened: list[int] = []
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            tasks = [
                asyncio.ensure_future(
                    _follow(session, f"{served.quiz.url}/v1/results/{i}/events", opened)
                )
                for i in ids
            ]
            while len(opened) < STREAMS and not any(t.done() for t in tasks):
                await asyncio.sleep(0.05)
            stream_state["open"] = len(opened)
            stream_state["ready"].set()
            return list(await asyncio.gather(*tasks))

    stream_state: dict[str, Any] = {"ready": threading.Event()}
    finals: list[str] = []
    runner = threading.Thread(target=lambda: finals.extend(asyncio.run(streams())))
    runner.start()
    assert stream_state["ready"].wait(60), "the streams did not open"
    assert stream_state["open"] == STREAMS

    stop = threading.Event()
    closed: list[float] = []
    slow = [
        threading.Thread(target=_slow_client, args=(served.quiz.port, stop, closed))
        for _ in range(SLOW_CLIENTS)
    ]
    worker: ServiceProcess | None = None
    try:
        for thread in slow:
            thread.start()
        time.sleep(1.0)
        health_seconds, health = _timed(
            lambda: requests.get(served.quiz.url + "/healthz", timeout=10)
        )
        post_seconds, posted = _timed(lambda: served.post(10_000))
        assert health.status_code == 200
        assert posted.status_code == 202, posted.text
        assert health_seconds < 5 and post_seconds < 5, (health_seconds, post_seconds)

        env = worker_env(served.redis.url, served.catalog_url)
        worker = start_worker(env, served.logs / "matcher.log")
        runner.join(120)
        assert not runner.is_alive(), "some streams never ended"
        assert finals == ["done"] * STREAMS
    finally:
        # the slow clients end when the server cuts them (2 s); the streams may all be done
        # sooner, so wait for the cuts (bounded: the drip itself would last 50 s) before
        # stopping whichever still drips
        cut_by = time.monotonic() + 20
        for thread in slow:
            thread.join(max(0.0, cut_by - time.monotonic()))
        stop.set()
        for thread in slow:
            thread.join(10)
        if worker is not None:
            worker.stop()
    # each slow client was closed by the header timeout (2 s), long before its 50 s drip
    assert len(closed) == SLOW_CLIENTS
    assert max(closed) < 15, max(closed)


def _raw(port: int, payload: bytes, timeout: float = 10) -> tuple[int, dict[str, Any], bytes]:
    """Send raw bytes; the status, the JSON body and the raw response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data:
                head, _, body = data.partition(b"\r\n\r\n")
                length = [
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ]
                if length and len(body) >= length[0]:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"application/json" in head.lower(), data[:300]
    return status, json.loads(body), data


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"NOT A REQUEST LINE\r\n\r\n", 400),
        (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-H%d: v\r\n" % n for n in range(150))
            + b"\r\n",
            431,
        ),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"v" * 9000 + b"\r\n\r\n", 431),
    ],
    ids=["bad-request-line", "uri-too-long", "too-many-headers", "header-too-large"],
)
@pytest.mark.parametrize("service", ["quiz", "catalog"])
def test_server_rejections_are_json(
    served: Served, service: str, payload: bytes, status: int
) -> None:
    """gunicorn's own answers, before any app sees the request: the JSON error shape and the
    security headers of every app answer (they had no Content-Security-Policy)."""
    url = served.quiz.url if service == "quiz" else served.catalog_url
    code, body, raw = _raw(int(url.rsplit(":", 1)[1]), payload)
    assert code == status
    assert body["code"] == status and body["message"]
    head = raw.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")[1:]
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head)}
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == DATA_POLICY


def test_chunked_body_over_the_limit_is_413(served: Served) -> None:
    chunk = b"x" * 16_384
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(8)) + b"0\r\n\r\n"
    payload = (
        f"POST /v1/quizzes/{QUIZ}/submissions HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode() + chunks
    code, body, _ = _raw(served.quiz.port, payload)
    assert code == 413, body
    assert body["code"] == 413


def test_half_sent_request_is_closed_by_the_header_timeout(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", served.quiz.port), timeout=20) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed without an answer
        assert time.monotonic() - started < 10


def test_stalled_body_is_closed(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", served.quiz.port), timeout=20) as sock:
        sock.sendall(
            f"POST /v1/quizzes/{QUIZ}/submissions HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{".encode()
        )
        started = time.monotonic()
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
        assert time.monotonic() - started < 15
        assert data == b"" or b" 408 " in data.split(b"\r\n", 1)[0], data[:200]


def test_stream_bounds_per_client_and_in_total(
    served: Served, artifacts_dir: Path, tmp_path: Path
) -> None:
    quiz = HttpService(
        "services.quiz",
        {
            "REDIS_URL": served.redis.url,
            "SSE_MAX_STREAMS_PER_CLIENT": "2",
            "SSE_MAX_STREAMS": "3",
            "SSE_HEARTBEAT_SECONDS": "0.5",
        },
        served.logs / "quiz-bounded.log",
    )
    quiz.start()
    sessions: list[socket.socket] = []
    try:
        submission = served.post(20_000).json()["id"]
        path = f"/v1/results/{submission}/events"

        def open_stream(source: str) -> int:
            sock = socket.create_connection(
                ("127.0.0.1", quiz.port), timeout=10, source_address=(source, 0)
            )
            sessions.append(sock)
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            head = sock.recv(4096)
            return int(head.split(b" ", 2)[1])

        assert [open_stream("127.0.0.1") for _ in range(2)] == [200, 200]
        refused = requests.get(quiz.url + path, timeout=5)
        assert refused.status_code == 503
        assert refused.headers["Retry-After"]
        assert refused.json()["code"] == 503
        assert open_stream("127.0.0.2") == 200  # another address still gets one
        assert open_stream("127.0.0.3") == 503  # but the total is reached
        for sock in sessions:
            sock.close()
        sessions.clear()
        # the server notices a closed socket at its next write (a heartbeat)
        wait_for_slot = time.monotonic() + 10
        while requests.get(quiz.url + path, timeout=5, stream=True).status_code != 200:
            assert time.monotonic() < wait_for_slot, "closed streams never gave back their slot"
            time.sleep(0.5)
    finally:
        for sock in sessions:
            sock.close()
        quiz.stop()


def _hget_calls(client: Any) -> int:
    return int(client.info("commandstats").get("cmdstat_hget", {}).get("calls", 0))


def test_a_stream_reads_an_announced_change_once(served: Served) -> None:
    """A status the hub announces goes straight to one read of the record (no status read
    first), and a deletion mid-stream ends the stream with ``deleted``."""
    submission = served.post(30_000).json()["id"]
    client = served.redis.client()
    key, channel = submission_key(submission), events_channel(submission)
    events: queue.Queue[str] = queue.Queue()

    def follow() -> None:
        url = f"{served.quiz.url}/v1/results/{submission}/events"
        with requests.get(url, stream=True, timeout=30) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line.startswith("event: "):
                    events.put(line.removeprefix("event: "))
        events.put("<end>")

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    assert events.get(timeout=10) == "queued"
    before = _hget_calls(client)
    # what the matcher's claim does, without its Lua script (whose HGET would count too)
    client.hset(key, mapping={"status": "running", "updated_at": "2026-12-02T00:00:00.000Z"})
    client.publish(channel, "running")
    assert events.get(timeout=10) == "running"
    client.delete(key)
    client.publish(channel, "deleted")
    assert events.get(timeout=10) == "deleted"
    assert events.get(timeout=10) == "<end>"
    reader.join(10)
    assert _hget_calls(client) == before, "the stream read the status before the record"


def test_hung_redis_answers_503_promptly(served: Served) -> None:
    """503 with Retry-After on every web path. How soon is ``make bench``'s figure (about
    the REDIS_WEB_TIMEOUT_SECONDS of 1 s; before: 3.3 s for a GET, 5.3 s for a POST, as
    redis-py retried the timeouts and the limiter waited 2 s of its own first)."""
    quiz = HttpService(
        "services.quiz",
        {"REDIS_URL": served.redis.url, "LOG_LEVEL": "info"},  # the default Redis timeout
        served.logs / "quiz-hung-redis.log",
    )
    quiz.start()
    submission = served.post(30_000).json()["id"]
    results = f"{quiz.url}/v1/results/{submission}"
    answers = {"answers": random_answers(served.quiz_doc, seed=30_001)}
    paths: dict[str, Any] = {
        "GET result": lambda: requests.get(results, timeout=10),
        "POST answers": lambda: requests.post(
            f"{quiz.url}/v1/quizzes/{QUIZ}/submissions", json=answers, timeout=10
        ),
        "GET events": lambda: requests.get(results + "/events", timeout=10),
        "GET /readyz": lambda: requests.get(quiz.url + "/readyz", timeout=10),
    }
    # the pools hold connections before Redis hangs, as in a running service
    assert paths["GET result"]().status_code == 200
    assert paths["POST answers"]().status_code == 202
    assert served.redis.proc is not None
    served.redis.proc.send_signal(signal.SIGSTOP)
    took: dict[str, float] = {}
    try:
        for name, call in paths.items():
            took[name], response = _timed(call)
            assert response.status_code == 503, (name, response.text)
            assert response.headers["Retry-After"], name
        health = requests.get(quiz.url + "/healthz", timeout=5)
        assert health.status_code == 200
    finally:
        served.redis.proc.send_signal(signal.SIGCONT)
        quiz.stop()
    print("hung Redis, seconds to 503:", {k: round(v, 2) for k, v in took.items()})
    assert served.post(30_002).status_code == 202


def test_redis_out_of_memory_answers_503(served: Served) -> None:
    client = served.redis.client()
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", "1")
    try:
        response = served.post(40_000)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == 503
        assert response.headers["Retry-After"]
    finally:
        client.config_set("maxmemory", "0")
    assert served.post(40_001).status_code == 202


@pytest.fixture(scope="module")
def strict(served: Served) -> Iterator[HttpService]:
    """A quiz with a short body deadline and few connections per client address."""
    quiz = HttpService(
        "services.quiz",
        {
            "REDIS_URL": served.redis.url,
            "HTTP_HEADER_TIMEOUT_SECONDS": "5",
            "HTTP_BODY_TIMEOUT_SECONDS": "3",
            "HTTP_BODY_DEADLINE_SECONDS": "2",
            "WEB_CONNECTIONS_PER_CLIENT": "3",
        },
        served.logs / "quiz-strict.log",
    )
    quiz.start()
    yield quiz
    quiz.stop()


def test_a_trickled_body_is_cut_at_the_deadline(strict: HttpService) -> None:
    """Before, a byte every second (under the idle timeout) held the connection for as long
    as the client liked: only the idle timeout applied."""
    stop = threading.Event()
    with socket.create_connection(("127.0.0.1", strict.port), timeout=20) as sock:
        sock.sendall(
            f"POST /v1/quizzes/{QUIZ}/submissions HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: 65000\r\n\r\n{".encode()
        )

        def trickle() -> None:
            while not stop.wait(1.0):
                try:
                    sock.sendall(b" ")
                except OSError:
                    return

        dripper = threading.Thread(target=trickle, daemon=True)
        dripper.start()
        started = time.monotonic()
        data = b""
        try:
            while chunk := sock.recv(4096):
                data += chunk
        finally:
            stop.set()
        seconds = time.monotonic() - started
        dripper.join(5)
    assert data.split(b"\r\n", 1)[0].split(b" ")[1] == b"408", data[:300]
    assert b'"code":408' in data.replace(b" ", b"")
    assert seconds < 15, seconds  # closed, not drained: the drip would go on for 65,000 s


def test_connections_per_client_address_are_capped(strict: HttpService) -> None:
    held = [
        socket.create_connection(
            ("127.0.0.1", strict.port), timeout=10, source_address=("127.0.0.5", 0)
        )
        for _ in range(3)
    ]
    try:
        for sock in held:  # each one is being served: a request half sent
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        time.sleep(0.5)  # the server accepts them in its own time
        status, body, _ = _raw_from(strict.port, "127.0.0.5")
        assert status == 429 and body["code"] == 429
        other, _, _ = _raw_from(strict.port, "127.0.0.6")
        assert other == 200, "another address is served"
    finally:
        for sock in held:
            sock.close()
    wait = time.monotonic() + 10
    while _raw_from(strict.port, "127.0.0.5")[0] != 200:
        assert time.monotonic() < wait, "closed connections never gave back their places"
        time.sleep(0.2)


def _raw_from(port: int, source: str) -> tuple[int, dict[str, Any], bytes]:
    """GET /healthz from ``source``; a refused connection is answered at once, unasked."""
    with socket.create_connection(
        ("127.0.0.1", port), timeout=10, source_address=(source, 0)
    ) as sock:
        sock.settimeout(0.5)
        try:
            data = sock.recv(65536)  # a refusal comes before any request
        except TimeoutError:
            data = b""
        sock.settimeout(10)
        if not data:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body), data
