"""Site keys: which pages may embed the quiz, their webhook and theme, and CORS for the API."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.settings import Settings, SettingsError

SITE_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
ACCENT_PATTERN = r"^#[0-9a-fA-F]{6}$"
FONT_PATTERN = r"^[A-Za-z0-9 ,\-]+$"
WEBHOOK_SECRET_PREFIX = "whsec_"
DEFAULT_ACCENT = "#1d4ed8"
DEFAULT_FONT = "system-ui"
#: Generic families and the system stacks a theme may name without spelling them out.
FONT_STACKS = {
    "system-ui": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
    "sans-serif": "Helvetica, Arial, sans-serif",
    "serif": "Georgia, Times New Roman, serif",
    "monospace": "ui-monospace, Menlo, Consolas, monospace",
    "rounded": "ui-rounded, system-ui, sans-serif",
}

#: What the JSON API lets a cross-origin page send and read (POST submissions, results).
CORS_ALLOW_METHODS = "GET, POST, DELETE"
CORS_ALLOW_HEADERS = "Content-Type, Idempotency-Key, X-Deletion-Token"
CORS_EXPOSE_HEADERS = "Location, Retry-After"
CORS_MAX_AGE = "600"


class SitesError(SettingsError):
    """The sites configuration cannot be used; the message names the site and the field."""


@dataclass(frozen=True)
class Theme:
    """Validated look of the embed: an accent colour and a font family stack."""

    accent: str = DEFAULT_ACCENT
    font: str = FONT_STACKS[DEFAULT_FONT]


@dataclass(frozen=True)
class Site:
    """A site that may embed the quiz, keyed by its public site key."""

    key: str
    name: str
    allowed_origins: tuple[str, ...]
    webhook_url: str | None = None
    webhook_secret: str | None = None
    theme: Theme = Theme()

    def allows(self, origin: str | None) -> bool:
        """Whether a page at ``origin`` (as browsers send it) may embed this site's quiz."""
        return origin is not None and origin in self.allowed_origins


def normalize_origin(value: str) -> str:
    """``scheme://host[:port]`` the way browsers write an Origin; raises ``ValueError``."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError("must start with http:// or https://")
    if not parts.hostname:
        raise ValueError("must name a host")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("must be scheme://host[:port] only, with no path or trailing slash")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default_port = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def _validate_origin(value: str) -> None:
    try:
        normalize_origin(value)
    except ValueError as exc:
        raise ValidationError(f"{value!r} {exc}") from None


def _validate_font(value: str) -> None:
    if value not in FONT_STACKS and not re.fullmatch(FONT_PATTERN, value):
        raise ValidationError(
            f"must be one of {', '.join(FONT_STACKS)} or a list of font names made of "
            "letters, digits, spaces, commas and hyphens"
        )


def _validate_webhook_secret(value: str) -> None:
    encoded = value.removeprefix(WEBHOOK_SECRET_PREFIX)
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not value.startswith(WEBHOOK_SECRET_PREFIX) or not 24 <= len(raw) <= 64:
        raise ValidationError(
            "must look like whsec_<base64 of 24 to 64 random bytes> (Standard Webhooks)"
        )


class ThemeSchema(Schema):
    accent = fields.String(
        load_default=DEFAULT_ACCENT,
        validate=validate.Regexp(ACCENT_PATTERN, error="must be a colour like #1d4ed8"),
    )
    font = fields.String(load_default=DEFAULT_FONT, validate=_validate_font)


class SiteSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    allowed_origins = fields.List(
        fields.String(validate=_validate_origin), required=True, validate=validate.Length(min=1)
    )
    webhook_url = fields.Url(
        allow_none=True, load_default=None, schemes={"http", "https"}, require_tld=False
    )
    webhook_secret = fields.String(
        allow_none=True, load_default=None, validate=_validate_webhook_secret
    )
    theme = fields.Nested(ThemeSchema, load_default=dict)

    @validates_schema
    def _webhook_pair(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("webhook_url") and not data.get("webhook_secret"):
            raise ValidationError("is required when webhook_url is set", "webhook_secret")
        if data.get("webhook_secret") and not data.get("webhook_url"):
            raise ValidationError("is set but webhook_url is not", "webhook_secret")


def _first_error(messages: Any, path: str = "") -> tuple[str, str]:
    """The dotted field path and message of the first error in marshmallow's nested dict."""
    if isinstance(messages, dict):
        name, inner = next(iter(messages.items()))
        if name == "_schema":
            return _first_error(inner, path)
        return _first_error(inner, f"{path}.{name}" if path else str(name))
    if isinstance(messages, list) and messages:
        return path, "; ".join(str(m) for m in messages if not isinstance(m, dict | list)) or (
            _first_error(messages[0], path)[1]
        )
    return path, str(messages)


