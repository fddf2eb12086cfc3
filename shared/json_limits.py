"""Limits a JSON request body must keep before it is parsed: nesting depth and number size.

Python's ``json`` module recurses once per level of nesting and converts integers of any
length, so an array nested 1,000 deep (a 2 KB body) raises ``RecursionError`` and an integer
of 5,000 digits raises past the int-conversion limit. Both are checked here on the raw text,
in linear time, before any parser sees it; the body's size is bounded by
``MAX_CONTENT_LENGTH`` before that.
"""

from __future__ import annotations

import re

#: Deepest nesting of arrays and objects a body may have (the answers are two levels deep).
MAX_DEPTH = 32
#: Most digits a number may have (a wage has at most 7; the largest float has 309).
MAX_NUMBER_DIGITS = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile("[0-9]{" + str(MAX_NUMBER_DIGITS + 1) + ",}")


class JSONLimitError(ValueError):
    """The body breaks a limit; the message says which one, for a person to read."""


def check(text: str, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`JSONLimitError` if ``text`` nests deeper than ``max_depth`` or holds a
    number longer than :data:`MAX_NUMBER_DIGITS` digits. Malformed JSON is left to the parser.
    """
    # the usual body: too few brackets in all to nest too deep, and no long run of digits
    # anywhere (strings only add to both counts), so it cannot break a limit: skip the scan
    if text.count("[") + text.count("{") <= max_depth and not _LONG_NUMBER.search(text):
        return
    bare = _STRING.sub('""', text)  # brackets and digits inside strings do not count
    if _LONG_NUMBER.search(bare):
        raise JSONLimitError(f"A number in the body has more than {MAX_NUMBER_DIGITS} digits.")
    depth = 0
    for match in _BRACKET.finditer(bare):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise JSONLimitError(
                    f"The body nests arrays or objects deeper than {max_depth} levels."
                )
        else:
            depth -= 1
