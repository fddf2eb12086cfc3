"""``make up``: Ctrl-C stops workers first and Redis last, quietly; a dead child is noticed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.up import LocalStack, start_stack
from tests.support import REPO_ROOT, free_port, wait_until

pytestmark = pytest.mark.integration


def test_ctrl_c_stops_everything_without_an_error(tmp_path: Path) -> None:
    quiz_port, catalog_port = free_port(), free_port()
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scripts.up",
                "--workers",
                "1",
                "--quiz-port",
                str(quiz_port),
                "--catalog-port",
                str(catalog_port),
            ],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "info"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until(lambda: "ready." in log.read_text(errors="replace"), 90, "the matcher")
        # What a terminal does on Ctrl-C: SIGINT to the whole foreground process group.
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(120) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = log.read_text(errors="replace")
    assert "up: stopped." in text
    assert "Warm shutdown" in text, text[-3000:]
    for bad in ("ERROR", "Traceback", "Connection refused", "Error 111"):
        assert bad not in text, text[-3000:]


def test_a_dead_matcher_is_restarted_and_a_dead_redis_stops_the_stack(tmp_path: Path) -> None:
    stack: LocalStack = start_stack(1, free_port(), free_port(), tmp_path / "redis")
    try:
        (matcher,) = [c for c in stack.children if c.module == "services.matcher"]
        first = matcher.proc
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        assert stack.check() is None
        assert matcher.proc is not first and matcher.proc.poll() is None
        for _ in range(3):
            os.killpg(matcher.proc.pid, signal.SIGKILL)
            matcher.proc.wait()
            reason = stack.check()
        assert reason is not None and "matcher 1" in reason and "stopping everything" in reason
        stack.redis.stop()
        time.sleep(0.1)
        assert "redis-server exited" in (stack.check() or "")
    finally:
        stack.stop()
