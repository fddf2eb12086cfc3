"""Settings from the environment: defaults, typed parsing, and errors that name the variable."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from shared.ids import is_valid_id, new_id
from shared.settings import Settings, SettingsError


def test_defaults() -> None:
    settings = Settings.from_env({}, port=8001)
    assert settings.port == 8001
    assert settings.redis_url.startswith("redis://")
    assert settings.result_ttl == 30 * 24 * 3600
    assert settings.idempotency_ttl == 24 * 3600
    assert settings.log_format == "text"


def test_overrides_are_parsed() -> None:
    settings = Settings.from_env(
        {
            "PORT": "9000",
            "LOG_FORMAT": "JSON",
            "RESULT_TTL_SECONDS": "60",
            "CATALOG_URL": "http://catalog:8001/",
        }
    )
    assert settings.port == 9000 and settings.log_format == "json"
    assert settings.result_ttl == 60 and settings.catalog_url == "http://catalog:8001"


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"RESULT_TTL_SECONDS": "0"}, "RESULT_TTL_SECONDS"),
        ({"REDIS_URL": "http://nope"}, "REDIS_URL"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"CATALOG_TIMEOUT_SECONDS": "soon"}, "CATALOG_TIMEOUT_SECONDS"),
        ({"MATCH_SOFT_TIME_LIMIT": "90", "MATCH_TIME_LIMIT": "60"}, "MATCH_TIME_LIMIT"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env)


def test_every_field_has_its_declared_type() -> None:
    # the groups in ``from_env`` hand the constructor plain dicts: mypy cannot check them
    settings = Settings.from_env({"REDIS_URL": "redis+sentinel://s1:26379,s2:26379/main/2"})
    hints = typing.get_type_hints(Settings)
    wrong = {
        f.name: type(getattr(settings, f.name)).__name__
        for f in dataclasses.fields(settings)
        if not isinstance(getattr(settings, f.name), hints[f.name])
    }
    assert wrong == {}


def test_ids_are_unguessable_and_url_safe() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(is_valid_id(i) and len(i) == 32 for i in ids)  # 24 random bytes = 192 bits
    assert not is_valid_id("../etc") and not is_valid_id("a" * 31)


def test_json_logs_are_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    import json
    import logging

    from shared.logging import configure_logging

    configure_logging("info", "json")
    try:
        logging.getLogger("cm.test").info("accepted %s", "abc", extra={"submission": "abc"})
    finally:
        configure_logging("warning", "text")
    line = capsys.readouterr().err.strip().splitlines()[-1]
    doc = json.loads(line)
    assert doc["message"] == "accepted abc" and doc["level"] == "info"
    assert doc["submission"] == "abc" and doc["logger"] == "cm.test"
