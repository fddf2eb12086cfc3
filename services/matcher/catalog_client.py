"""The matcher's view of the catalog: one snapshot per process, refreshed by ETag.

The snapshot is fetched over HTTP once, then only re-validated with a conditional GET (a
``304`` costs almost nothing). A copy lives in Redis so that a worker started while the
catalog is down can still score; a worker that already holds a snapshot keeps using it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
import requests

from services.matcher import metrics
from shared.contract.codec import ContractError, Unreadable
from shared.contract.snapshot import Snapshot, decode_snapshot
from shared.records import SNAPSHOT_KEY
from shared.redis import REDIS_DOWN_ERRORS

log = logging.getLogger(__name__)

SNAPSHOT_PATH = "/v1/catalog/snapshot"
#: Largest snapshot body read (the real one is a few MB); more is garbage, not a catalog.
MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024


class CatalogUnavailable(Exception):
    """No snapshot can be had: the catalog is unreachable and no copy exists."""


class CatalogGarbage(ValueError):
    """The catalog answered something that is not a snapshot: bad JSON, wrong shape, too big."""


class CatalogClient:
    """Holds the current snapshot, converted once by ``convert`` (e.g. into numpy arrays)."""

    def __init__(
        self,
        base_url: str,
        client: redis.Redis,
        convert: Callable[[Snapshot], Any],
        *,
        timeout: float = 5.0,
        revalidate_seconds: float = 30.0,
        copy_ttl: int = 7 * 24 * 3600,
        session: requests.Session | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + SNAPSHOT_PATH
        self.redis = client
        self.convert = convert
        self.timeout = timeout
        self.revalidate_seconds = revalidate_seconds
        self.copy_ttl = copy_ttl
        self.session = session or requests.Session()
        self.etag: str | None = None
        self.current: Any = None
        self.checked_at = float("-inf")
        self.source = "none"
        self._lock = threading.Lock()

    def get(self) -> Any:
        """The converted snapshot; re-validated with the catalog at most every few seconds."""
        with self._lock:
            if self.current is not None and (
                time.monotonic() - self.checked_at < self.revalidate_seconds
            ):
                return self.current
            try:
                self._fetch()
            except (requests.RequestException, CatalogUnavailable, ValueError) as exc:
                # ValueError covers CatalogGarbage: the snapshot held stays in use
                if isinstance(exc, requests.RequestException):
                    metrics.CATALOG_FETCHES.labels("error").inc()
                if self.current is not None:
                    log.warning("catalog unreachable (%s); scoring with the snapshot held", exc)
                    self.checked_at = time.monotonic()
                    return self.current
                if self._load_copy():
                    metrics.CATALOG_FETCHES.labels("redis_copy").inc()
                    log.warning("catalog unreachable (%s); scoring with the copy in Redis", exc)
                    return self.current
                raise CatalogUnavailable(
                    f"catalog unreachable and no copy in Redis: {exc}"
                ) from exc
            return self.current

    def _fetch(self) -> None:
        headers = {"Accept-Encoding": "gzip"}
        if self.etag and self.current is not None:
            headers["If-None-Match"] = self.etag
        with self.session.get(
            self.url, headers=headers, timeout=self.timeout, stream=True
        ) as response:
            if response.status_code == 304 and self.current is not None:
                self.checked_at = time.monotonic()
                metrics.CATALOG_FETCHES.labels("304").inc()
                metrics.SNAPSHOT_CHECKED.set(time.time())
                return
            if response.status_code != 200:
                metrics.CATALOG_FETCHES.labels("error").inc()
                raise CatalogUnavailable(f"catalog answered {response.status_code}")
            etag = response.headers.get("ETag", "")
            text = _read_limited(response, MAX_SNAPSHOT_BYTES)
        metrics.CATALOG_FETCHES.labels("200").inc()
        metrics.SNAPSHOT_CHECKED.set(time.time())
        self._install(text, etag, "catalog")
        self._save_copy(text, etag)

    def _install(self, text: str, etag: str, source: str) -> None:
        try:
            document = decode_snapshot(text)
        except Unreadable as exc:
            raise CatalogGarbage(f"snapshot from {source} is not JSON: {exc}") from None
        except ContractError as exc:
            raise CatalogGarbage(f"snapshot from {source} is off the contract: {exc}") from None
        try:
            converted = self.convert(document)
        except Exception as exc:  # noqa: BLE001 - any failure to convert means garbage
            raise CatalogGarbage(f"snapshot from {source} cannot be used: {exc!r}") from None
        self.current = converted
        self.etag = etag
        self.checked_at = time.monotonic()
        self.source = source
        log.info("catalog snapshot %s loaded from %s", etag, source)

    def _save_copy(self, text: str, etag: str) -> None:
        try:
            if self.redis.hget(SNAPSHOT_KEY, "etag") != etag:
                pipe = self.redis.pipeline(transaction=True)
                pipe.hset(SNAPSHOT_KEY, mapping={"etag": etag, "body": text})
                pipe.expire(SNAPSHOT_KEY, self.copy_ttl)
                pipe.execute()
        except REDIS_DOWN_ERRORS as exc:
            log.warning("could not keep a copy of the snapshot in Redis: %s", exc)

    def _load_copy(self) -> bool:
        try:
            copy = self.redis.hgetall(SNAPSHOT_KEY)
        except REDIS_DOWN_ERRORS:
            return False
        if not copy or "body" not in copy:
            return False
        try:
            self._install(str(copy["body"]), str(copy.get("etag", "")), "redis")
        except CatalogGarbage as exc:
            log.warning("the copy of the snapshot in Redis is unusable: %s", exc)
            return False
        return True


def _read_limited(response: requests.Response, limit: int) -> str:
    """The body as text, decompressed; raises :class:`CatalogGarbage` past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=256 * 1024):
        size += len(chunk)
        if size > limit:
            raise CatalogGarbage(f"snapshot body larger than {limit} bytes")
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogGarbage("snapshot body is not UTF-8") from None
