"""The result documents of fixed answer sets match the reviewed golden files."""

from __future__ import annotations

import json

import pytest

from shared.contract.result import check_result
from tests.golden_results import CASES, GOLDEN_DIR, compute, normalized, text


@pytest.mark.parametrize("name", sorted(CASES))
def test_result_matches_its_golden_file(name: str) -> None:
    body = compute(name)
    check_result(body)  # jobs.compute does not validate; every body is checked here
    path = GOLDEN_DIR / f"{name}.json"
    assert path.is_file(), f"no {path.name}: run `make golden`"
    expected = json.loads(path.read_text(encoding="utf-8"))
    got = normalized(body)
    assert got == expected, f"{name} changed; review the diff of `make golden` and commit it"
    assert text(got) == path.read_text(encoding="utf-8")
