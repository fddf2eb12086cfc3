"""The web server serves connections in turn: a client that sends its next request at once
(pipelined here) does not keep the one process from the requests of other connections.

A tiny app served as every service is (``tests/served_turns.py``) numbers its requests in
the order it starts them, and keeps the CPU as a long adaptive step does.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import HttpService

pytestmark = pytest.mark.integration

#: A's requests keep the CPU far longer than B's request takes to arrive.
SLOW_MS = 200


@pytest.fixture(scope="module")
def turns(artifacts_dir: Path) -> Iterator[HttpService]:
    service = HttpService(
        "tests.served_turns",
        {"LOG_LEVEL": "warning"},
        artifacts_dir / "logs" / "serving-turns" / "app.log",
    )
    service.start()
    yield service
    service.stop()


def _request(ms: int) -> bytes:
    return f"GET /turn?ms={ms} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def _turns(sock: socket.socket, count: int) -> list[int]:
    """The turn numbers of the next ``count`` responses on ``sock``."""
    data, out = b"", []
    while len(out) < count:
        chunk = sock.recv(65536)
        assert chunk, f"closed after {out}: {data!r}"
        data += chunk
        while b"\r\n\r\n" in data:
            head, _, rest = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            if len(rest) < length:
                break
            out.append(json.loads(rest[:length])["turn"])
            data = rest[length:]
    return out


def test_a_pipelining_client_does_not_keep_others_waiting(turns: HttpService) -> None:
    with (
        socket.create_connection(("127.0.0.1", turns.port), timeout=30) as a,
        socket.create_connection(("127.0.0.1", turns.port), timeout=30) as b,
    ):
        a.sendall(_request(SLOW_MS) * 3)
        time.sleep(0.05)  # B's request arrives while A's first one is served
        b.sendall(_request(1))
        mine, other = _turns(a, 3), _turns(b, 1)[0]
    assert other < max(mine), f"B was served after all of A's requests: {mine}, {other}"
