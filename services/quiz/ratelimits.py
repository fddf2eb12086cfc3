"""Limits on submissions (Flask-Limiter, counted in Redis): per client address and per site.

A variant of a result (``POST /v1/results/<id>/variants``) is a submission here: it is
routed in the same blueprint and counts against the same limits.

- Per client address (``SUBMIT_LIMIT_PER_ADDRESS``): every POST of answers (or of a
  variant's changes) counts, valid or not. The address is the TCP peer, or with
  ``TRUSTED_PROXY_HOPS=n`` the address that the n-th proxy from here saw (werkzeug's
  ProxyFix reads ``X-Forwarded-For`` from the right): a client can add what it likes to
  the left of that header, and it is never read. IPv6 clients count per /64, the block one
  home or phone is given.
- Per site (``SUBMIT_LIMIT_PER_SITE``): accepted submissions attributed to a site, counted
  apart for its keyed (server-to-server) and browser submissions, so that forged browser
  traffic cannot use up what a site's own server may send; browser submissions are counted
  per client (IPv6 /64) within the site, so that no few addresses lock out every visitor.
  The matcher bounds the webhooks on top (``SITE_WEBHOOK_LIMIT``, a budget for keyed and
  another for browser submissions).

A client over a limit gets ``429`` in the shared JSON error shape, with ``Retry-After``
(seconds until the window lets it submit again, at least 1) and the limit's
``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset``. Only the refusal carries them: on an
accepted submission (``202``) ``Retry-After`` is when to poll the result (1 s), which
Flask-Limiter's own headers would overwrite with the window's reset (up to a minute), and
reading the window costs every submission one more Redis round trip.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limit, Limiter

from services.quiz import extensions, sites
from shared.clients import client_group
from shared.redis import limits_storage, retry_policy

log = logging.getLogger(__name__)

#: The blueprint of the submission operations, one per quiz, and of the variants of a
#: result (``api.submissions_blueprint``).
SUBMISSIONS_BLUEPRINT = "submissions"
KEY_PREFIX = "cm:limits"


def client_address() -> str:
    """The client's address as the trusted proxies saw it; IPv6 grouped by /64."""
    return client_group(request.remote_addr)


def _site_bucket() -> str:
    authorization = request.headers.get("Authorization")
    if authorization is not None:
        credential = authorization.partition(" ")[2].strip()
        site = sites.site_for_api_key(current_app, credential)
        return f"{site.key}:key" if site else "-"
    claimed = request.args.get("site", "-")
    # browser claims are counted per client within the site, so that a few addresses (or a
    # flood of forged ones) cannot lock every visitor out; the site's browser webhooks have
    # their own ceiling in the matcher
    return "-:browser" if claimed == "-" else f"{claimed}:browser:{client_address()}"


def _not_a_submission() -> bool:
    return request.blueprint != SUBMISSIONS_BLUEPRINT or request.method != "POST"


def _no_site() -> bool:
    return _not_a_submission() or _site_bucket() in ("-", "-:browser")


def _accepted(response: Response) -> bool:
    return response.status_code == 202


def _limit_headers_on_refusal(response: Response) -> Response:
    """A ``429``'s ``Retry-After`` and ``X-RateLimit-*`` headers, from the limit it broke."""
    if response.status_code != 429:
        return response
    limit = extensions.limiter().current_limit
    try:
        reset_at = limit.reset_at if limit is not None else None  # one Redis round trip
    except Exception:  # noqa: BLE001 - storage down: a refusal without the window's figures
        log.warning("could not read the rate limit's window", exc_info=True)
        reset_at = None
    if limit is None or reset_at is None:
        response.headers["Retry-After"] = "1"
        return response
    # "retry after 0 s" (the last second of a window) would invite a retry storm
    response.headers["Retry-After"] = str(max(1, int(reset_at - time.time())))
    response.headers["X-RateLimit-Limit"] = str(limit.limit.amount)
    response.headers["X-RateLimit-Remaining"] = str(limit.remaining)
    response.headers["X-RateLimit-Reset"] = str(reset_at)
    return response


def init_app(app: Flask) -> None:
    """Count submissions per address and per site in Redis; ``extensions.limiter``."""
    settings = extensions.settings(app)
    # the limiter's own headers would go on every response (see the module's docstring)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    # Redis down or hung: the limiter's error is the request's 503 at once (one timeout),
    # rather than a second wait on the storage the view needs (2 s for a POST); a failure
    # in its after-request deduction is a 503 too (shared.errors.handle_http)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", False)
    app.after_request(_limit_headers_on_refusal)
    storage_uri, storage_options = limits_storage(settings.redis_url)
    # the web side's Redis budget: a hung Redis costs a POST one timeout here, not retries
    options: dict[str, Any] = {
        "socket_connect_timeout": settings.redis_web_timeout,
        "socket_timeout": settings.redis_web_timeout,
        "retry": retry_policy(retry_on_timeout=False),
        **storage_options,
    }
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=storage_uri,
        storage_options=options,
        strategy="sliding-window-counter",
        key_prefix=KEY_PREFIX,
        default_limits=[
            Limit(
                settings.submit_limit_per_address,
                scope="submit-address",
                shared=True,
                exempt_when=_not_a_submission,
                error_message="Too many submissions from this address; retry after Retry-After.",
            ),
            Limit(
                settings.submit_limit_per_site,
                key_function=_site_bucket,
                scope="submit-site",
                shared=True,
                exempt_when=_no_site,
                deduct_when=_accepted,
                error_message="Too many submissions for this site; retry after Retry-After.",
            ),
        ],
    )
    app.extensions[extensions.LIMITER] = limiter
