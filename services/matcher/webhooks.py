"""Results sent to sites' webhooks, signed as Standard Webhooks say: HMAC over id.timestamp.body."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import limits
import limits.storage
import limits.strategies
import redis
import requests

from shared import records
from shared.attribution import attribution
from shared.contract.result import public_document
from shared.ids import is_valid_id
from shared.redis import limits_storage
from shared.sites import BY_SITE_KEY, Site

SECRET_PREFIX = "whsec_"  # nosec B105 - the format's prefix, not a secret
LIMITS_PREFIX = "cm:limits"

log = logging.getLogger(__name__)


class WebhookRejected(Exception):
    """The receiver answered with a status that asks for a retry."""


def secret_bytes(secret: str) -> bytes:
    """The key of a ``whsec_<base64>`` secret (a secret without the prefix is taken as is)."""
    if secret.startswith(SECRET_PREFIX):
        return base64.b64decode(secret[len(SECRET_PREFIX) :])
    return secret.encode()


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header value: ``v1,<base64 HMAC-SHA256>``."""
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def deliver(
    url: str,
    secret: str,
    message_id: str,
    payload: dict[str, Any],
    *,
    timeout: float = 10.0,
    now: float | None = None,
) -> int:
    """POST ``payload`` signed; the receiver's status. Raises to ask for a retry."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True)
    timestamp = int(time.time() if now is None else now)
    response = requests.post(
        url,
        data=body.encode(),
        headers={
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, body),
            "user-agent": "CareerMatch-Webhooks/1",
        },
        timeout=timeout,
        allow_redirects=False,
    )
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise WebhookRejected(f"receiver answered {response.status_code}")
    return response.status_code


class SiteLimiter:
    """How many webhooks each site may be sent: its own ``webhook_limit`` or the default.

    Counted in Redis (fixed windows, with a TTL), so every worker shares one count per site,
    and twice over: keyed submissions (the site's own server) and browser-origin ones each
    have the whole limit, so forged browser traffic, which anyone can send, can use up only
    the browser budget and never silence the webhooks of the site's keyed submissions.
    """

    def __init__(self, redis_url: str, default: str) -> None:
        uri, options = limits_storage(redis_url)
        storage = limits.storage.storage_from_string(uri, key_prefix=LIMITS_PREFIX, **options)
        self.limiter = limits.strategies.FixedWindowRateLimiter(storage)
        self.default = default

    def hit(self, site: Site, method: str | None) -> bool:
        """Count one webhook for ``site`` in the budget of ``method`` (how the submission
        was attributed); False when that is over one of its limits."""
        budget = "keyed" if method == BY_SITE_KEY else "browser"
        allowed = True
        for limit in limits.parse_many(site.webhook_limit or self.default):
            allowed = self.limiter.hit(limit, "webhooks", site.key, budget) and allowed
        return allowed


def site_for(record: records.Record, sites: Mapping[str, Site]) -> Site | None:
    """The site whose webhook should get this submission's result, if any."""
    attribution = record.attribution or {}
    site = sites.get(str(attribution.get("site") or ""))
    if site is None or not site.wants_webhook(attribution.get("method")):
        return None
    return site


def result_payload(record: records.Record) -> dict[str, Any]:
    """The ``result.done`` event a site's webhook is sent for a finished submission."""
    return {
        "type": "result.done",
        "timestamp": record.completed_at,
        "attribution": record.attribution,
        "data": public_document(record, attribution()),
    }


def deliver_result(
    client: redis.Redis,
    sites: Mapping[str, Site],
    limiter: SiteLimiter,
    submission_id: str,
    *,
    retry: bool = False,
    timeout: float = 10.0,
) -> int | None:
    """Send a finished submission's result to its site's webhook; the receiver's status.

    None when there is nothing to send: no valid id, no readable record, a record not
    ``done``, no site that wants it (its webhook or policy may have changed since), or a
    site over its webhook limit. A first attempt counts against that limit; a ``retry``
    was counted already, so it is never refused by its own count. Raises as
    :func:`deliver` does to ask for a retry.
    """
    if not is_valid_id(submission_id):
        return None
    try:
        record = records.load(client, submission_id)
    except (ValueError, KeyError, TypeError):
        log.warning("no webhook for %s: its record is corrupt", submission_id)
        return None
    if record is None or record.status != "done":
        return None
    site = site_for(record, sites)
    if site is None:
        return None
    method = (record.attribution or {}).get("method")
    if not retry and not limiter.hit(site, method):
        log.warning(
            "webhook for %s not sent: site %s is over its limit (%s)", record.id, site.key, method
        )
        return None
    return deliver(
        str(site.webhook_url),
        str(site.webhook_secret),
        f"msg_{record.id}",
        result_payload(record),
        timeout=timeout,
    )
