"""The catalog's data access: load the built dataset once, look careers up, search, snapshot.

Nothing here knows Flask. ``load_store(data_dir)`` reads ``catalog.json`` (and, when it
exists, the git-ignored ``descriptions.json``) and returns a :class:`CatalogStore` whose
methods return plain JSON-ready dicts.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from services.catalog.layout import (
    DATASET_FILE,
    DESCRIPTIONS_FILE,
    FIELDS_FILE,
    FORMAT,
    INTEREST_LETTERS,
    REGIONAL_FILE,
    dataset_version,
)
from services.catalog.serve.fields import FieldIndex, load_fields
from services.catalog.serve.regional_pay import RegionalPay, load_regional
from services.catalog.serve.snapshot import SnapshotPayload, serialize, snapshot_document
from services.catalog.serve.topics import NamedEntry, Topics
from services.catalog.serve.wages import career_median, mark_pay_scopes, median_of_wages
from shared.attribution import with_regional
from shared.contract.snapshot import Snapshot, SnapshotElement

log = logging.getLogger(__name__)

#: O*NET's relatedness tiers, closest first.
RELATED_TIERS = ("Primary-Short", "Primary-Long", "Supplemental")
#: Default "needs this skill" threshold on O*NET's importance scale (1-5).
DEFAULT_MIN_IMPORTANCE = 3.0
_CODE_QUERY = re.compile(r"^\d{2}-[\d.]*$")


class CatalogStoreError(RuntimeError):
    """The dataset is missing or is not one this code can read."""


@dataclass(frozen=True)
class CareerPage:
    """One page of a career listing: the total across pages and this page's items."""

    total: int
    items: list[dict[str, Any]]


