"""The one JSON codec of every document: compact sorted encoding and checked decoding.

A writer builds its document to the type (mypy checks it) and encodes it here; a reader
decodes it here once, at its boundary, against the type it expects.
"""

from __future__ import annotations

from typing import Any

import msgspec


class ContractError(ValueError):
    """A document does not match the contract; the message says where (``$.items[0].kind``)."""


class Unreadable(ValueError):
    """A stored document is not JSON at all (or not UTF-8)."""


_encoder = msgspec.json.Encoder(order="sorted")


def encode(document: Any) -> bytes:
    """A document as compact JSON with sorted keys (requests, results, anything JSON)."""
    return _encoder.encode(document)


def decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    """A decoder for documents of type ``kind`` (make it once, at import)."""
    return msgspec.json.Decoder(kind)


def decode(reader: msgspec.json.Decoder[Any], raw: str | bytes) -> Any:
    """``raw`` decoded by ``reader``: ``ContractError`` off the type, ``Unreadable`` not JSON."""
    try:
        return reader.decode(raw)
    except msgspec.ValidationError as exc:
        raise ContractError(str(exc)) from None
    except msgspec.DecodeError as exc:
        raise Unreadable(str(exc)) from None


def exactly(document: Any, kind: Any, name: str) -> Any:
    """``document`` if it is a ``kind`` exactly: every field of the right type, and none that
    the contract does not name (msgspec drops those silently); else ``ContractError``."""
    try:
        converted = msgspec.convert(document, kind, strict=True)
    except msgspec.ValidationError as exc:
        raise ContractError(str(exc)) from None
    if encode(converted) != encode(document):
        raise ContractError(f"the {name} has fields the contract does not name")
    return document


def json_schema(kind: Any) -> dict[str, Any]:
    """The JSON Schema (OpenAPI 3.1) of ``kind``, with its definitions inlined under ``$defs``."""
    schema: dict[str, Any] = msgspec.json.schema(kind, ref_template="#/$defs/{name}")
    return schema
