"""kombu's Redis transports, keeping one Redis client per channel instead of one per command.

kombu's Redis channel builds a new ``redis.Redis`` object (on its shared connection pool)
for every message it publishes and for every ack and unacked-message entry of a consumer
(``Channel.conn_or_acquire``). With redis-py 8 building one costs more than the ``LPUSH``
it then sends: about 80 µs here, 6% of the quiz's CPU per POST. A ``redis.Redis`` on a
pool is safe to share between threads and greenlets (each command takes a pooled
connection), so these channels make that client once and keep it for as long as the
channel keeps its pool (kombu drops the pool after a fork or a lost connection, and the
client is made again on it).

``shared.celery.create_celery`` selects them with Celery's ``broker_transport``; the URL
schemes (``redis://``, ``sentinel://``) and every transport option stay kombu's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu.transport import redis as kombu_redis


class _OneClientChannel:
    """Mixin over kombu's ``Channel``: ``conn_or_acquire`` yields one kept client."""

    _kept_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        kept = self._kept_client
        pool = self.pool  # type: ignore[attr-defined]
        if kept is None or kept.connection_pool is not pool:
            kept = self._kept_client = self._create_client()  # type: ignore[attr-defined]
        yield kept


class Channel(_OneClientChannel, kombu_redis.Channel):
    """kombu's Redis channel, one client kept."""


class SentinelChannel(_OneClientChannel, kombu_redis.SentinelChannel):
    """kombu's Sentinel channel, one client kept."""


class Transport(kombu_redis.Transport):
    """``redis://`` and ``rediss://``, with :class:`Channel`."""

    Channel = Channel


class SentinelTransport(kombu_redis.SentinelTransport):
    """``sentinel://``, with :class:`SentinelChannel`."""

    Channel = SentinelChannel


TRANSPORT = f"{__name__}:Transport"
SENTINEL_TRANSPORT = f"{__name__}:SentinelTransport"