class CatalogStore:
    """Read-only access to one loaded dataset (and its descriptions, when built)."""

    def __init__(
        self,
        dataset: dict[str, Any],
        data: bytes,
        descriptions: dict[str, Any] | None = None,
        regional: RegionalPay | None = None,
        fields: FieldIndex | None = None,
    ) -> None:
        if dataset.get("format") != FORMAT:
            raise CatalogStoreError(
                f"dataset format {dataset.get('format')!r} is not {FORMAT}; rebuild it"
            )
        self.dataset = dataset
        self.version = dataset_version(dataset, data)
        self.dataset_sha256 = hashlib.sha256(data).hexdigest()
        self.descriptions = descriptions
        self.regional = regional
        #: the field pages' figures (``fields.json``), ``None`` when not built
        self.fields = fields
        self.careers: list[dict[str, Any]] = dataset["careers"]
        mark_pay_scopes(self.careers)
        self.by_code = {c["code"]: i for i, c in enumerate(self.careers)}
        self.skill_list: list[SnapshotElement] = dataset["skills"]
        self.skill_index = {s["id"]: i for i, s in enumerate(self.skill_list)}
        self.knowledge_names = {k["id"]: k["name"] for k in dataset["knowledge"]}
        self.technologies: list[dict[str, Any]] = dataset["technologies"]
        self.job_zones = {z["zone"]: z for z in dataset["job_zones"]}
        #: technologies and skills as resources, and the one search over everything
        self.topics = Topics(
            dataset,
            []
            if fields is None
            else [NamedEntry("field", e.slug, e.name, e.synonyms) for e in fields.entries()],
        )

    # --- catalog ----------------------------------------------------------------------

    @property
    def count(self) -> int:
        """How many careers the catalog holds."""
        return len(self.careers)

    @property
    def has_descriptions(self) -> bool:
        """Whether O*NET's sentences (the git-ignored descriptions file) were loaded."""
        return self.descriptions is not None

    def info(self) -> dict[str, Any]:
        """Version, size, sources and the attribution the product must show."""
        return {
            "version": self.version,
            "careers": self.count,
            "source": {
                "onet_version": self.dataset["onet_version"],
                "oews_version": self.dataset["oews_version"],
                **self.dataset["source"],
            },
            "attribution": self.attribution(),
            "descriptions": self.has_descriptions,
        }

    def attribution(self) -> dict[str, Any]:
        """The dataset's credits, with ONS's when the regional pay (with UK pay) is loaded."""
        credits: dict[str, Any] = self.dataset["attribution"]
        return credits if self.regional is None else with_regional(credits)

    # --- careers ----------------------------------------------------------------------

    def list_careers(
        self,
        q: str | None = None,
        *,
        job_zone: int | None = None,
        interest: str | None = None,
        page: int = 1,
        per_page: int = 20,
        region: str | None = None,
    ) -> CareerPage:
        """Careers matching the search ``q`` (ranked) and filters (by code without ``q``).

        ``interest`` is one to three RIASEC letters that the career's high-point code must
        start with: ``"I"`` finds mainly Investigative careers, ``"IR"`` those whose first
        two high points are Investigative then Realistic. With a ``region`` (ISO 3166-2),
        each item also carries ``local_pay``, the career's pay there.
        """
        query = (q or "").strip()
        ranked: list[tuple[int, float | None, str | None]]
        if not query:
            ranked = [(i, None, None) for i in range(self.count)]
        elif _CODE_QUERY.match(query):
            ranked = [
                (i, None, None) for i, c in enumerate(self.careers) if c["code"].startswith(query)
            ]
        else:
            ranked = [
                (self.by_code[r.key], r.score, r.matched)
                for r in self.topics.search(query, ("career",))
            ]
        wanted_interest = (interest or "").upper()
        selected = [
            (i, score, matched)
            for i, score, matched in ranked
            if (job_zone is None or self.careers[i]["job_zone"] == job_zone)
            and self.careers[i]["high_point"].startswith(wanted_interest)
        ]
        start = (page - 1) * per_page
        items = [
            {
                **self._summary(self.careers[i]),
                "score": score,
                "matched_title": matched,
                **self._local(self.careers[i]["code"], region),
            }
            for i, score, matched in selected[start : start + per_page]
        ]
        return CareerPage(total=len(selected), items=items)

    def career(self, code: str, region: str | None = None) -> dict[str, Any] | None:
        """Everything the catalog knows of one career, or ``None`` for an unknown code.

        ``regional_pay`` holds its US state and Canadian figures; with a ``region`` the
        career also carries ``local_pay``, its pay there.
        """
        position = self.by_code.get(code)
        if position is None:
            return None
        c = self.careers[position]
        described = (self.descriptions or {}).get("careers", {}).get(code) or {}
        return {
            **self._summary(c),
            "description": described.get("description"),
            "tasks": described.get("tasks"),
            "job_zone_detail": self._job_zone(c["job_zone"]),
            "interests": dict(zip(INTEREST_LETTERS, c["interests"], strict=True)),
            "high_point": c["high_point"],
            "work_values": None
            if c["values"] is None
            else [
                {**wv, "extent": extent}
                for wv, extent in zip(self.dataset["work_values"], c["values"], strict=True)
            ],
            "skills": None
            if c["skills"] is None
            else [
                {**s, "importance": im, "level": lv}
                for s, im, lv in zip(
                    self.skill_list, c["skills"]["importance"], c["skills"]["level"], strict=True
                )
            ],
            "knowledge": [
                {"id": k, "name": self.knowledge_names[k], "importance": im, "level": lv}
                for k, im, lv in c["knowledge"]
            ],
            "technologies": [
                {**self.technologies[t], "in_demand": bool(in_demand)}
                for t, in_demand in c["technologies"]
            ],
            "alternate_titles": [
                {"title": title, "short_title": short} for title, short in c["alternate_titles"]
            ],
            "related": [
                {"code": other, "title": self._title(other), "tier": tier}
                for tier in sorted(c["related"], key=_tier_rank)
                for other in c["related"][tier]
            ],
            "clusters": None
            if c["clusters"] is None
            else [{"cluster": name, "pathway": pathway} for name, pathway in c["clusters"]],
            "wage": c["wage"],
            "regional_pay": None if self.regional is None else self.regional.career(code),
            **self._local(code, region),
        }

    def _local(self, code: str, region: str | None) -> dict[str, Any]:
        if region is None or self.regional is None:
            return {}
        return {"local_pay": self.regional.local(code, region)}

    def regions(self) -> list[dict[str, Any]]:
        """The regions with local pay (empty when the regional file was not built)."""
        return [] if self.regional is None else self.regional.region_list()

    def _summary(self, c: dict[str, Any]) -> dict[str, Any]:
        median, top_coded = career_median(c)
        return {
            "code": c["code"],
            "title": c["title"],
            "job_zone": c["job_zone"],
            "high_point": c["high_point"],
            "median_wage": median,
            "wage_top_coded": top_coded,
        }

    def _title(self, code: str) -> str | None:
        position = self.by_code.get(code)
        return None if position is None else self.careers[position]["title"]

    def _job_zone(self, zone: int | None) -> dict[str, Any] | None:
        if zone is None or zone not in self.job_zones:
            return None
        texts = (self.descriptions or {}).get("job_zones", {}).get(str(zone)) or {}
        return {
            **self.job_zones[zone],
            **{key: texts.get(key) for key in ("experience", "education", "training", "examples")},
        }

    # --- skills -----------------------------------------------------------------------

    def skills(self) -> list[dict[str, Any]]:
        """The 35 O*NET skills in O*NET order, with how many careers need each one."""
        return [
            {
                **s,
                "description": self.element_description(s["id"]),
                "careers": sum(
                    1
                    for c in self.careers
                    if c["skills"] and c["skills"]["importance"][i] >= DEFAULT_MIN_IMPORTANCE
                ),
            }
            for i, s in enumerate(self.skill_list)
        ]

    def skill(
        self,
        skill_id: str,
        min_importance: float = DEFAULT_MIN_IMPORTANCE,
        region: str | None = None,
    ) -> dict[str, Any] | None:
        """The careers for which skill ``skill_id`` has at least ``min_importance``.

        Most important first (then highest level, then code), each with its median pay,
        and the median of those careers' median wages. ``None`` for an unknown skill. With a
        ``region`` each career also carries ``local_pay``, its pay there.
        """
        i = self.skill_index.get(skill_id)
        if i is None:
            return None
        careers = []
        for c in self.careers:
            if c["skills"] is None or c["skills"]["importance"][i] < min_importance:
                continue
            median, top_coded = career_median(c)
            careers.append(
                {
                    "code": c["code"],
                    "title": c["title"],
                    "importance": c["skills"]["importance"][i],
                    "level": c["skills"]["level"][i],
                    "job_zone": c["job_zone"],
                    "median_wage": median,
                    "wage_top_coded": top_coded,
                    **self._local(c["code"], region),
                }
            )
        careers.sort(key=lambda item: (-item["importance"], -item["level"], item["code"]))
        median, top_coded = median_of_wages(
            [(item["median_wage"], item["wage_top_coded"]) for item in careers]
        )
        return {
            **self.skill_list[i],
            "description": self.element_description(skill_id),
            "min_importance": min_importance,
            "count": len(careers),
            "median_wage": median,
            "median_wage_top_coded": top_coded,
            "careers_with_wage": sum(
                1 for item in careers if item["median_wage"] is not None or item["wage_top_coded"]
            ),
            "careers": careers,
        }

    def element_description(self, element_id: str) -> str | None:
        description: str | None = (self.descriptions or {}).get("elements", {}).get(element_id)
        return description

    # --- snapshot ---------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Every career's scoring features, columnar (``shared.contract.snapshot``)."""
        return snapshot_document(self)

    @cached_property
    def snapshot_payload(self) -> SnapshotPayload:
        """The snapshot serialized once: plain and gzip bytes with their ETags."""
        return serialize(self.snapshot())


