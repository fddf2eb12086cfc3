"""The catalog snapshot as arrays: what the matcher scores against, made once per snapshot.

Row ``i`` of every array is the same career; unknown numbers are NaN.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from shared.contract.onet import INTEREST_AREAS, WORK_VALUES
from shared.pay import HOURS_PER_YEAR

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

#: BLS top-codes annual wages at this figure ("#" in OEWS): the median is at least this.
TOP_CODED_WAGE = 239200.0


@dataclass(frozen=True, eq=False)
class CatalogArrays:
    """The snapshot's careers as arrays; row ``i`` of every array is the same career.

    Unknown numbers are NaN (a whole row for a career without values or skills).
    ``values`` columns follow ``shared.contract.WORK_VALUES``; ``skill_*`` columns follow
    ``skill_ids``. ``code_rank`` is each career's position in code order, the last
    tie-break. ``tech_careers`` is, per technology, how many careers list it.
    ``wage_soc``/``wage_title``/``wage_scope`` say whose wage ``median_wage`` is (see
    ``shared.contract.PAY_SCOPES``; empty strings when the snapshot does not say).
    """

    version: str
    codes: tuple[str, ...]
    titles: tuple[str, ...]
    job_zone: FloatArray
    median_wage: FloatArray
    wage_top_coded: BoolArray
    interests: FloatArray
    high_point: tuple[str, ...]
    values: FloatArray
    skill_ids: tuple[str, ...]
    skill_names: tuple[str, ...]
    skill_level: FloatArray
    skill_importance: FloatArray
    tech_names: tuple[str, ...]
    tech_hot: BoolArray
    career_techs: tuple[tuple[tuple[int, bool], ...], ...]
    tech_careers: FloatArray
    code_rank: IntArray
    wage_soc: tuple[str, ...] = ()
    wage_title: tuple[str, ...] = ()
    wage_scope: tuple[str, ...] = ()
    skill_columns: Mapping[str, int] = field(default_factory=dict)
    career_tech_sets: tuple[frozenset[int], ...] = ()
    #: Per region code (``US-CA``, ``CA`` for Canada-wide, ``CA-ON``): each career's median
    #: in that place's currency and unit (annual USD, hourly CAD); NaN where none.
    regional_median: Mapping[str, FloatArray] = field(default_factory=dict)
    regional_version: str = ""
    #: Per career row, the UK SOC 2020 group ``(code, title)`` its ``GB`` median is of;
    #: ``None`` without a confident UK figure.
    uk_group: tuple[tuple[str, str] | None, ...] = ()
    #: What the medians say (``shared.pay``): the hourly US$ median of careers BLS publishes
    #: only per hour, nationally and per US state (NaN elsewhere), and per US state whether
    #: a missing median is top-coded; ``wage_check`` is the yearly US$ figure a minimum is
    #: checked against: the median, the top code, or an hourly-only annual equivalent
    #: (NaN: nothing to check against).
    wage_hourly_median: FloatArray = field(default_factory=lambda: np.zeros(0))
    regional_hourly: Mapping[str, FloatArray] = field(default_factory=dict)
    regional_top_coded: Mapping[str, BoolArray] = field(default_factory=dict)
    wage_check: FloatArray = field(default_factory=lambda: np.zeros(0))
    #: ``career_techs`` as arrays: per career row, its technologies and in-demand flags.
    career_tech_ids: tuple[IntArray, ...] = ()
    career_tech_demand: tuple[BoolArray, ...] = ()
    #: What scoring needs of the catalog alone: the interest rows centred on their means
    #: and their sums of squares (``row_correlation``); each career's job zone group, 0 for
    #: the lowest zone up, the unknown zone being one group before them (``fit_labels``).
    interests_centered: FloatArray = field(default_factory=lambda: np.zeros((0, 6)))
    interests_squares: FloatArray = field(default_factory=lambda: np.zeros(0))
    zone_group: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    #: ``values`` (EX 1-7) mapped onto 0-1, as ``values_component`` compares them.
    values_offered: FloatArray = field(default_factory=lambda: np.zeros((0, 6)))

    def __len__(self) -> int:
        return len(self.codes)


def _matrix(rows: Sequence[Sequence[float] | None], width: int) -> FloatArray:
    out = np.full((len(rows), width), np.nan, dtype=np.float64)
    for i, row in enumerate(rows):
        if row is not None:
            out[i] = [np.nan if x is None else float(x) for x in row]
    return out


def _vector(items: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if x is None else float(x) for x in items], dtype=np.float64)


def _median_wages(careers: Mapping[str, Any], n: int) -> tuple[FloatArray, BoolArray]:
    """Each career's median wage (NaN when unknown) and whether it is top-coded."""
    median_wage = _vector(careers["median_wage"])
    top_coded = np.array([bool(x) for x in careers.get("wage_top_coded", [False] * n)], dtype=bool)
    # A top-coded median is at least the cap: count it at the cap wherever a figure is needed.
    median_wage = np.where(top_coded & np.isnan(median_wage), TOP_CODED_WAGE, median_wage)
    return median_wage, top_coded


