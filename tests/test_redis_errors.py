"""Unit tests of how Redis's refusals are recognised (``shared.redis``)."""

from __future__ import annotations

import pytest
import redis

from shared.redis import full_is_out_of_memory, is_out_of_memory

OOM = "command not allowed when used memory > 'maxmemory'."


@pytest.mark.parametrize(
    "exc",
    [
        redis.exceptions.OutOfMemoryError(OOM),
        redis.exceptions.ExecAbortError(f"Transaction discarded because of: OOM {OOM}"),
        redis.exceptions.ResponseError(
            f"Error running script (call to f_0123): @user_script:3: -OOM {OOM}"
        ),
    ],
    ids=["oom", "execabort", "script"],
)
def test_every_shape_of_a_full_redis_is_out_of_memory(exc: Exception) -> None:
    assert is_out_of_memory(exc)


@pytest.mark.parametrize(
    "exc",
    [
        redis.exceptions.ResponseError("WRONGTYPE Operation against a key"),
        redis.exceptions.ExecAbortError("Transaction discarded because of previous errors."),
        redis.exceptions.ConnectionError("Error 111 connecting; ROOM 2 unavailable"),
        ValueError("OOM command not allowed"),
    ],
    ids=["wrongtype", "execabort-other", "connection", "not-redis"],
)
def test_other_errors_are_not_out_of_memory(exc: Exception) -> None:
    assert not is_out_of_memory(exc)


def test_a_full_redis_is_raised_as_out_of_memory_and_other_errors_as_they_are() -> None:
    script = redis.exceptions.ResponseError(f"Error running script: @user_script:3: -OOM {OOM}")
    with pytest.raises(redis.exceptions.OutOfMemoryError) as raised, full_is_out_of_memory():
        raise script
    assert raised.value.__cause__ is script
    other = redis.exceptions.ResponseError("WRONGTYPE Operation against a key")
    with pytest.raises(redis.exceptions.ResponseError) as kept, full_is_out_of_memory():
        raise other
    assert kept.value is other
