"""``shared.json_limits.check`` on raw text: nesting depth and number length, strings aside."""

from __future__ import annotations

import pytest

from shared import json_limits
from shared.json_limits import MAX_DEPTH, MAX_NUMBER_DIGITS, JSONLimitError


def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def test_bodies_within_the_limits_pass() -> None:
    json_limits.check('{"answers": {"r1": 3, "min_annual_wage": 250000.5}}')
    json_limits.check(_nested(MAX_DEPTH))
    json_limits.check(_nested(1, "9" * MAX_NUMBER_DIGITS))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_nested(MAX_DEPTH + 1), "deeper than"),
        ('{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), "deeper than"),
        (_nested(1, "9" * (MAX_NUMBER_DIGITS + 1)), "digits"),
        ('{"wage": -1.' + "0" * 400 + "}", "digits"),
    ],
)
def test_bodies_past_a_limit_are_refused(text: str, says: str) -> None:
    with pytest.raises(JSONLimitError, match=says):
        json_limits.check(text)


def test_brackets_and_digits_inside_strings_do_not_count() -> None:
    # more brackets and longer digit runs than the limits allow, all of them in strings:
    # the raw counts exceed the limits, so the full scan decides
    crowded = '{"' + "[{" * MAX_DEPTH + '": "' + "9" * (MAX_NUMBER_DIGITS * 2) + '"}'
    json_limits.check(crowded)
    json_limits.check('{"k": "\\"' + "[" * 100 + '"}')  # an escaped quote ends no string
    with pytest.raises(JSONLimitError, match="deeper than"):
        json_limits.check('{"s": "[[[["' + ", " + _nested(MAX_DEPTH) + "}")
