"""The catalog snapshot as served: built to ``shared.contract.snapshot.Snapshot`` from the
store's careers, and serialized once, plain and gzipped, with strong ETags."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.catalog.layout import INTEREST_LETTERS
from services.catalog.serve.wages import career_median, hourly_only_median
from shared.contract.snapshot import Snapshot

if TYPE_CHECKING:
    from services.catalog.serve.store import CatalogStore


@dataclass(frozen=True)
class SnapshotPayload:
    """The snapshot document serialized once: plain and gzip bytes with their ETags."""

    raw: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str


def snapshot_document(store: CatalogStore) -> Snapshot:
    """Every career's scoring features, columnar, in the store's (code) order."""
    careers = store.careers
    medians = [career_median(c) for c in careers]
    snapshot: Snapshot = {
        "version": store.version,
        "interest_areas": list(INTEREST_LETTERS),
        "work_values": store.dataset["work_values"],
        "skills": store.skill_list,
        "technologies": [{"name": t["name"], "hot": t["hot"]} for t in store.technologies],
        "careers": {
            "code": [c["code"] for c in careers],
            "title": [c["title"] for c in careers],
            "job_zone": [c["job_zone"] for c in careers],
            "median_wage": [m for m, _ in medians],
            "wage_top_coded": [t for _, t in medians],
            "wage_soc": [c["wage"] and c["wage"]["soc"] for c in careers],
            "wage_title": [c["wage"] and c["wage"]["bls_title"] for c in careers],
            "wage_scope": [c["wage"] and c["wage"]["scope"] for c in careers],
            "wage_hourly_median": [hourly_only_median(c) for c in careers],
            "interests": [c["interests"] for c in careers],
            "high_point": [c["high_point"] for c in careers],
            "values": [c["values"] for c in careers],
            "skill_level": [c["skills"] and c["skills"]["level"] for c in careers],
            "skill_importance": [c["skills"] and c["skills"]["importance"] for c in careers],
            "technologies": [c["technologies"] for c in careers],
        },
    }
    if store.regional is not None:
        snapshot["regional"] = store.regional.snapshot([c["code"] for c in careers])
    return snapshot


def serialize(snapshot: Snapshot) -> SnapshotPayload:
    """The snapshot as compact JSON bytes and gzip bytes, with strong ETags."""
    raw = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()
    gzipped = gzip.compress(raw, compresslevel=9, mtime=0)
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return SnapshotPayload(
        raw=raw, gzipped=gzipped, etag=f'"{digest}"', gzip_etag=f'"{digest}-gzip"'
    )
