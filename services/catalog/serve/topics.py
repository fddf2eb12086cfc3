"""Technologies and skills as resources: ids, slugs, the careers behind each, their figures,
and one search over careers, alternate titles, technologies and skills.

Built once from the loaded dataset (see :class:`Topics`); knows nothing of Flask.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from services.catalog.serve.figures import (
    METHODS,
    PAGE_MIN_CAREERS,
    ecosystem,
    pay_of,
    quartiles,
    salary_impact,
    slugify,
    technology_slugs,
    training_of,
)
from services.catalog.serve.search import SearchIndex, Title, expand_query, tokenize

#: Search weights of what a career is called, and of a technology it lists.
TITLE_WEIGHT = 1.0
ALTERNATE_WEIGHT = 0.9
CAREER_TECHNOLOGY_WEIGHT = 0.4
TOPIC_WEIGHT = 1.0
POPULARITY_WEIGHT = 0.1
#: A named entry (a field) outranks a technology or skill of the same name.
NAMED_WEIGHT = 1.2
#: A named entry that is only part of the query follows the results within this share of the
#: best score (the careers titled by the whole query).
NAMED_PART_SHARE = 0.9
#: Default "needs this skill" threshold on O*NET's importance scale (1-5).
DEFAULT_MIN_IMPORTANCE = 3.0
KINDS = ("career", "technology", "skill")


@dataclass(frozen=True)
class NamedEntry:
    """Something else search finds by its name or synonyms (a field page): kind, key, name."""

    kind: str
    key: str
    name: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    """One thing a search found: its kind, its key (code, technology id, skill id), score."""

    kind: str
    key: str
    title: str
    matched: str
    score: float


class Topics:
    """Technologies and skills of one dataset, with the careers behind each one."""

    def __init__(self, dataset: dict[str, Any], named: Sequence[NamedEntry] = ()) -> None:
        """``named`` adds entries search finds beside careers, technologies and skills."""
        self.named = list(named)
        self.careers: list[dict[str, Any]] = dataset["careers"]
        self.top_code: int = dataset["wage_top_code"]
        self.job_zones = {z["zone"]: z for z in dataset["job_zones"]}
        self.tech_records: list[dict[str, Any]] = dataset["technologies"]
        names = [t["name"] for t in self.tech_records]
        self.tech_ids = technology_slugs(names)
        self.tech_by_id = {slug: i for i, slug in enumerate(self.tech_ids)}
        self.tech_by_name = {name.casefold(): i for i, name in enumerate(names)}
        self.tech_careers: list[list[int]] = [[] for _ in names]
        self.tech_in_demand: list[int] = [0] * len(names)
        self.career_techs: list[list[int]] = []
        for position, career in enumerate(self.careers):
            listed = []
            for t, in_demand in career["technologies"]:
                self.tech_careers[t].append(position)
                self.tech_in_demand[t] += in_demand
                listed.append(t)
            self.career_techs.append(listed)
        self.tech_df = [len(c) for c in self.tech_careers]
        self.skill_list: list[dict[str, str]] = dataset["skills"]
        self.skill_slugs = [slugify(s["name"]) for s in self.skill_list]
        self.skill_by_key = {s["id"]: i for i, s in enumerate(self.skill_list)}
        self.skill_by_key.update({slug: i for i, slug in enumerate(self.skill_slugs)})
        self.rated = {i for i, c in enumerate(self.careers) if c["skills"] is not None}
        self._documents: list[tuple[str, int]] = []
        self.index = self._build_index()
        # per-topic figures are computed on first request and kept (the data never changes)
        self.technology = lru_cache(maxsize=2048)(self._technology)
        self.skill = lru_cache(maxsize=256)(self._skill)

    # --- technologies -------------------------------------------------------------------

    def has_page(self, t: int) -> bool:
        """Whether a technology gets a full page: listed by several careers, hot or in demand."""
        record = self.tech_records[t]
        return (
            self.tech_df[t] >= PAGE_MIN_CAREERS or bool(record["hot"]) or self.tech_in_demand[t] > 0
        )

    def tech_summary(self, t: int) -> dict[str, Any]:
        """Id, slug, name, flags and career count of technology ``t``."""
        record = self.tech_records[t]
        return {
            "id": self.tech_ids[t],
            "name": record["name"],
            "hot": bool(record["hot"]),
            "in_demand": self.tech_in_demand[t] > 0,
            "in_demand_careers": self.tech_in_demand[t],
            "careers": self.tech_df[t],
            "commodity": record.get("commodity"),
            "page": self.has_page(t),
        }

    def find_technology(self, key: str) -> int | None:
        """A technology by id (slug) or by its exact name, any case."""
        found = self.tech_by_id.get(key)
        return found if found is not None else self.tech_by_name.get(key.casefold())

    def list_technologies(
        self, *, hot: bool | None = None, in_demand: bool | None = None, min_careers: int = 1
    ) -> list[int]:
        """Technology indexes, most careers first (then by name)."""
        chosen = [
            t
            for t in range(len(self.tech_records))
            if self.tech_df[t] >= min_careers
            and (hot is None or bool(self.tech_records[t]["hot"]) == hot)
            and (in_demand is None or (self.tech_in_demand[t] > 0) == in_demand)
        ]
        chosen.sort(key=lambda t: (-self.tech_df[t], self.tech_records[t]["name"].casefold()))
        return chosen

    def _technology(self, t: int) -> dict[str, Any]:
        members = self.tech_careers[t]
        chosen = [self.careers[p] for p in members]
        return {
            **self.tech_summary(t),
            "pay": pay_of(chosen, self.top_code),
            "salary_impact": salary_impact(self.careers, set(members)),
            "training": training_of(chosen, self.job_zones),
            "ecosystem": self._ecosystem(members, exclude=t),
            "without_wage": [p for p in members if self.careers[p]["wage"] is None],
            "career_positions": sorted(
                members,
                key=lambda p: (-_in_demand(self.careers[p], t), self.careers[p]["title"]),
            ),
        }

    def _ecosystem(self, members: list[int], exclude: int | None = None) -> list[dict[str, Any]]:
        return [
            {**self.tech_summary(item["index"]), "shared_careers": item["careers"]}
            for item in ecosystem(self.career_techs, members, self.tech_df, exclude)
        ]

    # --- skills -------------------------------------------------------------------------

    def find_skill(self, key: str) -> int | None:
        """A skill by O*NET element id (``2.B.3.e``), slug (``programming``) or name."""
        found = self.skill_by_key.get(key)
        return found if found is not None else self.skill_by_key.get(slugify(key))

    def skill_summary(self, i: int) -> dict[str, Any]:
        """Id, slug and name of skill ``i``."""
        return {**self.skill_list[i], "slug": self.skill_slugs[i]}

    def _skill(self, i: int, min_importance: float = DEFAULT_MIN_IMPORTANCE) -> dict[str, Any]:
        members = [
            p
            for p in sorted(self.rated)
            if self.careers[p]["skills"]["importance"][i] >= min_importance
        ]
        chosen = [self.careers[p] for p in members]
        unrated = [p for p in range(len(self.careers)) if p not in self.rated]
        return {
            **self.skill_summary(i),
            "min_importance": min_importance,
            "count": len(members),
            "level": {
                **(quartiles([c["skills"]["level"][i] for c in chosen]) or {}),
                "method": METHODS["level"],
            },
            "pay": pay_of(chosen, self.top_code),
            "salary_impact": salary_impact(self.careers, set(members), self.rated),
            "training": training_of(chosen, self.job_zones),
            "ecosystem": self._ecosystem(members),
            "unrated": unrated,
            "career_positions": members,
        }

    # --- search -------------------------------------------------------------------------

    def _build_index(self) -> SearchIndex:
        documents: list[list[Title]] = []
        for position, career in enumerate(self.careers):
            titles: list[Title] = [(career["title"], TITLE_WEIGHT)]
            titles += [(title, ALTERNATE_WEIGHT) for title, _ in career["alternate_titles"]]
            titles += [
                (short, ALTERNATE_WEIGHT) for _, short in career["alternate_titles"] if short
            ]
            titles += [
                (self.tech_records[t]["name"], CAREER_TECHNOLOGY_WEIGHT, True)
                for t in self.career_techs[position]
            ]
            documents.append(titles)
            self._documents.append(("career", position))
        most = max(self.tech_df, default=1)
        for t, record in enumerate(self.tech_records):
            # of two equally good names, the one more careers list comes first
            weight = TOPIC_WEIGHT + POPULARITY_WEIGHT * math.log1p(self.tech_df[t]) / math.log1p(
                most
            )
            documents.append([(record["name"], weight, True)])
            self._documents.append(("technology", t))
        for i, skill in enumerate(self.skill_list):
            documents.append([(skill["name"], TOPIC_WEIGHT)])
            self._documents.append(("skill", i))
        for n, entry in enumerate(self.named):
            documents.append([(name, NAMED_WEIGHT) for name in (entry.name, *entry.synonyms)])
            self._documents.append(("named", n))
        return SearchIndex(documents)

    def search(self, query: str, kinds: tuple[str, ...] = KINDS) -> list[SearchResult]:
        """Careers, technologies and skills matching ``query``, best first."""
        results = []
        for hit in self.index.search(query):
            kind, position = self._documents[hit.doc]
            if kind == "named":
                entry = self.named[position]
                if entry.kind in kinds or kinds == KINDS:
                    results.append(
                        SearchResult(entry.kind, entry.key, entry.name, hit.matched, hit.score)
                    )
                continue
            if kind not in kinds:
                continue
            if kind == "career":
                key, title = self.careers[position]["code"], self.careers[position]["title"]
            elif kind == "technology":
                key, title = self.tech_ids[position], self.tech_records[position]["name"]
            else:
                key, title = self.skill_list[position]["id"], self.skill_list[position]["name"]
            results.append(SearchResult(kind, key, title, hit.matched, hit.score))
        if self.named and (kinds == KINDS or any(e.kind in kinds for e in self.named)):
            results = self._with_named_parts(query, results, kinds)
        return results

    def _with_named_parts(
        self, query: str, results: list[SearchResult], kinds: tuple[str, ...]
    ) -> list[SearchResult]:
        """``results`` with each named entry that is part of the query ("ML" in "ML
        engineer") placed after the best results: the careers titled so come first."""
        readings = [query, *filter(None, [expand_query(query)])]
        asked = [set(tokenize(reading)) for reading in readings]
        found = {(r.kind, r.key) for r in results}
        top = results[0].score if results else 0.0
        at = sum(1 for r in results if r.score >= NAMED_PART_SHARE * top)
        for entry in self.named:
            if (entry.kind, entry.key) in found or not (kinds == KINDS or entry.kind in kinds):
                continue
            for name in (entry.name, *entry.synonyms):
                tokens = set(tokenize(name))
                if tokens and any(tokens <= words for words in asked):
                    # scored as the result it goes before, so scores stay in order
                    score = results[min(at, len(results) - 1)].score if results else 0.0
                    results.insert(at, SearchResult(entry.kind, entry.key, entry.name, name, score))
                    at += 1
                    break
        return results


def _in_demand(career: dict[str, Any], t: int) -> int:
    return next((flag for tech, flag in career["technologies"] if tech == t), 0)


# --- documents for the API and the pages --------------------------------------------------


def career_brief(career: dict[str, Any]) -> dict[str, Any]:
    """What a list of careers shows of one: code, title, job zone and BLS median pay."""
    wage = career["wage"]
    return {
        "code": career["code"],
        "title": career["title"],
        "job_zone": career["job_zone"],
        "median_wage": None if wage is None else wage["annual"]["median"],
        "wage_top_coded": wage is not None and "median" in wage["top_coded"],
    }


def page_of(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    """One page of ``items`` with the counts a client needs to ask for the others."""
    start = (page - 1) * per_page
    return {
        "total": len(items),
        "page": page,
        "per_page": per_page,
        "pages": -(-len(items) // per_page),
        "items": items[start : start + per_page],
    }


def technology_document(
    topics: Topics, t: int, page: int = 1, per_page: int = 50
) -> dict[str, Any]:
    """Technology ``t`` with its figures and one page of the careers that list it."""
    found = topics.technology(t)
    careers = [
        {**career_brief(topics.careers[p]), "in_demand": bool(_in_demand(topics.careers[p], t))}
        for p in found["career_positions"]
    ]
    document = {key: value for key, value in found.items() if key != "career_positions"}
    document["without_wage"] = [career_brief(topics.careers[p]) for p in found["without_wage"]]
    return {**document, "career_list": page_of(careers, page, per_page)}


def skill_document(
    topics: Topics,
    i: int,
    min_importance: float = DEFAULT_MIN_IMPORTANCE,
    page: int = 1,
    per_page: int = 50,
) -> dict[str, Any]:
    """Skill ``i`` with its figures and one page of the careers that need it."""
    found = topics.skill(i, min_importance)
    careers = [
        {
            **career_brief(topics.careers[p]),
            "importance": topics.careers[p]["skills"]["importance"][i],
            "level": topics.careers[p]["skills"]["level"][i],
        }
        for p in found["career_positions"]
    ]
    careers.sort(key=lambda item: (-item["importance"], -item["level"], item["code"]))
    document = {key: value for key, value in found.items() if key != "career_positions"}
    document["unrated"] = {
        "count": len(found["unrated"]),
        "careers": [career_brief(topics.careers[p]) for p in found["unrated"]],
    }
    return {**document, "career_list": page_of(careers, page, per_page)}
