"""Running axe-core in a page and reading what it found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def run_axe(frame: Any, source: str) -> dict[str, Any]:
    """Run axe-core in ``frame`` (a page or frame) and return its results."""
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        # evaluated through the DevTools protocol, which the page's CSP does not govern
        frame.evaluate(source + "\n;0")
    results: dict[str, Any] = frame.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return results


def serious(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The violations of impact serious or critical, summarised for an assertion message."""
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_no_serious(frame: Any, source: str) -> dict[str, Any]:
    """Run axe-core in ``frame``, fail on any serious or critical violation, return the results."""
    results = run_axe(frame, source)
    assert serious(results) == [], serious(results)
    return results


def save_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
