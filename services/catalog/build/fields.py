"""Build the field pages' figures from the built catalog, its regional pay and O*NET's education.

A field (``services/catalog/fields.toml``) is a named set of O*NET technologies, skills and
knowledge areas with the rule that decides its careers. ``build_fields`` resolves every field
against the dataset and writes what each page shows: its careers ranked by how central the
field is to them, their pay by level nationally and in each place, the salary impact, the
time to prepare (Job Zones and required education), its tools and related fields.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from services.catalog.build.field_figures import (
    EDUCATION_LEVELS,
    LEVELS,
    education_of,
    place_pay,
    read_education,
)
from services.catalog.build.sources import BuildError
from services.catalog.layout import FIELDS_FORMAT
from services.catalog.serve.figures import ecosystem, pay_of, salary_impact, training_of

DEFINITIONS_FILE = Path(__file__).resolve().parents[1] / "fields.toml"
#: A field must lead to at least this many careers to be published.
MIN_FIELD_CAREERS = 8
#: How many related fields a page names.
RELATED_SIZE = 6


def load_definitions(path: Path = DEFINITIONS_FILE) -> list[dict[str, Any]]:
    """The fields as written in ``fields.toml``, in file order."""
    with path.open("rb") as handle:
        fields: list[dict[str, Any]] = tomllib.load(handle)["field"]
    slugs = [f["slug"] for f in fields]
    if len(set(slugs)) != len(slugs):
        raise BuildError("fields.toml: two fields share a slug")
    return fields


# --- membership ---------------------------------------------------------------------------


class Resolver:
    """Names in the definitions resolved to the dataset's indexes, and the rule applied."""

    def __init__(self, dataset: Mapping[str, Any]) -> None:
        self.careers: list[dict[str, Any]] = dataset["careers"]
        self.tech_names = [t["name"] for t in dataset["technologies"]]
        self.tech_index = {name: i for i, name in enumerate(self.tech_names)}
        self.skill_index = {s["name"]: i for i, s in enumerate(dataset["skills"])}
        self.skill_ids = [s["id"] for s in dataset["skills"]]
        self.knowledge_ids = {k["name"]: k["id"] for k in dataset["knowledge"]}
        self.career_techs = [{t for t, _ in c["technologies"]} for c in self.careers]

    def rule(self, field: Mapping[str, Any]) -> dict[str, Any]:
        """The field's rule with every name checked against the dataset."""
        missing = [name for name in field.get("technologies", []) if name not in self.tech_index]
        missing += [name for name in field.get("skills", {}) if name not in self.skill_index]
        missing += [name for name in field.get("knowledge", {}) if name not in self.knowledge_ids]
        if missing:
            raise BuildError(f"field {field['slug']}: not in the dataset: {missing}")
        return {
            "technologies": list(field.get("technologies", [])),
            "min_technologies": int(field.get("min_technologies", 1)),
            "skills": [
                {"name": name, "id": self.skill_ids[self.skill_index[name]], "min_level": level}
                for name, level in field.get("skills", {}).items()
            ],
            "knowledge": [
                {"name": name, "id": self.knowledge_ids[name], "min_level": level}
                for name, level in field.get("knowledge", {}).items()
            ],
            "match": field.get("match", "any"),
        }

    def scores(self, rule: Mapping[str, Any], position: int) -> tuple[bool, float]:
        """Whether career ``position`` belongs to the field, and how central the field is to it.

        It belongs when it lists at least ``min_technologies`` of the technologies, or meets
        every skill's level, or has every knowledge area among its five most important at
        its level (with ``match = "all"``: and instead of or). Centrality is the mean, over
        the parts the rule has, of the share of the technologies it lists and of its levels
        out of 7 (0 for knowledge not among its five).
        """
        career = self.careers[position]
        parts: list[float] = []
        met: list[bool] = []
        if rule["technologies"]:
            mine = self.career_techs[position]
            listed = sum(1 for n in rule["technologies"] if self.tech_index[n] in mine)
            met.append(listed >= rule["min_technologies"])
            parts.append(listed / len(rule["technologies"]))
        if rule["skills"]:
            levels = [_skill_level(career, self.skill_index[s["name"]]) for s in rule["skills"]]
            met.append(_all_at_least(levels, rule["skills"]))
            parts.append(sum(lv or 0.0 for lv in levels) / (7 * len(levels)))
        if rule["knowledge"]:
            known = {k: lv for k, _, lv in career["knowledge"]}
            levels = [known.get(k["id"]) for k in rule["knowledge"]]
            met.append(_all_at_least(levels, rule["knowledge"]))
            parts.append(sum(lv or 0.0 for lv in levels) / (7 * len(levels)))
        member = all(met) if rule["match"] == "all" else any(met)
        return member, round(sum(parts) / len(parts), 4)

    def judged(self, rule: Mapping[str, Any], position: int) -> bool:
        """Whether O*NET holds every record the rule reads for career ``position``."""
        career = self.careers[position]
        return not (
            (rule["skills"] and career["skills"] is None)
            or (rule["knowledge"] and not career["knowledge"])
        )


def _skill_level(career: Mapping[str, Any], i: int) -> float | None:
    if career["skills"] is None:
        return None
    level: float | None = career["skills"]["level"][i]
    return level