def _tier_rank(tier: str) -> tuple[int, str]:
    return (RELATED_TIERS.index(tier) if tier in RELATED_TIERS else len(RELATED_TIERS), tier)


def load_store(data_dir: Path) -> CatalogStore:
    """Load the dataset in ``data_dir`` (and its descriptions when present)."""
    path = data_dir / DATASET_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogStoreError(
            f"no {DATASET_FILE} in {data_dir}; run `python -m services.catalog build`"
        ) from None
    try:
        dataset = json.loads(data)
    except ValueError as exc:
        raise CatalogStoreError(f"{path.name} is not valid JSON: {exc}") from None
    return CatalogStore(
        dataset,
        data,
        _load_descriptions(data_dir / DESCRIPTIONS_FILE, dataset),
        load_regional(data_dir / REGIONAL_FILE),
        load_fields(data_dir / FIELDS_FILE),
    )


def _load_descriptions(path: Path, dataset: dict[str, Any]) -> dict[str, Any] | None:
    if not path.is_file():
        log.info("no %s: careers are served without O*NET's descriptions", path.name)
        return None
    try:
        descriptions: dict[str, Any] = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s, which cannot be read: %s", path.name, exc)
        return None
    if (descriptions.get("format"), descriptions.get("onet_version")) != (
        FORMAT,
        dataset.get("onet_version"),
    ):
        log.warning("ignoring %s: it was built for another dataset; rebuild", path.name)
        return None
    return descriptions
