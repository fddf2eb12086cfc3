"""What the bench makes of its figures: each target checked, the table and the chart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: One target: the measure, its value, the bound's name and value, the check, the target.
Target = tuple[str, float, str, float, Callable[[float, float], bool], str]


def at_most(value: float, bound: float) -> bool:
    return value <= bound


def at_least(value: float, bound: float) -> bool:
    return value >= bound


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue: the measure, its bound from the anchors, and whether it holds."""
    rows = [*_matcher_targets(r), *_quiz_targets(r), *_scaling_targets(r), *_fault_targets(r)]
    return [
        {
            "measure": measure,
            "value": round(value, 3),
            "bound_name": bound_name,
            "bound": round(bound, 3),
            "ratio": round(value / bound, 3) if bound else None,
            "target": target,
            "holds": bool(check(value, bound)),
        }
        for measure, value, bound_name, bound, check, target in rows
    ]


def _matcher_targets(r: dict[str, Any]) -> list[Target]:
    """The matcher's work, its drain and submit → done, against the no-op and hello anchors."""
    n = r["noop"]["time_per_task_ms"]
    c = r["compute"]["p50_ms"]
    h = r["hello"]["hello_redis_round_trip_ms"]
    rt = r["noop"]["round_trip_ms"]
    return [
        ("jobs.compute p50 c (ms)", c, "n (ms)", n, at_most, "c ≤ n"),
        (
            "scoring all careers (ms)",
            r["compute"]["scoring_all_careers_p50_ms"],
            "0.2 n (ms)",
            0.2 * n,
            at_most,
            "≤ 0.2 n",
        ),
        (
            "drain, 1 matcher (/s)",
            r["scaling"]["drain_per_second"]["1"],
            "0.7/(n+c) (/s)",
            0.7 * 1000 / (n + c),
            at_least,
            "≥ 0.7/(n+c)",
        ),
        (
            "submit→done p50 via stream, 25% load (ms)",
            r["e2e"]["p50_ms"],
            "2(r+h+c) (ms)",
            2 * (rt + h + c),
            at_most,
            "≤ 2(r+h+c)",
        ),
        (
            "variant submit→done p50 via stream, 25% load (ms)",
            r["variant_e2e"]["p50_ms"],
            "fresh submit→done p50 (ms)",
            r["e2e"]["p50_ms"],
            at_most,
            "≤ fresh",
        ),
    ]


#: A hung Redis answers 503 within the web side's Redis timeout (1 s by default) and the
#: request's own milliseconds: the bound allows half a second of those.
HUNG_REDIS_SLACK_SECONDS = 0.5


def _fault_targets(r: dict[str, Any]) -> list[Target]:
    """A hung Redis: 503 with Retry-After on every web path, in about the Redis timeout."""
    paths = r["hung_redis"]["paths"]
    every_503 = all(
        set(path["statuses"]) == {"503"} and path["all_retry_after"] for path in paths.values()
    )
    at_once = max(path["at_once"] for path in paths.values())
    return [
        (
            f"slowest 503 with Redis hung, {at_once} at once (s)",
            max(path["at_once_max_seconds"] for path in paths.values()),
            "Redis timeout + 0.5 (s)",
            r["hung_redis"]["redis_timeout_seconds"] + HUNG_REDIS_SLACK_SECONDS,
            lambda a, b: a <= b and every_503,
            "≈ 1 s, 503 + Retry-After on every path",
        ),
    ]


def _quiz_targets(r: dict[str, Any]) -> list[Target]:
    """The quiz's POSTs, against the hello+Redis anchor and with many streams open."""
    posts = r["posts"]
    return [
        (
            "POST /s",
            r["post_rate"]["per_second"],
            "0.5 × hello+Redis /s",
            0.5 * r["hello"]["hello_redis_per_second"],
            at_least,
            "≥ 0.5 × anchor",
        ),
        (
            f"POST p99 with {posts['streams_open']} streams open (ms)",
            posts["loaded_latency_ms"]["p99"],
            "2 × unloaded p99 (ms)",
            2 * posts["unloaded_latency_ms"]["p99"],
            lambda a, b: a <= b and posts["streams_open"] == posts["streams_requested"],
            "≤ 2 × unloaded, all streams open",
        ),
        (
            f"adaptive step p99, {r['adaptive_next']['concurrency']} clients (ms)",
            r["adaptive_next"]["loaded_latency_ms"]["p99"],
            "ms",
            50.0,
            lambda a, b: a <= b and set(r["adaptive_next"]["statuses"]) == {"200"},
            "≤ 50 ms, every step 200",
        ),
    ]


