"""``make bench QUICK=1``'s code path runs, end to end, and its JSON has every measure.

No timing is asserted here (timing goals live in the bench's own table); only that each
measure was taken and each target was evaluated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import PHASES
from tests.support import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MEASURES = {
    "noop": ["round_trip_ms", "drain_per_second", "drain_per_second_rounds", "time_per_task_ms"],
    "hello": [
        "hello_redis_round_trip_ms",
        "hello_per_second",
        "hello_redis_per_second",
        "hello_three_writes_per_second",
    ],
    "compute": ["p50_ms", "after_idle_p50_ms", "scoring_all_careers_p50_ms", "careers"],
    "post_rate": ["per_second", "per_second_rounds"],
    "posts": [
        "unloaded_per_second",
        "unloaded_latency_ms",
        "loaded_latency_ms",
        "streams_open",
        "memory_per_stream_kb",
    ],
    "scaling": ["drain_per_second", "one_matcher_rounds", "cores"],
    "e2e": ["p50_ms", "phases_p50_ms", "rate_per_second", "outcomes"],
    "variant_e2e": ["p50_ms", "phases_p50_ms", "rate_per_second", "outcomes"],
    "hung_redis": ["redis_timeout_seconds", "paths"],
    "connection_cap": ["cap", "one_more_status", "one_more_answered_ms", "other_address_status"],
    "rss_mb": ["quiz", "catalog", "matchers"],
    "adaptive_next": ["alone_latency_ms", "loaded_latency_ms", "loaded_per_second"],
}


def test_quick_bench_writes_every_measure(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=360,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    doc = json.loads((tmp_path / "bench-quick.json").read_text())
    assert (tmp_path / "bench-quick.png").stat().st_size > 1000
    measures = doc["measures"]
    for group, names in MEASURES.items():
        for name in names:
            assert measures[group].get(name) is not None, f"{group}.{name} is missing"
    assert set(measures["scaling"]["drain_per_second"]) == {"1", "2", "4"}
    assert measures["posts"]["streams_open"] == measures["posts"]["streams_requested"] == 200
    assert measures["e2e"]["outcomes"] == measures["variant_e2e"]["outcomes"] == {"done": 30}
    hung = measures["hung_redis"]["paths"]
    assert set(hung) == {"POST submission", "GET result", "GET events", "GET /readyz"}
    assert measures["connection_cap"]["one_more_status"] == 429
    phases = measures["e2e"]["phases_p50_ms"]
    assert set(phases) == set(PHASES) and all(value is not None for value in phases.values())
    # the parts lie inside the whole (ms-resolution stamps: a little slack for rounding)
    assert 0 < phases["created_to_started"] + phases["started_to_completed"]
    assert phases["started_to_completed"] < measures["e2e"]["p50_ms"] + 2
    assert len(measures["rss_mb"]["matchers"]) == 4
    assert measures["adaptive_next"]["statuses"] == {"200": 5 + 60 + 60}
    assert len(doc["targets"]) == 12
    assert all(isinstance(row["holds"], bool) for row in doc["targets"])
    assert "| measure |" in done.stdout
