"""How the bench takes a figure: a run of the load generator, a process's memory, a rate."""

from __future__ import annotations

import json
import subprocess  # nosec B404 - the bench starts its own load generator
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Clients of the load generator in the closed-loop measures.
CONCURRENCY = 8


def load(mode: str, spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    """Run the load generator process once; its JSON summary."""
    spec_file = workdir / f"spec-{uuid.uuid4().hex}.json"
    spec_file.write_text(json.dumps(spec))
    done = subprocess.run(  # nosec B603 - our interpreter and module
        [sys.executable, "-m", "bench.load", mode, "--spec", str(spec_file)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.load {mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            total += child.memory_info().rss
    except psutil.NoSuchProcess:
        return 0.0
    return round(float(total) / 1e6, 1)


def process_rss(pid: int) -> dict[str, float]:
    """RSS of a process and of each child, in MB."""
    proc = psutil.Process(pid)
    out = {"main": round(proc.memory_info().rss / 1e6, 1)}
    for i, child in enumerate(proc.children(recursive=True)):
        out[f"child-{i + 1}"] = round(child.memory_info().rss / 1e6, 1)
    return out


def parse_time(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def drain_rate(times: list[float]) -> float:
    """Completions per second between the first and the last completion."""
    span = max(times) - min(times)
    return (len(times) - 1) / span if span > 0 else float("nan")
