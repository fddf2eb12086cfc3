"""Site configuration: who may embed the quiz, with what API key, webhook and theme.

Both the quiz service (origins, API keys, theme) and the matcher (webhook URL, secret and
policy, resolved at delivery) read it, from ``SITES_FILE`` and ``SITES_JSON``; neither copies
a secret into a submission record. In production the file is mounted as a secret.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.settings import Settings, SettingsError

SITE_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
ACCENT_PATTERN = r"^#[0-9a-fA-F]{6}$"
FONT_PATTERN = r"^[A-Za-z0-9 ,\-]+$"
WEBHOOK_SECRET_PREFIX = "whsec_"  # nosec B105 - the format's prefix, not a secret
API_KEY_PREFIX = "cmk_"
#: How a submission came to be a site's: with its API key, or from a browser at its origin.
BY_SITE_KEY = "site_key"
BY_BROWSER_ORIGIN = "browser_origin"
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
    api_keys: tuple[str, ...] = ()
    #: Send webhooks only for submissions made with the site's API key (server to server).
    webhooks_only_keyed: bool = False
    #: Most webhooks the site is sent, as a Flask-Limiter / limits string ("600/hour").
    webhook_limit: str | None = None

    def allows(self, origin: str | None) -> bool:
        """Whether a page at ``origin`` (as browsers send it) may embed this site's quiz."""
        return origin is not None and origin in self.allowed_origins

    def has_api_key(self, candidate: str) -> bool:
        """Whether ``candidate`` is one of the site's API keys (compared in constant time)."""
        found = False
        for key in self.api_keys:
            found |= hmac.compare_digest(key.encode(), candidate.encode())
        return found

    def wants_webhook(self, method: str | None) -> bool:
        """Whether a submission attributed by ``method`` is sent to the site's webhook."""
        if not self.webhook_url or not self.webhook_secret:
            return False
        if self.webhooks_only_keyed:
            return method == BY_SITE_KEY
        return method in (BY_SITE_KEY, BY_BROWSER_ORIGIN)


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


def _validate_api_key(value: str) -> None:
    if not re.fullmatch(API_KEY_PREFIX + r"[A-Za-z0-9_-]{32,128}", value):
        raise ValidationError(
            f"must look like {API_KEY_PREFIX}<32 to 128 URL-safe base64 characters> (make "
            "one with: python -c 'import secrets; print(\"cmk_\" + secrets.token_urlsafe(32))')"
        )


def _validate_limit(value: str) -> None:
    try:
        parse_many(value)
    except ValueError:
        raise ValidationError(
            "must be a rate limit like '600/hour' or '10/minute;600/day'"
        ) from None


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
    api_keys = fields.List(fields.String(validate=_validate_api_key), load_default=list)
    webhooks_only_keyed = fields.Boolean(load_default=False)
    webhook_limit = fields.String(allow_none=True, load_default=None, validate=_validate_limit)

    @validates_schema
    def _webhook_pair(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("webhook_url") and not data.get("webhook_secret"):
            raise ValidationError("is required when webhook_url is set", "webhook_secret")
        if data.get("webhook_secret") and not data.get("webhook_url"):
            raise ValidationError("is set but webhook_url is not", "webhook_secret")
        if data.get("webhooks_only_keyed") and not data.get("api_keys"):
            raise ValidationError("is set but the site has no api_keys", "webhooks_only_keyed")


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
            api_keys=tuple(data["api_keys"]),
            webhooks_only_keyed=data["webhooks_only_keyed"],
            webhook_limit=data["webhook_limit"],
        )
    return sites


def _check_unique_api_keys(sites: dict[str, Site], source: str) -> None:
    owners: dict[str, str] = {}
    for site in sites.values():
        for key in site.api_keys:
            if owners.setdefault(key, site.key) != site.key:
                raise SitesError(
                    f"{source}: site {site.key!r}, field 'api_keys': a key of site "
                    f"{owners[key]!r} too; each API key belongs to one site"
                )


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
    _check_unique_api_keys(sites, "sites")
    return sites