def _pay_readings(snapshot: Mapping[str, Any], median_wage: FloatArray, n: int) -> dict[str, Any]:
    """The ``CatalogArrays`` fields that say what each median is (``shared.pay``)."""
    careers, regional = snapshot["careers"], snapshot.get("regional", {})
    hourly = _vector(careers.get("wage_hourly_median", [None] * n))
    regional_hourly: dict[str, FloatArray] = {}
    for region, pairs in regional.get("hourly_only", {}).items():
        column = np.full(n, np.nan)
        for row, value in pairs:
            column[int(row)] = float(value)
        regional_hourly[str(region)] = column
    regional_top: dict[str, BoolArray] = {}
    for region, rows in regional.get("top_coded", {}).items():
        marked = np.zeros(n, dtype=bool)
        marked[np.asarray(rows, dtype=np.intp)] = True
        regional_top[str(region)] = marked
    return {
        "wage_hourly_median": hourly,
        "regional_hourly": regional_hourly,
        "regional_top_coded": regional_top,
        "wage_check": np.where(np.isnan(median_wage), hourly * HOURS_PER_YEAR, median_wage),
    }


def _career_technologies(
    careers: Mapping[str, Any], tech_count: int, n: int
) -> tuple[tuple[tuple[tuple[int, bool], ...], ...], FloatArray]:
    """Each career's (technology, in demand) pairs, and per technology how many list it."""
    career_techs = tuple(
        tuple((int(t), bool(d)) for t, d in row) for row in careers.get("technologies", [[]] * n)
    )
    tech_careers = np.zeros(tech_count, dtype=np.float64)
    for row in career_techs:
        for t, _ in row:
            tech_careers[t] += 1
    return career_techs, tech_careers


def catalog_arrays(snapshot: Mapping[str, Any]) -> CatalogArrays:
    """Load a catalog snapshot document into arrays (NaN for nulls); build once, score often."""
    careers = snapshot["careers"]
    codes = tuple(str(c) for c in careers["code"])
    n = len(codes)
    areas = list(snapshot.get("interest_areas", INTEREST_AREAS))
    interests = _matrix(careers["interests"], len(areas))[
        :, [areas.index(a) for a in INTEREST_AREAS]
    ]
    value_names = [str(v["name"]) for v in snapshot["work_values"]]
    values = _matrix(careers["values"], len(value_names))[
        :, [value_names.index(name) for name in WORK_VALUES]
    ]
    skill_ids = tuple(str(s["id"]) for s in snapshot["skills"])
    median_wage, top_coded = _median_wages(careers, n)
    techs = snapshot.get("technologies", [])
    career_techs, tech_careers = _career_technologies(careers, len(techs), n)
    centered = interests - interests.mean(axis=1, keepdims=True)
    job_zone = _vector(careers["job_zone"])
    zone = np.where(np.isnan(job_zone), -1.0, job_zone)
    code_rank = np.empty(n, dtype=np.intp)
    code_rank[np.argsort(np.array(codes, dtype=str), kind="stable")] = np.arange(n)
    return CatalogArrays(
        version=str(snapshot["version"]),
        codes=codes,
        titles=tuple(str(t) for t in careers["title"]),
        job_zone=job_zone,
        median_wage=median_wage,
        wage_top_coded=top_coded,
        interests=interests,
        high_point=tuple(str(h or "") for h in careers.get("high_point", [""] * n)),
        values=values,
        skill_ids=skill_ids,
        skill_names=tuple(str(s["name"]) for s in snapshot["skills"]),
        skill_level=_matrix(careers["skill_level"], len(skill_ids)),
        skill_importance=_matrix(careers["skill_importance"], len(skill_ids)),
        tech_names=tuple(str(t["name"]) for t in techs),
        tech_hot=np.array([bool(t.get("hot", False)) for t in techs], dtype=bool),
        career_techs=career_techs,
        tech_careers=tech_careers,
        code_rank=code_rank,
        wage_soc=tuple(str(x or "") for x in careers.get("wage_soc", [""] * n)),
        wage_title=tuple(str(x or "") for x in careers.get("wage_title", [""] * n)),
        wage_scope=tuple(str(x or "") for x in careers.get("wage_scope", [""] * n)),
        skill_columns={skill: i for i, skill in enumerate(skill_ids)},
        career_tech_sets=tuple(frozenset(t for t, _ in row) for row in career_techs),
        regional_median={
            str(region): _vector(column)
            for region, column in snapshot.get("regional", {}).get("median", {}).items()
        },
        regional_version=str(snapshot.get("regional", {}).get("version", "")),
        uk_group=tuple(
            None if g is None else (str(g[0]), str(g[1]))
            for g in snapshot.get("regional", {}).get("uk_group", [None] * n)
        ),
        **_pay_readings(snapshot, median_wage, n),
        values_offered=(values - 1.0) / 6.0,
        interests_centered=centered,
        interests_squares=(centered * centered).sum(axis=1),
        zone_group=np.unique(zone, return_inverse=True)[1].astype(np.intp),
        career_tech_ids=tuple(np.array([t for t, _ in row], dtype=np.intp) for row in career_techs),
        career_tech_demand=tuple(np.array([d for _, d in row], dtype=bool) for row in career_techs),
    )
