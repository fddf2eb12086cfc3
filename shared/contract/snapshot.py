"""The catalog snapshot (``GET /v1/catalog/snapshot``): what the matcher scores against.

Columnar, so that it loads straight into arrays: row ``i`` of every list under ``careers``
(and under ``regional.median``) is the same career, ordered by code. The catalog builds it
to :class:`Snapshot` and publishes that type's JSON Schema in its OpenAPI document; the
matcher reads it with :func:`decode_snapshot`, which also checks what a type cannot say
(:func:`check_columns`).
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Annotated, Literal, NotRequired, TypedDict, cast

import msgspec

from shared.contract import codec
from shared.contract.onet import Area
from shared.contract.result import PayScope

#: A career's Occupational Interest (OI) rating.
Interest = Annotated[float, msgspec.Meta(ge=1, le=7)]
#: A Work Values extent (EX).
Extent = Annotated[float, msgspec.Meta(ge=1, le=7)]
#: A skill's level (LV) and importance (IM).
SkillLevel = Annotated[float, msgspec.Meta(ge=0, le=7)]
SkillImportance = Annotated[float, msgspec.Meta(ge=1, le=5)]
JobZone = Annotated[int, msgspec.Meta(ge=1, le=5)]
Dollars = Annotated[int, msgspec.Meta(ge=0)]
#: The first to third letters of a career's high-point code ("" when it has none).
HighPoint = Annotated[str, msgspec.Meta(pattern="^[RIASEC]{0,3}$")]
#: Six interest ratings in ``interest_areas`` order.
Interests = Annotated[list[Interest], msgspec.Meta(min_length=6, max_length=6)]
#: Six extents in ``work_values`` order.
Extents = Annotated[list[Extent], msgspec.Meta(min_length=6, max_length=6)]
#: ``[index into technologies, 1 if in demand for this career else 0]``.
CareerTechnology = tuple[Annotated[int, msgspec.Meta(ge=0)], Literal[0, 1]]


class SnapshotElement(TypedDict):
    """A Content Model element (work value, skill): its O*NET id and name."""

    id: str
    name: str


class SnapshotTechnology(TypedDict):
    """A technology by name, and whether O*NET marks it hot."""

    name: str
    hot: bool


class SnapshotCareers(TypedDict):
    """One column per feature; row ``i`` of every column is career ``i``."""

    code: list[str]
    title: list[str]
    job_zone: list[JobZone | None]
    median_wage: Annotated[
        list[Dollars | None], msgspec.Meta(description="Annual US$; null when BLS has none.")
    ]
    wage_top_coded: Annotated[
        list[bool],
        msgspec.Meta(description="True: BLS '#', the median is at least the top code, 239200."),
    ]
    wage_soc: Annotated[
        list[str | None], msgspec.Meta(description="The OEWS SOC code of the wage, or null.")
    ]
    wage_title: Annotated[
        list[str | None], msgspec.Meta(description="The OEWS title of that code, or null.")
    ]
    wage_scope: Annotated[
        list[PayScope | None],
        msgspec.Meta(description="Whose wage it is: own, group or broad; null without one."),
    ]
    wage_hourly_median: NotRequired[
        Annotated[
            list[Annotated[float, msgspec.Meta(ge=0)] | None],
            msgspec.Meta(
                description="Hourly US$ median where BLS publishes only an hourly one (the "
                "annual median is null and not top-coded); null otherwise."
            ),
        ]
    ]
    interests: list[Interests]
    high_point: list[HighPoint]
    values: list[Extents | None]
    #: One row of ``len(skills)`` figures per career, in ``skills`` order.
    skill_level: list[list[SkillLevel] | None]
    skill_importance: list[list[SkillImportance] | None]
    technologies: list[list[CareerTechnology]]


class SnapshotRegional(TypedDict):
    """Each career's median pay in every region of ``shared.regions.REGIONS``."""

    version: Annotated[str, msgspec.Meta(description="12 hex of regional.json's SHA-256.")]
    hours_per_year: Annotated[
        int, msgspec.Meta(gt=0, description="Hours a year assumed for a yearly CAD estimate.")
    ]
    median: Annotated[
        dict[str, list[Annotated[float, msgspec.Meta(ge=0)] | None]],
        msgspec.Meta(
            description="Region code -> one median per career, in careers row order: annual "
            "US$ for a US state (BLS OEWS May 2024; null: see hourly_only and top_coded, else not "
            "published), "
            "hourly CAD for CA (Job Bank 2024, Canada-wide) and each province or territory; "
            "annual GBP for GB (ONS ASHE 2024 provisional, full-time; null: no confident UK "
            "figure)."
        ),
    ]
    hourly_only: NotRequired[
        Annotated[
            dict[str, list[tuple[Annotated[int, msgspec.Meta(ge=0)], float]]],
            msgspec.Meta(
                description="US state code -> [career row, hourly US$ median] of the careers "
                "whose state median BLS publishes only per hour (their median is null)."
            ),
        ]
    ]
    top_coded: NotRequired[
        Annotated[
            dict[str, list[Annotated[int, msgspec.Meta(ge=0)]]],
            msgspec.Meta(
                description="US state code -> career rows whose state median is null because "
                "it is at least 239200 (the same SOC's national median is top-coded); any "
                "other null median is not published."
            ),
        ]
    ]
    uk_group: NotRequired[
        Annotated[
            list[tuple[str, str] | None],
            msgspec.Meta(
                description="Per career, in careers row order: the UK SOC 2020 unit group "
                "[code, title] its GB median is of; null when it has no confident UK figure."
            ),
        ]
    ]


