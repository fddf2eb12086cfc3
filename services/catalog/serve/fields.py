"""Fields as served: one loaded ``fields.json`` (built by ``build/fields.py``), looked up by
slug, by career, by technology and by skill. Knows nothing of Flask.

``FieldIndex.entries()`` is the list search imports: each field's slug, name and synonyms.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.catalog.layout import FIELDS_FORMAT

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldEntry:
    """What search needs of a field: its page's slug, its name and what people call it."""

    slug: str
    name: str
    synonyms: tuple[str, ...]


class FieldIndex:
    """Read access to the built fields; every lookup returns the fields in file order."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        if document.get("format") != FIELDS_FORMAT:
            raise ValueError(f"fields.json has format {document.get('format')!r}; rebuild")
        self.document = document
        self.fields: list[dict[str, Any]] = list(document["fields"])
        self.by_slug = {f["slug"]: f for f in self.fields}
        self._by_career: dict[str, list[str]] = {}
        self._by_tech: dict[str, list[str]] = {}
        self._by_skill: dict[str, list[str]] = {}
        for f in self.fields:
            for career in f["careers"]:
                self._by_career.setdefault(career["code"], []).append(f["slug"])
            for name in f["rule"]["technologies"]:
                self._by_tech.setdefault(name, []).append(f["slug"])
            for skill in f["rule"]["skills"]:
                self._by_skill.setdefault(skill["id"], []).append(f["slug"])

    def entries(self) -> list[FieldEntry]:
        """Every field's slug, name and synonyms, for search."""
        return [FieldEntry(f["slug"], f["name"], tuple(f["synonyms"])) for f in self.fields]

    def brief(self, slug: str) -> dict[str, Any]:
        """Slug, name and career count of one field."""
        f = self.by_slug[slug]
        return {"slug": slug, "name": f["name"], "careers": len(f["careers"])}

    def of_career(self, code: str) -> list[dict[str, Any]]:
        """The fields a career belongs to."""
        return [self.brief(slug) for slug in self._by_career.get(code, [])]

    def of_technology(self, name: str) -> list[dict[str, Any]]:
        """The fields whose rule names this technology."""
        return [self.brief(slug) for slug in self._by_tech.get(name, [])]

    def of_skill(self, skill_id: str) -> list[dict[str, Any]]:
        """The fields whose rule names this O*NET skill."""
        return [self.brief(slug) for slug in self._by_skill.get(skill_id, [])]


def load_fields(path: Path) -> FieldIndex | None:
    """The fields in ``path``, or ``None`` when the file was not built or cannot be read."""
    if not path.is_file():
        log.info("no %s: the catalog is served without field pages", path.name)
        return None
    try:
        return FieldIndex(json.loads(path.read_bytes()))
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", path.name, exc)
        return None