def _all_at_least(levels: Sequence[float | None], wanted: Sequence[Mapping[str, Any]]) -> bool:
    return all(
        lv is not None and lv >= w["min_level"] for lv, w in zip(levels, wanted, strict=True)
    )


# --- a field ------------------------------------------------------------------------------


def field_careers(resolver: Resolver, rule: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The field's careers, most central first (then by title): position, code, centrality."""
    found = []
    for position, career in enumerate(resolver.careers):
        member, centrality = resolver.scores(rule, position)
        if member:
            found.append({"position": position, "code": career["code"], "centrality": centrality})
    found.sort(key=lambda c: (-c["centrality"], resolver.careers[c["position"]]["title"]))
    return found


def tools_of(
    resolver: Resolver, rule: Mapping[str, Any], positions: Sequence[int]
) -> dict[str, Any]:
    """The field's technologies with how many of its careers list each, most first; a field
    defined by skills or knowledge shows the technologies most specific to its careers."""
    if rule["technologies"]:
        counts = Counter(
            name
            for name in rule["technologies"]
            for p in positions
            if resolver.tech_index[name] in resolver.career_techs[p]
        )
        tools = [{"name": n, "careers": counts[n]} for n in rule["technologies"] if counts[n]]
        tools.sort(key=lambda t: (-t["careers"], t["name"].casefold()))
        return {"kind": "defined", "items": tools}
    lists = [sorted(techs) for techs in resolver.career_techs]
    df = [0] * len(resolver.tech_names)
    for techs in lists:
        for t in techs:
            df[t] += 1
    items = [
        {"name": resolver.tech_names[e["index"]], "careers": e["careers"]}
        for e in ecosystem(lists, positions, df)
    ]
    return {"kind": "ecosystem", "items": items}


def field_document(
    resolver: Resolver,
    field: Mapping[str, Any],
    dataset: Mapping[str, Any],
    regional: Mapping[str, Any] | None,
    education: Mapping[str, Sequence[float]],
) -> dict[str, Any]:
    """Everything one field page shows, computed from the dataset."""
    rule = resolver.rule(field)
    members = field_careers(resolver, rule)
    if len(members) < MIN_FIELD_CAREERS:
        raise BuildError(
            f"field {field['slug']}: {len(members)} careers, {MIN_FIELD_CAREERS} needed"
        )
    positions = [m["position"] for m in members]
    chosen = [resolver.careers[p] for p in positions]
    eligible = {p for p in range(len(resolver.careers)) if resolver.judged(rule, p)}
    eligible.update(positions)
    job_zones = {z["zone"]: z for z in dataset["job_zones"]}
    codes = [m["code"] for m in members]
    national = pay_of(chosen, dataset["wage_top_code"], LEVELS)
    return {
        "slug": field["slug"],
        "name": field["name"],
        "synonyms": list(field.get("synonyms", [])),
        "rule": rule,
        "careers": [{"code": m["code"], "centrality": m["centrality"]} for m in members],
        "pay": {key: value for key, value in national.items() if key != "method"},
        "place_pay": {} if regional is None else place_pay(regional, codes),
        "salary_impact": {
            key: value
            for key, value in salary_impact(resolver.careers, set(positions), eligible).items()
            if key != "method"
        },
        "training": training_of(chosen, job_zones),
        "education": education_of(codes, education),
        "tools": tools_of(resolver, rule, positions),
        "unjudged": len(resolver.careers) - len(eligible),
    }


def related_fields(fields: Sequence[dict[str, Any]]) -> None:
    """Give each field the fields sharing most careers with it (then most tools)."""
    careers = [{c["code"] for c in f["careers"]} for f in fields]
    tools = [{t["name"] for t in f["tools"]["items"]} for f in fields]
    for i, field in enumerate(fields):
        shared = [
            (len(careers[i] & careers[j]), len(tools[i] & tools[j]), j)
            for j in range(len(fields))
            if j != i and (careers[i] & careers[j] or tools[i] & tools[j])
        ]
        shared.sort(key=lambda s: (-s[0], -s[1], fields[s[2]]["name"]))
        field["related"] = [
            {"slug": fields[j]["slug"], "shared_careers": c, "shared_tools": t}
            for c, t, j in shared[:RELATED_SIZE]
        ]


def build_fields(
    dataset: Mapping[str, Any],
    regional: Mapping[str, Any] | None,
    onet_dir: Path,
    definitions: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The ``fields.json`` document: every field of ``fields.toml`` with its page's figures."""
    resolver = Resolver(dataset)
    education = read_education(onet_dir)
    fields = [
        field_document(resolver, field, dataset, regional, education)
        for field in (load_definitions() if definitions is None else definitions)
    ]
    related_fields(fields)
    return {
        "format": FIELDS_FORMAT,
        "onet_version": dataset["onet_version"],
        "oews_version": dataset["oews_version"],
        "min_careers": MIN_FIELD_CAREERS,
        "education_levels": list(EDUCATION_LEVELS),
        "fields": fields,
    }


def dumps_fields(document: Mapping[str, Any]) -> bytes:
    """Stable JSON with one field per line, so that a rebuild diffs by field."""
    head = {key: value for key, value in document.items() if key != "fields"}
    compact = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    lines = [json.dumps(f, **compact) for f in document["fields"]]  # type: ignore[arg-type]
    body = json.dumps(head, **compact)[:-1]  # type: ignore[arg-type]
    return (body + ',"fields":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")