def parse_sites(document: Any, source: str) -> dict[str, Site]:
    """Validate a ``{site_key: {...}}`` document from ``source``; raises :class:`SitesError`."""
    if not isinstance(document, dict):
        raise SitesError(f"{source}: expected a JSON object of site keys, got {type(document)}")
    sites: dict[str, Site] = {}
    for key, raw in document.items():
        if not re.fullmatch(SITE_KEY_PATTERN, str(key)):
            raise SitesError(
                f"{source}: site {key!r}: the key must be 1-63 lowercase letters, digits or hyphens"
            )
        if not isinstance(raw, dict):
            raise SitesError(f"{source}: site {key!r}: expected a JSON object")
        try:
            data = SiteSchema().load(raw)
        except ValidationError as exc:
            field, message = _first_error(exc.messages)
            raise SitesError(f"{source}: site {key!r}, field {field!r}: {message}") from None
        theme = data["theme"]
        font = theme.get("font", DEFAULT_FONT)
        sites[key] = Site(
            key=key,
            name=data.get("name") or key,
            allowed_origins=tuple(
                dict.fromkeys(normalize_origin(o) for o in data["allowed_origins"])
            ),
            webhook_url=data["webhook_url"],
            webhook_secret=data["webhook_secret"],
            theme=Theme(
                accent=theme.get("accent", DEFAULT_ACCENT).lower(),
                font=FONT_STACKS.get(font, font),
            ),
        )
    return sites


def load_sites(settings: Settings) -> dict[str, Site]:
    """The sites of ``settings.sites_file``, with those of ``SITES_JSON`` added or replacing.

    A site in ``SITES_JSON`` replaces the file's site of the same key as a whole.
    """
    sites: dict[str, Site] = {}
    path = Path(settings.sites_file)
    if path.is_file():
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SitesError(f"{path}: cannot read the sites file: {exc}") from None
        sites.update(parse_sites(document, str(path)))
    elif settings.sites_json == "":
        raise SitesError(f"SITES_FILE: {path} does not exist and SITES_JSON is empty")
    if settings.sites_json:
        try:
            document = json.loads(settings.sites_json)
        except ValueError as exc:
            raise SitesError(f"SITES_JSON: not valid JSON: {exc}") from None
        sites.update(parse_sites(document, "SITES_JSON"))
    return sites


def init_app(app: Flask) -> None:
    """Load the sites into ``app.extensions["sites"]`` and answer CORS on ``/v1/`` to them."""
    sites = load_sites(app.config["SETTINGS"])
    app.extensions["sites"] = sites
    app.extensions["sites_origins"] = frozenset(
        o for s in sites.values() for o in s.allowed_origins
    )
    app.before_request(_preflight)
    app.after_request(_cors_headers)


def get_site(app: Flask, key: str | None) -> Site | None:
    """The site registered under ``key``, or ``None``."""
    if not key:
        return None
    sites: dict[str, Site] = app.extensions["sites"]
    return sites.get(key)


def all_allowed_origins(app: Flask) -> frozenset[str]:
    """Every origin that some site allows."""
    origins: frozenset[str] = app.extensions["sites_origins"]
    return origins


def _is_api_request() -> bool:
    return request.path.startswith("/v1/")


def _preflight() -> Response | None:
    """Answer a CORS preflight on the API before routing (the view never sees it)."""
    if (
        request.method == "OPTIONS"
        and _is_api_request()
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    ):
        # headers are added by _cors_headers, and only for an allowed origin
        return Response(status=204)
    return None


def _cors_headers(response: Response) -> Response:
    if not _is_api_request():
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin is None or origin not in all_allowed_origins(current_app):
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = CORS_MAX_AGE
    return response
