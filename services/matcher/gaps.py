"""A match's skill gaps: where the career needs more of a skill than the person rated.

Read once per result (``RatedSkills``), computed for every shown career with arrays
(``career_gaps``), and worded with the labels of the person's own answer scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from services.matcher import explain
from services.matcher.catalog_arrays import CatalogArrays
from services.matcher.profile import Profile, label_index
from services.matcher.scoring import rated_skills
from shared.contract import result as contract

SKILL_GAPS_SHOWN = 5


@dataclass(frozen=True, eq=False)
class RatedSkills:
    """The skills a person rated, as the catalog's columns, read once per result.

    ``levels``: self-rated LV 0-7; ``said``: index of the label picked (-1 when the quiz
    sent no labels); ``labels``: each item's labels (empty when none); ``label_groups``:
    per number of labels, the mask of the columns whose item has that many.
    """

    columns: npt.NDArray[np.intp]
    levels: npt.NDArray[np.float64]
    said: npt.NDArray[np.intp]
    labels: tuple[tuple[str, ...], ...]
    label_groups: tuple[tuple[int, npt.NDArray[np.bool_]], ...] = ()

    @classmethod
    def of(cls, profile: Profile, catalog: CatalogArrays) -> RatedSkills:
        columns, levels = rated_skills(profile, catalog)
        ids = [catalog.skill_ids[c] for c in columns.tolist()]
        labels = tuple(tuple(profile.skill_labels.get(s, ())) for s in ids)
        said = [
            min(len(lab) - 1, max(0, int(round(profile.skill_answers[s]))))
            if lab and s in profile.skill_answers
            else -1
            for s, lab in zip(ids, labels, strict=True)
        ]
        groups = tuple(
            (count, np.array([len(lab) == count for lab in labels], dtype=bool))
            for count in sorted({len(lab) for lab in labels if lab})
        )
        return cls(columns, levels, np.array(said, dtype=np.intp), labels, groups)


@dataclass(frozen=True, eq=False)
class CareerGaps:
    """A career's skill gaps: how many there are, and the first ``shown`` of them."""

    count: int
    shown: list[contract.SkillGap]


def career_gaps(
    catalog: CatalogArrays,
    rows: Sequence[int],
    rated: RatedSkills,
    shown: int | None = SKILL_GAPS_SHOWN,
) -> list[CareerGaps]:
    """The shortfalls of careers ``rows`` on the rated skills, largest importance-weighted
    first (ties: column order), all careers at once; documents for the first ``shown``.

    When the quiz sent the item's labels, a shortfall counts only when the level the career
    needs reads as a higher label than the one the person picked, so every gap can be said
    on the person's own scale. A career missing any of the levels has no gaps.
    """
    if rated.columns.size == 0 or not rows:
        return [CareerGaps(0, []) for _ in rows]
    return _gap_documents(catalog, rated, _GapArrays.of(catalog, rows, rated), shown)


@dataclass(frozen=True, eq=False)
class _GapArrays:
    """The gaps of some careers on the rated skills: one row per career, one column per
    rated skill, and ``k``, the column of every gap, best first within each career (the
    careers' gaps one after another, ``counts`` of them each)."""

    need: npt.NDArray[np.float64]
    importance: npt.NDArray[np.float64]
    shortfall: npt.NDArray[np.float64]
    required: npt.NDArray[np.intp]
    k: npt.NDArray[np.intp]
    counts: list[int]

    @classmethod
    def of(cls, catalog: CatalogArrays, rows: Sequence[int], rated: RatedSkills) -> _GapArrays:
        columns = rated.columns
        at = np.ix_(np.asarray(rows, dtype=np.intp), columns)
        need = catalog.skill_level[at]
        importance = catalog.skill_importance[at]
        required = np.full(need.shape, -1, dtype=np.intp)
        for count, same in rated.label_groups:
            required[:, same] = label_index(need[:, same], count)
        shortfall = need - rated.levels
        is_gap = np.where(rated.said >= 0, required > rated.said, shortfall > 0)
        is_gap[np.isnan(need).any(axis=1)] = False
        row, k = np.nonzero(is_gap)
        # best first within each career: the largest importance-weighted shortfall, then column
        order = np.lexsort((columns[k], -(shortfall[row, k] * importance[row, k]), row))
        counts: list[int] = np.bincount(row, minlength=len(rows)).tolist()
        return cls(need, importance, shortfall, required, k[order], counts)


def _gap_documents(
    catalog: CatalogArrays, rated: RatedSkills, found: _GapArrays, shown: int | None
) -> list[CareerGaps]:
    """Each career's gap count and the documents of its first ``shown`` gaps."""
    starts = np.concatenate(([0], np.cumsum(found.counts))).tolist()
    # rounded for the document as whole arrays, not one figure at a time
    need_l: list[list[float]] = np.round(found.need, 2).tolist()
    short_l: list[list[float]] = np.round(found.shortfall, 2).tolist()
    imp_l: list[list[float]] = np.round(found.importance, 2).tolist()
    required_l = cast(list[list[int]], found.required.tolist())
    k_l: list[int] = found.k.tolist()
    skill = _rated_skill_facts(catalog, rated)
    # a gap's sentence depends on the skill and the level (or label) needed alone: careers
    # that need the same of the same skill share it
    texts: dict[tuple[int, float | str], str] = {}
    out = []
    for r, count in enumerate(found.counts):
        gaps = []
        stop = starts[r] + (count if shown is None else min(count, shown))
        for j in k_l[starts[r] : stop]:
            skill_id, name, your_level, your_label = skill[j]
            required_level = need_l[r][j]
            required_label = None if your_label is None else rated.labels[j][required_l[r][j]]
            gap: contract.SkillGap = {
                "id": skill_id,
                "name": name,
                "required_level": required_level,
                "your_level": your_level,
                "importance": imp_l[r][j],
                "gap": short_l[r][j],
                "your_label": your_label,
                "required_label": required_label,
            }
            # the same choice as explain.gap_text: on the labels when both are said
            said = (j, required_label if your_label and required_label else required_level)
            text = texts.get(said)
            if text is None:
                text = texts[said] = explain.gap_text(gap)
            gap["text"] = text
            gaps.append(gap)
        out.append(CareerGaps(count, gaps))
    return out


def _rated_skill_facts(
    catalog: CatalogArrays, rated: RatedSkills
) -> list[tuple[str, str, float, str | None]]:
    """Per rated skill, what its gaps say of it alone: id, name, the person's level and
    label (None when the quiz sent no labels); made once per skill, not once per gap."""
    said_l = rated.said.tolist()
    return [
        (
            catalog.skill_ids[column],
            catalog.skill_names[column],
            round(level, 2),
            rated.labels[j][said_l[j]] if said_l[j] >= 0 else None,
        )
        for j, (column, level) in enumerate(
            zip(rated.columns.tolist(), rated.levels.tolist(), strict=True)
        )
    ]


def skill_gaps(
    profile: Profile, catalog: CatalogArrays, i: int, rated: RatedSkills | None = None
) -> list[contract.SkillGap]:
    """Every skill gap of career ``i`` (``career_gaps``), largest importance-weighted first."""
    rated = rated or RatedSkills.of(profile, catalog)
    return career_gaps(catalog, [i], rated, shown=None)[0].shown
