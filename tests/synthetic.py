"""Small synthetic quizzes and catalogs for the unit and property tests of the matching model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from services.matcher.catalog_arrays import CatalogArrays, catalog_arrays
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES

SKILLS = [
    ("2.A.1.a", "Reading Comprehension"),
    ("2.A.1.e", "Mathematics"),
    ("2.A.1.f", "Science"),
    ("2.B.3.l", "Repairing"),
    ("2.B.1.a", "Social Perceptiveness"),
]
SKILL_IDS = [s for s, _ in SKILLS]
TECHS = [("Excel", True), ("Python", True), ("AutoCAD", False), ("SAP", False), ("Vim", False)]
FULL_WEIGHTS = {"interests": 0.55, "values": 0.15, "skills": 0.3}

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def quiz_items(
    per_area: int = 10, values: bool = True, skills: bool = True, preferences: bool = True
) -> list[dict[str, Any]]:
    """ScoringItem dicts (shared.contract) shaped like the full quiz (or a shorter one)."""
    items = [
        {"id": f"int_{a}{k}", "kind": "interest", "target": a, "min": 0, "max": 4}
        for a in INTEREST_AREAS
        for k in range(per_area)
    ]
    if values:
        items += [
            {"id": f"val_{k}", "kind": "value", "target": v, "min": 0, "max": 4}
            for k, v in enumerate(WORK_VALUES)
        ]
    if skills:
        items += [
            {"id": f"skl_{s}", "kind": "skill", "target": s, "min": 0, "max": 4}
            for s in SKILL_IDS[:4]
        ]
    if preferences:
        items += [
            {
                "id": "max_job_zone",
                "kind": "preference",
                "target": "max_job_zone",
                "min": 1,
                "max": 5,
            },
            {
                "id": "min_annual_wage",
                "kind": "preference",
                "target": "min_annual_wage",
                "min": 0,
                "max": 300000,
            },
        ]
    return items


def answers_for(
    items: list[dict[str, Any]],
    areas: dict[str, list[int]] | None = None,
    values: list[int] | None = None,
    skills: list[int] | None = None,
    **prefs: float,
) -> dict[str, float]:
    """Answers: per-area item answers (cycled), value answers, skill answers, preferences."""
    out: dict[str, float] = {}
    counters: dict[str, int] = {}
    for item in items:
        kind, target = item["kind"], item["target"]
        if kind == "interest":
            k = counters.get(target, 0)
            counters[target] = k + 1
            given_ = (areas or {}).get(target, [2])
            out[item["id"]] = given_[k % len(given_)]
        elif kind == "value":
            out[item["id"]] = (values or [2] * 6)[WORK_VALUES.index(target)]
        elif kind == "skill":
            out[item["id"]] = (skills or [2] * 4)[SKILL_IDS.index(target)]
    out.update(prefs)
    return out


def snapshot(careers: list[dict[str, Any]]) -> dict[str, Any]:
    """A snapshot document (shared.contract format) from per-career dicts with defaults."""
    defaults: dict[str, Any] = {
        "job_zone": 3,
        "median_wage": 50000,
        "wage_top_coded": False,
        "high_point": "",
        "values": [4.0] * 6,
        "skill_level": [3.0] * 5,
        "skill_importance": [3.0] * 5,
        "technologies": [],
    }
    rows = [{**defaults, "title": f"Career {c['code']}", **c} for c in careers]
    keys = [
        "code",
        "title",
        "job_zone",
        "median_wage",
        "wage_top_coded",
        "interests",
        "high_point",
        "values",
        "skill_level",
        "skill_importance",
        "technologies",
    ]
    return {
        "version": "test-1",
        "interest_areas": list(INTEREST_AREAS),
        "work_values": [
            {"id": f"1.B.2.{x}", "name": n} for x, n in zip("abcdef", WORK_VALUES, strict=True)
        ],
        "skills": [{"id": s, "name": n} for s, n in SKILLS],
        "technologies": [{"name": n, "hot": h} for n, h in TECHS],
        "careers": {k: [r[k] for r in rows] for k in keys},
    }


def local_pay_catalog(
    careers: Mapping[str, list[Any]], regional: Mapping[str, Any]
) -> CatalogArrays:
    """A catalog of a few careers for the local pay tests: the columns of ``careers`` (code,
    title, job zone, median pay) over careers alike in all else (the same interests, no
    values, skills or technologies), with the ``regional`` pay figures."""
    n = len(careers["code"])
    alike: dict[str, list[Any]] = {
        "wage_top_coded": [False] * n,
        "interests": [[1, 2, 3, 4, 5, 6]] * n,
        "high_point": ["C"] * n,
        "values": [None] * n,
        "skill_level": [None] * n,
        "skill_importance": [None] * n,
        "technologies": [[]] * n,
    }
    snapshot: dict[str, Any] = {
        "version": "test",
        "interest_areas": list(INTEREST_AREAS),
        "work_values": [{"id": f"v{i}", "name": name} for i, name in enumerate(WORK_VALUES)],
        "skills": [{"id": "2.A.1.a", "name": "Reading Comprehension"}],
        "technologies": [],
        "careers": {**careers, **alike},
        "regional": dict(regional),
    }
    return catalog_arrays(snapshot)


def code(i: int) -> str:
    return f"{11 + i // 100:02d}-{1000 + i % 100:04d}.00"


levels_1_7 = st.floats(1.0, 7.0).map(lambda x: round(x, 2))


@st.composite
def catalogs(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> dict[str, Any]:
    n = draw(st.integers(min_size, max_size))
    careers = []
    for i in range(n):
        interests = draw(st.lists(levels_1_7, min_size=6, max_size=6))
        values = draw(st.none() | st.lists(levels_1_7, min_size=6, max_size=6))
        skills = draw(
            st.none() | st.lists(st.floats(0, 7).map(lambda x: round(x, 2)), min_size=5, max_size=5)
        )
        top_coded = draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else False
        careers.append(
            {
                "code": code(i),
                "interests": interests,
                "job_zone": draw(st.none() | st.integers(1, 5)),
                "median_wage": None if top_coded else draw(st.none() | st.integers(20000, 200000)),
                "wage_top_coded": top_coded,
                "values": values,
                "skill_level": skills,
                "skill_importance": None
                if skills is None
                else draw(
                    st.lists(st.floats(1, 5).map(lambda x: round(x, 2)), min_size=5, max_size=5)
                ),
                "technologies": sorted(
                    [t, int(draw(st.booleans()))]
                    for t in draw(st.sets(st.integers(0, len(TECHS) - 1), max_size=3))
                ),
            }
        )
    if draw(st.booleans()) and n > 1:  # a duplicate under another code: an exact tie
        careers.append({**careers[0], "code": code(n)})
    return snapshot(careers)
