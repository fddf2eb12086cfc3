"""``Idempotency-Key``: a retry of one request gets one submission, and only its sender can.

The key is a random UUID chosen by the client; a key that could be guessed would let anyone
who guessed it claim the submission. What Redis keeps under a key holds neither the key nor
the deletion token in a usable form:

- it is stored under ``cm:idem:<scope>:<lookup>``, where ``lookup`` is derived from the key
  with HKDF-SHA256, so reading Redis does not reveal the keys clients sent;
- the deletion token is encrypted with AES-GCM under a second key derived from the
  ``Idempotency-Key`` (the submission id is the associated data), so the token can only be
  recovered by someone who sends the key again; the record itself keeps only its hash.

The binding is not tied to the client's network address: a retry from another address (a
phone that moved from Wi-Fi to mobile data) gets the same submission.
"""

from __future__ import annotations

import base64
import json
import os
import re
import uuid
from dataclasses import dataclass
from typing import cast

import redis
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: UUID versions whose values are random enough not to be guessed (v4: 122 bits, v7: 74).
RANDOM_UUID_VERSIONS = (4, 7)
#: The canonical form of such a UUID, the only one accepted (and documented in OpenAPI).
KEY_PATTERN = (
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[47][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
_SALT = b"career-match idempotency v1"


class Conflict(Exception):
    """An idempotency key was reused with a different request body."""


class InvalidKey(ValueError):
    """The header is not a random UUID; the message says what is expected."""


def parse_key(value: str) -> uuid.UUID:
    """The ``Idempotency-Key`` as a UUID of a random version; raises :class:`InvalidKey`."""
    if not re.fullmatch(KEY_PATTERN, value):
        raise InvalidKey("Must be a random UUID (version 4 or 7).")
    return uuid.UUID(value)


def _derive(key: uuid.UUID, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=purpose).derive(key.bytes)


def redis_key(scope: str, key: uuid.UUID) -> str:
    """Where the binding of ``key`` (within ``scope``, e.g. the site key) is kept."""
    lookup = base64.urlsafe_b64encode(_derive(key, b"lookup")).decode().rstrip("=")
    return f"cm:idem:{scope}:{lookup}"


def seal_token(key: uuid.UUID, submission_id: str, token: str) -> str:
    """The deletion token encrypted under a key derived from the ``Idempotency-Key``."""
    nonce = os.urandom(12)
    sealed = AESGCM(_derive(key, b"deletion token")).encrypt(
        nonce, token.encode(), submission_id.encode()
    )
    return base64.b64encode(nonce + sealed).decode()


def open_token(key: uuid.UUID, submission_id: str, sealed: str) -> str:
    """The deletion token :func:`seal_token` encrypted; raises ``ValueError`` if it was not."""
    raw = base64.b64decode(sealed)
    try:
        plain = AESGCM(_derive(key, b"deletion token")).decrypt(
            raw[:12], raw[12:], submission_id.encode()
        )
    except InvalidTag:
        raise ValueError("the sealed deletion token does not open with this key") from None
    return plain.decode()


@dataclass(frozen=True)
class Binding:
    """The submission an idempotency key stands for, and whether this request made it."""

    id: str
    token: str
    fresh: bool


def claim(
    client: redis.Redis,
    scope: str,
    key: uuid.UUID,
    body_hash: str,
    candidate_id: str,
    candidate_token: str,
    ttl: int,
) -> Binding:
    """Bind ``key`` to the candidate submission unless it is bound already.

    Raises :class:`Conflict` when the key is bound to a different body.
    """
    where = redis_key(scope, key)
    value = json.dumps(
        {
            "id": candidate_id,
            "body": body_hash,
            "token": seal_token(key, candidate_id, candidate_token),
        }
    )
    for _ in range(3):
        if client.set(where, value, nx=True, ex=ttl):
            return Binding(candidate_id, candidate_token, True)
        existing = client.get(where)
        if existing is None:  # expired between the two calls: try to claim it again
            continue
        bound = json.loads(cast(str, existing))
        if bound["body"] != body_hash:
            raise Conflict("This Idempotency-Key was already used with a different request body.")
        return Binding(bound["id"], open_token(key, bound["id"], bound["token"]), False)
    raise redis.exceptions.ConnectionError("could not settle the idempotency key")
