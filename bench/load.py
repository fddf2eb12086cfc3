"""The bench's load generator: an asyncio (aiohttp) process apart from the services it loads.

``python -m bench.load MODE --spec FILE`` (a JSON file) prints one JSON document on stdout:

- ``requests``: ``count`` requests (GET, or POST of the bodies in ``bodies``) from
  ``concurrency`` clients in a closed loop: rate, latency percentiles, the answers' ids;
- ``submit``: submissions posted at a fixed ``rate`` (open loop), each followed on its event
  stream to its final event: the time from the POST to ``done``, and (from the record's
  timestamps) where it went: ``PHASES``; each body goes to ``post_path``, or to its own
  path of ``post_paths`` (a result's variants);
- ``streams``: ``count`` event streams opened on ``paths`` and held open; prints
  ``{"open": n}`` once they are, and its summary when stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
from datetime import datetime
from typing import Any

import aiohttp

#: The parts of a submit → done, each a p50 in ms: the POST's request up to the record's
#: ``created_at`` (HTTP, parsing, limits, validation); the POST's whole round trip; waiting
#: in the queue (``created_at`` to the worker's claim, ``started_at``); the worker's task
#: (claim to ``completed_at``, stamped as the result is stored); and the result's way back
#: (storing, announcing, the stream's read and its event reaching the client).
PHASES = (
    "post_to_created",
    "post_round_trip",
    "created_to_started",
    "started_to_completed",
    "completed_to_received",
)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p90, p99, max and mean of ``values`` (seconds), in milliseconds."""
    if not values:
        return {}
    ordered = sorted(values)

    def q(frac: float) -> float:
        position = (len(ordered) - 1) * frac
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return {
        "p50": round(q(0.5) * 1000, 3),
        "p90": round(q(0.9) * 1000, 3),
        "p99": round(q(0.99) * 1000, 3),
        "max": round(ordered[-1] * 1000, 3),
        "mean": round(sum(ordered) / len(ordered) * 1000, 3),
    }


def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, force_close=False),
        timeout=aiohttp.ClientTimeout(total=180),
    )


async def run_requests(spec: dict[str, Any]) -> dict[str, Any]:
    url: str = spec["url"]
    bodies: list[Any] | None = spec.get("bodies")
    count: int = len(bodies) if bodies else spec["count"]
    latencies: list[float] = []
    ids: list[str] = []
    statuses: dict[str, int] = {}
    next_index = 0

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal next_index
        while next_index < count:
            index = next_index
            next_index += 1
            started = time.perf_counter()
            if bodies is not None:
                response = await session.post(url, json=bodies[index])
            else:
                response = await session.get(url)
            data = await response.read()
            latencies.append(time.perf_counter() - started)
            statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
            if response.status == 202:
                ids.append(json.loads(data)["id"])

    async with _session() as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(spec.get("concurrency", 1))))
        elapsed = time.perf_counter() - started
    return {
        "count": count,
        "concurrency": spec.get("concurrency", 1),
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 2),
        "latency_ms": percentiles(latencies),
        "statuses": statuses,
        "ids": ids,
    }


async def _follow(session: aiohttp.ClientSession, url: str) -> tuple[str, str]:
    """Read the stream at ``url`` to its end; the last event's name, and with ``done`` or
    ``failed`` its data line (parsed by the caller, after it took the time)."""
    last = ""
    async with session.get(url) as response:
        if response.status != 200:
            return f"http-{response.status}", ""
        async for raw in response.content:
            line = raw.decode().strip()
            if line.startswith("event: "):
                last = line.removeprefix("event: ")
            elif line.startswith("data: ") and last in ("done", "failed"):
                return last, line.removeprefix("data: ")
    return last, ""


def _epoch(stamp: str) -> float:
    """An ISO 8601 UTC timestamp of the records (milliseconds) as epoch seconds."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


async def run_submit(spec: dict[str, Any]) -> dict[str, Any]:
    base: str = spec["base"]
    bodies: list[Any] = spec["bodies"]
    paths: list[str] = spec.get("post_paths") or [spec["post_path"]] * len(bodies)
    interval = 1.0 / spec["rate"]
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    phases: dict[str, list[float]] = {name: [] for name in PHASES}

    async def one(session: aiohttp.ClientSession, path: str, body: Any) -> None:
        sent_at, started = time.time(), time.perf_counter()
        async with session.post(base + path, json=body) as response:
            doc = await response.json()
        accepted = time.perf_counter()
        outcome, final = await _follow(session, base + doc["links"]["events"])
        received_at, ended = time.time(), time.perf_counter()
        if outcome == "done":
            latencies.append(ended - started)
            # where the time went, from the record's own timestamps (ms, the machine's clock)
            result = json.loads(final)
            created, begun = _epoch(result["created_at"]), _epoch(result["started_at"])
            completed = _epoch(result["completed_at"])
            phases["post_to_created"].append(created - sent_at)
            phases["post_round_trip"].append(accepted - started)
            phases["created_to_started"].append(begun - created)
            phases["started_to_completed"].append(completed - begun)
            phases["completed_to_received"].append(received_at - completed)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    async with _session() as session:
        started = time.perf_counter()
        tasks = []
        for index, (path, body) in enumerate(zip(paths, bodies, strict=True)):
            delay = started + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.ensure_future(one(session, path, body)))
        await asyncio.gather(*tasks)
    return {
        "count": len(bodies),
        "rate_per_second": spec["rate"],
        "latency_ms": percentiles(latencies),
        "phases_p50_ms": {
            name: round(statistics.median(values) * 1000, 3) if values else None
            for name, values in phases.items()
        },
        "outcomes": outcomes,
    }


async def run_streams(spec: dict[str, Any]) -> dict[str, Any]:
    base: str = spec["base"]
    paths: list[str] = spec["paths"]
    count: int = spec["count"]
    opened = 0
    ended_early = 0
    refused: dict[str, int] = {}
    release = asyncio.Event()

    async def hold(session: aiohttp.ClientSession, url: str) -> None:
        nonlocal opened, ended_early
        try:
            response = await session.get(url)
        except aiohttp.ClientError as exc:
            refused[type(exc).__name__] = refused.get(type(exc).__name__, 0) + 1
            return
        async with response:
            if response.status != 200:
                refused[str(response.status)] = refused.get(str(response.status), 0) + 1
                return
            opened += 1
            reader = asyncio.ensure_future(response.content.read())
            waiter = asyncio.ensure_future(release.wait())
            await asyncio.wait({reader, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if reader.done():
                ended_early += 1
            reader.cancel()
            waiter.cancel()

    async with _session() as session:
        started = time.perf_counter()
        tasks = [
            asyncio.ensure_future(hold(session, base + paths[i % len(paths)])) for i in range(count)
        ]
        while opened + sum(refused.values()) < count and time.perf_counter() - started < 120:
            await asyncio.sleep(0.05)
        open_seconds = time.perf_counter() - started
        print(json.dumps({"open": opened, "refused": refused}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        release.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "count": count,
        "opened": opened,
        "refused": refused,
        "ended_before_release": ended_early,
        "seconds_to_open": round(open_seconds, 3),
    }


MODES = {"requests": run_requests, "submit": run_submit, "streams": run_streams}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--spec", required=True, help="a JSON file: what to send where")
    args = parser.parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(args.spec) as spec:
        result = asyncio.run(MODES[args.mode](json.load(spec)))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
