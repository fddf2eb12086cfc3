"""The idempotency key's derivations and sealed tokens, as pure functions."""

from __future__ import annotations

import uuid

import pytest

from shared import idempotency


def test_sealed_token_opens_only_with_its_key_and_id() -> None:
    key, other = uuid.uuid4(), uuid.uuid4()
    sealed = idempotency.seal_token(key, "sub-1", "secret-token")
    assert "secret-token" not in sealed
    assert idempotency.open_token(key, "sub-1", sealed) == "secret-token"
    with pytest.raises(ValueError):
        idempotency.open_token(other, "sub-1", sealed)
    with pytest.raises(ValueError):
        idempotency.open_token(key, "sub-2", sealed)


def test_lookup_key_hides_the_key_and_differs_by_scope() -> None:
    key = uuid.uuid4()
    where = idempotency.redis_key("shop", key)
    assert str(key) not in where and key.hex not in where
    assert where != idempotency.redis_key("-", key)
    assert where == idempotency.redis_key("shop", key)


@pytest.mark.parametrize("value", ["", "k1", str(uuid.uuid1()), str(uuid.UUID(int=0))])
def test_parse_key_refuses_guessable_keys(value: str) -> None:
    with pytest.raises(idempotency.InvalidKey):
        idempotency.parse_key(value)