def _scaling_targets(r: dict[str, Any]) -> list[Target]:
    """More matchers drain faster, up to the cores; a matcher process stays small."""
    rates = r["scaling"]["drain_per_second"]
    cores = r["scaling"]["cores"] or 1
    matcher_max = max(max(m.values()) for m in r["rss_mb"]["matchers"])
    return [
        *(
            (
                f"drain, {workers} matchers (/s)",
                rates[str(workers)],
                f"0.8 × min({workers}, {cores}) × 1-matcher",
                0.8 * min(workers, cores) * rates["1"],
                at_least,
                "near linear to the cores",
            )
            for workers in (2, 4)
        ),
        ("largest matcher process RSS (MB)", matcher_max, "MB", 200, lambda a, b: a < b, "< 200"),
    ]


def table(rows: list[dict[str, Any]], r: dict[str, Any]) -> str:
    """The table printed at the end and pasted into docs/performance.md."""
    lines = [
        "| measure | value | bound (same run) | ratio | target | holds |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['measure']} | {row['value']:.2f} | {row['bound_name']}: "
            f"{row['bound']:.2f} | {row['ratio']:.2f} | {row['target']} | "
            f"{'yes' if row['holds'] else 'NO'} |"
        )
    anchors = (
        f"Anchors: no-op drain n = {r['noop']['time_per_task_ms']:.3f} ms/task "
        f"({r['noop']['drain_per_second']:.0f}/s), no-op round trip r = "
        f"{r['noop']['round_trip_ms']:.2f} ms, hello+Redis round trip h = "
        f"{r['hello']['hello_redis_round_trip_ms']:.2f} ms, hello "
        f"{r['hello']['hello_per_second']:.0f}/s, hello+Redis "
        f"{r['hello']['hello_redis_per_second']:.0f}/s, a POST's three Redis round trips "
        f"alone {r['hello']['hello_three_writes_per_second']:.0f}/s (POST/s "
        f"{r['post_rate']['per_second'] / r['hello']['hello_three_writes_per_second']:.2f} of "
        f"it) ({r['hello']['concurrency']} clients); "
        f"jobs.compute after {r['compute']['idle_before_ms']:.0f} ms idle: "
        f"{r['compute']['after_idle_p50_ms']:.2f} ms p50 (c, back to back: "
        f"{r['compute']['p50_ms']:.2f} ms)."
    )
    phases = r["e2e"]["phases_p50_ms"]
    parts = (
        "submit→done, p50 of its parts (ms, from the records' timestamps): "
        + ", ".join(
            f"{name.replace('_', ' ')} {'-' if value is None else f'{value:.1f}'}"
            for name, value in phases.items()
        )
        + "."
    )
    memory = (
        f"Memory: {r['posts']['memory_per_stream_kb']:.1f} KB per open stream; RSS after the "
        f"run: quiz {r['rss_mb']['quiz']} MB, catalog {r['rss_mb']['catalog']} MB, matchers "
        + ", ".join(f"{sum(m.values()):.0f} MB" for m in r["rss_mb"]["matchers"])
        + " (main + pool process)."
    )
    return "\n".join([*lines, "", anchors, parts, memory, _faults(r)])


def _faults(r: dict[str, Any]) -> str:
    """The hung-Redis times per path and the connection cap, in words."""
    hung = ", ".join(
        f"{name} {path['seconds']:.2f} s ({path['at_once']} at once: max "
        f"{path['at_once_max_seconds']:.2f} s, {'/'.join(sorted(path['statuses']))})"
        for name, path in r["hung_redis"]["paths"].items()
    )
    cap = r["connection_cap"]
    return (
        f"Redis hung (SIGSTOP), seconds to the answer: {hung}. Connection cap: with "
        f"{cap['held']} connections open from one address, one more is answered "
        f"{cap['one_more_status']} in {cap['one_more_answered_ms']:.1f} ms, and another "
        f"address gets /healthz {cap['other_address_status']} in "
        f"{cap['other_address_healthz_ms']:.1f} ms."
    )


def chart(rows: list[dict[str, Any]], path: Path) -> None:
    """Each measure as a ratio of its bound, with the target at 1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.5))
    labels = [row["measure"] for row in rows]
    ratios = [row["ratio"] or 0 for row in rows]
    colors = ["#2e7d32" if row["holds"] else "#c62828" for row in rows]
    ax.barh(labels, ratios, color=colors)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xlabel("measure / bound from the same run's anchors (target side of 1 is green)")
    ax.invert_yaxis()
    ax.set_title("Career Match vs. its engine's limits (make bench)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
