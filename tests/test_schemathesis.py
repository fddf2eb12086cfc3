"""schemathesis against both real services: every operation, stateful links, all checks.

Fixed seed and bounded examples, so a run is repeatable. Passing means 0 server errors and
0 conformance failures (status codes, content types, headers, response schemas, valid data
accepted, invalid data rejected). The totals are written to ``artifacts/schemathesis.json``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Stack
from tests.support import HttpService, RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(1500)]

SEED = "1"
MAX_EXAMPLES = "20"


def _run(base_url: str, name: str, artifacts_dir: Path) -> dict[str, object]:
    report_dir = artifacts_dir / "schemathesis" / name
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            f"{base_url}/openapi.json",
            "--seed",
            SEED,
            "--max-examples",
            MAX_EXAMPLES,
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--request-timeout",
            "30",
            # the stateful phase goes on until this budget: bounded time, same seed
            "--max-time",
            "180",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(report_dir),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    (artifacts_dir / "schemathesis" / f"{name}.txt").write_text(result.stdout + result.stderr)
    generated = re.search(r"(\d+) generated", result.stdout)
    passed = re.search(r"generated, (\d+) passed", result.stdout)
    links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", result.stdout)
    return {
        "exit_code": result.returncode,
        "generated": int(generated.group(1)) if generated else None,
        "passed": int(passed.group(1)) if passed else None,
        "links_covered": f"{links.group(1)}/{links.group(2)}" if links else None,
        "summary": result.stdout[-1500:],
    }


def test_both_services_conform_to_their_openapi(
    quiz_stack: Stack, redis_server: RedisServer, catalog_service: HttpService, artifacts_dir: Path
) -> None:
    (artifacts_dir / "schemathesis").mkdir(exist_ok=True)
    # the committed sites (the demo site), on the session's Redis, scored by its worker
    quiz = HttpService(
        "services.quiz",
        {
            "REDIS_URL": redis_server.url,
            "CATALOG_URL": catalog_service.url,  # the adaptive quiz's steps read it
            "SUBMIT_LIMIT_PER_ADDRESS": "100000/minute",
        },
        artifacts_dir / "logs" / "quiz-schemathesis.log",
    )
    quiz.start()
    try:
        totals = {
            "quiz": _run(quiz.url, "quiz", artifacts_dir),
            "catalog": _run(catalog_service.url, "catalog", artifacts_dir),
        }
    finally:
        quiz.stop()
    (artifacts_dir / "schemathesis.json").write_text(json.dumps(totals, indent=1))
    for name, total in totals.items():
        assert total["exit_code"] == 0, f"{name}:\n{total['summary']}"
        assert total["generated"] and total["generated"] == total["passed"], name
    quiz_log = quiz.log_path.read_text(errors="replace")
    assert "Traceback" not in quiz_log
