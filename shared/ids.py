"""Unguessable identifiers and tokens."""

from __future__ import annotations

import hashlib
import re
import secrets

#: 24 random bytes: 192 bits, URL-safe base64 without padding (32 characters).
_ID_BYTES = 24
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_id() -> str:
    """A fresh result id with 192 random bits; it carries no personal data."""
    return secrets.token_urlsafe(_ID_BYTES)


def is_valid_id(value: str) -> bool:
    """Whether ``value`` has the shape of an id made by :func:`new_id`."""
    return bool(ID_PATTERN.match(value))


def new_token() -> str:
    """A fresh secret token (for example the token that deletes a result)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 of a token, which is what gets stored."""
    return hashlib.sha256(token.encode()).hexdigest()