class Snapshot(TypedDict):
    """The catalog snapshot: every career's scoring features, columnar."""

    version: Annotated[
        str, msgspec.Meta(description="<O*NET version>-<OEWS version>-<12 hex of a sha256>.")
    ]
    interest_areas: Annotated[list[Area], msgspec.Meta(min_length=6, max_length=6)]
    #: In O*NET order.
    work_values: Annotated[list[SnapshotElement], msgspec.Meta(min_length=6, max_length=6)]
    #: In O*NET order.
    skills: list[SnapshotElement]
    #: Sorted by name.
    technologies: list[SnapshotTechnology]
    careers: SnapshotCareers
    #: Absent when the regional pay file was not built.
    regional: NotRequired[SnapshotRegional]


_snapshot_decoder = codec.decoder(Snapshot)


def check_columns(snapshot: Snapshot) -> None:
    """Raise ``ContractError`` unless the columns line up, which the type cannot say: at
    least one career, every ``careers`` and ``regional.median`` column one row per career,
    every skill row one figure per skill, and every technology index in ``technologies``."""
    careers = snapshot["careers"]
    count = len(careers["code"])
    if count == 0:
        raise codec.ContractError("no careers: $.careers.code is empty")
    columns: list[tuple[str, Sized]] = [
        (f"careers.{name}", cast(Sized, column)) for name, column in careers.items()
    ]
    if "regional" in snapshot:
        columns += [
            (f"regional.median.{region}", column)
            for region, column in snapshot["regional"]["median"].items()
        ]
    for name, column in columns:
        if len(column) != count:
            raise codec.ContractError(f"$.{name} has {len(column)} rows, not {count}")
    if "regional" in snapshot:
        regional = snapshot["regional"]
        listed = [r for pairs in regional.get("hourly_only", {}).values() for r, _ in pairs]
        listed += [r for marked in regional.get("top_coded", {}).values() for r in marked]
        if any(r >= count for r in listed):
            raise codec.ContractError(f"$.regional names a career row past {count}")
    skills = len(snapshot["skills"])
    skill_columns = {
        "skill_level": careers["skill_level"],
        "skill_importance": careers["skill_importance"],
    }
    for name, rows in skill_columns.items():
        if any(row is not None and len(row) != skills for row in rows):
            raise codec.ContractError(f"a row of $.careers.{name} is not {skills} long")
    technologies = len(snapshot["technologies"])
    if any(t >= technologies for row in careers["technologies"] for t, _ in row):
        raise codec.ContractError(f"$.careers.technologies names a technology past {technologies}")


def decode_snapshot(raw: str | bytes) -> Snapshot:
    """The matcher's read boundary: a snapshot body, checked against the type and its columns.

    ``ContractError`` off the contract, ``Unreadable`` not JSON. Fields the contract does not
    name are dropped, so that a catalog newer than the matcher can add one.
    """
    snapshot: Snapshot = codec.decode(_snapshot_decoder, raw)
    check_columns(snapshot)
    return snapshot
