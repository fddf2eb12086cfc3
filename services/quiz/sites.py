"""Site keys in the quiz service: the loaded sites, how a submission is attributed, CORS."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request

from services.quiz import extensions
from shared.settings import Settings
from shared.sites import (
    API_KEY_PREFIX,
    BY_BROWSER_ORIGIN,
    BY_SITE_KEY,
    Site,
    SitesError,
    load_sites,
    normalize_origin,
)

__all__ = [
    "Attribution",
    "NotAttributable",
    "Site",
    "SitesError",
    "attribute",
    "get_site",
    "init_app",
    "load_sites",
    "normalize_origin",
    "own_origin",
    "site_for_api_key",
]


@dataclass(frozen=True)
class Attribution:
    """Whose submission this is as far as the service can tell, and how it can tell."""

    site: Site | None = None
    method: str | None = None  # BY_SITE_KEY, BY_BROWSER_ORIGIN, or None (no site)
    origin: str | None = None

    def as_record(self) -> dict[str, Any] | None:
        """What the submission record keeps of it (no secret: the key is not stored)."""
        if self.site is None:
            return None
        doc: dict[str, Any] = {"site": self.site.key, "method": self.method}
        if self.origin:
            doc["origin"] = self.origin
        return doc


class NotAttributable(Exception):
    """The request names a site it cannot show it speaks for; a 401/403/422 for the client."""

    def __init__(self, status: int, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class SiteBook:
    """The registered sites, by key, by API key (its digest) and their allowed origins,
    and the quiz's own origin (``PUBLIC_URL``; ``None`` only when no site is registered)."""

    by_key: Mapping[str, Site]
    by_api_key: Mapping[str, Site]
    origins: frozenset[str]
    own_origin: str | None = None

    @classmethod
    def of(cls, sites: Mapping[str, Site], own_origin: str | None = None) -> SiteBook:
        by_api_key = {_key_digest(key): site for site in sites.values() for key in site.api_keys}
        origins = frozenset(o for s in sites.values() for o in s.allowed_origins)
        return cls(sites, by_api_key, origins, own_origin)

    def init_app(self, app: Flask) -> None:
        app.extensions[extensions.SITES] = self


def configured_origin(settings: Settings, sites: Mapping[str, Site]) -> str | None:
    """The quiz's own origin from ``PUBLIC_URL``; raises :class:`SitesError` naming it.

    With sites registered it is required: the quiz frame's submissions are attributed by
    it and the demo page names it, so taking it from a request's Host would let anyone who
    sends ``Host: evil.example`` speak for a site as its frame.
    """
    if not settings.public_url:
        if sites:
            raise SitesError(
                "PUBLIC_URL: must be set to the quiz's public origin (https://quiz.example.com) "
                "when sites are registered; a request's Host header is not trusted for it"
            )
        return None
    try:
        return normalize_origin(settings.public_url)
    except ValueError as exc:
        raise SitesError(f"PUBLIC_URL: {settings.public_url!r} {exc}") from None


def own_origin(app: Flask) -> str | None:
    """The quiz's own public origin (``PUBLIC_URL``); ``None`` only when no site is registered."""
    return extensions.sites(app).own_origin


def site_for_api_key(app: Flask, credential: str) -> Site | None:
    """The site one of whose API keys is ``credential``, or None."""
    if not credential.startswith(API_KEY_PREFIX):
        return None
    return extensions.sites(app).by_api_key.get(_key_digest(credential))


def attribute(
    app: Flask,
    site_key: str | None,
    *,
    origin: str | None,
    authorization: str | None,
    own_origin: str | None,
) -> Attribution:
    """How a submission for ``site_key`` is attributed; raises :class:`NotAttributable`.

    - ``Authorization: Bearer cmk_...`` with one of a site's API keys: the site's own
      server sent it (``site_key``); ``?site=`` may be left out, and must match if given.
    - otherwise, with ``?site=``: a browser's ``Origin`` must be one of the site's allowed
      origins (its own page calling the API) or this service's own origin (the quiz frame,
      which browsers let only the site's origins frame). Anything else is refused: an
      ``Origin`` is easy to forge outside a browser, so it is the weaker of the two. Either
      way the origin kept (and sent in webhooks) is one the configuration names.
    """
    if authorization is not None:
        scheme, _, credential = authorization.partition(" ")
        site = site_for_api_key(app, credential.strip())
        if scheme.lower() != "bearer" or not site:
            raise NotAttributable(
                401,
                "The Authorization header does not hold an API key of any site.",
                {"Authorization": ["Expected 'Bearer cmk_...' with a site's API key."]},
            )
        if site_key is not None and site_key != site.key:
            raise NotAttributable(
                403,
                f"This API key belongs to another site than {site_key!r}.",
                {"site": ["Does not match the site of the API key."]},
            )
        return Attribution(site, BY_SITE_KEY)
    if site_key is None:
        return Attribution()
    site = get_site(app, site_key)
    if site is None:
        raise NotAttributable(
            422, f"Unknown site key {site_key!r}.", {"site": ["Not a registered site key."]}
        )
    if origin is not None and (site.allows(origin) or origin == own_origin):
        return Attribution(site, BY_BROWSER_ORIGIN, origin)
    raise NotAttributable(
        403,
        f"A submission for site {site_key!r} must come from a browser at one of the site's "
        "allowed origins, or carry the site's API key.",
        {"site": ["Needs an allowed Origin or the site's API key (Authorization: Bearer)."]},
    )


#: What the JSON API lets a cross-origin page send and read (POST submissions, results).
CORS_ALLOW_METHODS = "GET, POST, DELETE"
CORS_ALLOW_HEADERS = "Content-Type, Idempotency-Key, X-Deletion-Token"
CORS_EXPOSE_HEADERS = "Location, Retry-After"
CORS_MAX_AGE = "600"


def init_app(app: Flask) -> None:
    """Load the sites and the own origin (``extensions.sites``); answer CORS on ``/v1/``."""
    settings = extensions.settings(app)
    loaded = load_sites(settings)
    SiteBook.of(loaded, configured_origin(settings, loaded)).init_app(app)
    app.before_request(_preflight)
    app.after_request(_cors_headers)


def get_site(app: Flask, key: str | None) -> Site | None:
    """The site registered under ``key``, or ``None``."""
    if not key:
        return None
    return extensions.sites(app).by_key.get(key)


def all_allowed_origins(app: Flask) -> frozenset[str]:
    """Every origin that some site allows."""
    return extensions.sites(app).origins


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
