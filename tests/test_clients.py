"""Client grouping: one function for the rate limits and the event-stream bound (unit)."""

from __future__ import annotations

from typing import Any

import pytest

from services.quiz.events import EventHub
from shared.clients import client_group


@pytest.mark.parametrize(
    ("raw", "group"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # an IPv4 client, not all of ::/64
        (None, "unknown"),
        ("not an address", "not an address"),
    ],
)
def test_client_group(raw: str | None, group: str) -> None:
    assert client_group(raw) == group


def _unused_connection() -> Any:
    raise AssertionError("bounds need no Redis")


def test_streams_of_one_ipv6_64_share_one_bound() -> None:
    """Before, each address of a /64 had its own bound (ten addresses, ten times the streams)."""
    hub = EventHub(_unused_connection, max_streams=100, max_per_client=2)
    first = hub.acquire("2001:db8:1:2::1")
    second = hub.acquire("2001:db8:1:2::2")
    assert first is not None and second is not None
    assert hub.acquire("2001:db8:1:2:dead:beef:0:3") is None
    assert hub.acquire("2001:db8:1:3::1") is not None  # the next /64 is another client
    first.release()
    assert hub.acquire("2001:db8:1:2::4") is not None
