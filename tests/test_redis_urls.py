"""Redis URLs: plain and Sentinel ones configure records, caches and the broker alike."""

from __future__ import annotations

import pytest

from shared.celery import broker_url, create_celery
from shared.settings import Settings, SettingsError, parse_sentinel_url

SENTINEL = "redis+sentinel://:s3cret@10.0.0.1:26379,10.0.0.2:26380,[::1]:26381/mymaster/2"


def test_sentinel_url_parts() -> None:
    parts = parse_sentinel_url(SENTINEL)
    assert parts.sentinels == (("10.0.0.1", 26379), ("10.0.0.2", 26380), ("::1", 26381))
    assert parts.master == "mymaster" and parts.db == 2 and parts.password == "s3cret"
    assert parse_sentinel_url("redis+sentinel://h:1/m").db == 0


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis+sentinel://h:1", "names no master"),
        ("redis+sentinel://h/m/0", "not host:port"),
        ("redis+sentinel://h:1/m/x", "not a number"),
    ],
)
def test_bad_sentinel_urls_name_the_variable(url: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"REDIS_URL: .*{says}"):
        Settings.from_env({"REDIS_URL": url})


def test_broker_goes_through_the_sentinels() -> None:
    url, options = broker_url(SENTINEL)
    assert url == (
        "sentinel://:s3cret@10.0.0.1:26379/2;sentinel://:s3cret@10.0.0.2:26380/2;"
        "sentinel://:s3cret@[::1]:26381/2"
    )
    assert options["master_name"] == "mymaster"
    app = create_celery(Settings.from_env({"REDIS_URL": SENTINEL}))
    assert app.conf.broker_transport_options["master_name"] == "mymaster"
    assert app.conf.broker_transport_options["visibility_timeout"] == 3600


def test_plain_urls_are_left_alone() -> None:
    assert broker_url("redis://r:6379/0") == ("redis://r:6379/0", {})
