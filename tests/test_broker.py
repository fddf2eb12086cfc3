"""The broker's channels keep one Redis client, and Celery messages still go through them."""

from __future__ import annotations

import redis

from scripts.processes import RedisServer
from shared import broker
from shared.celery import MATCH_QUEUE, create_celery
from shared.settings import Settings

SENTINEL = "redis+sentinel://10.0.0.1:26379,10.0.0.2:26380/mymaster/0"


def test_each_url_gets_the_transport_that_keeps_its_client() -> None:
    plain = create_celery(Settings.from_env({"REDIS_URL": "redis://r:6379/0"}))
    sentinel = create_celery(Settings.from_env({"REDIS_URL": SENTINEL}))
    assert plain.connection_for_write().transport_cls == broker.TRANSPORT
    assert sentinel.connection_for_write().transport_cls == broker.SENTINEL_TRANSPORT
    assert plain.connection_for_write().transport.Channel is broker.Channel
    assert sentinel.connection_for_write().transport.Channel is broker.SentinelChannel


def test_a_channel_keeps_one_client_until_its_pool_is_dropped(
    redis_server: RedisServer,
) -> None:
    app = create_celery(Settings.from_env({"REDIS_URL": redis_server.url}))
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        assert isinstance(channel, broker.Channel)
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as second:
            assert first is second
            assert first.connection_pool is channel.pool
        given = object()
        with channel.conn_or_acquire(given) as passed:
            assert passed is given
        channel._disconnect_pools()  # what kombu does after a fork or a lost connection
        with channel.conn_or_acquire() as again:
            assert again is not first
            assert again.connection_pool is channel.pool
            assert again.ping()


def test_messages_published_and_acked_through_the_kept_client(
    redis_server: RedisServer,
) -> None:
    # a database of its own: the session's workers keep their unacked entries in db 0
    url = redis_server.url.rsplit("/", 1)[0] + "/9"
    client = redis.Redis.from_url(url, decode_responses=True)
    client.flushdb()
    app = create_celery(Settings.from_env({"REDIS_URL": url}))
    queue = f"{MATCH_QUEUE}-broker-test"
    with app.connection_for_write() as connection:
        simple = connection.SimpleQueue(queue)
        for n in range(3):
            simple.put({"n": n})
        got = []
        for _ in range(3):
            message = simple.get(timeout=5)
            got.append(message.payload["n"])
            message.ack()
        simple.close()
    assert got == [0, 1, 2]
    assert client.llen(queue) == 0
    assert client.hlen("unacked") == 0
    client.flushdb()
