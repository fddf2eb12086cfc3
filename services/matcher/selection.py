"""What a result suggests and names beside its matches, picked by index from the arrays:
technologies worth learning, the O*NET skills that set the top careers apart, and careers
the person's limits leave out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from services.matcher.catalog_arrays import CatalogArrays, FloatArray, IntArray
from services.matcher.ranking import RANK_DECIMALS
from services.matcher.scoring import Scores

#: Suggested skills compare the person's top this-many careers (within their limits) with
#: every career in the catalog.
SUGGESTED_FROM_TOP = 10

SUGGESTED_SHOWN = 10

#: A technology is suggested only when at least this many of the top careers use it ...
SUGGESTED_MIN_SUPPORT = 3

#: ... and it is at least this many times as common among them as among all careers
#: (a technology 70% of all careers list can then never be suggested: it is not specific).
SUGGESTED_MIN_LIFT = 1.5

#: Fewer technologies than this pass (they do not set the top careers apart): the O*NET
#: skills that do are suggested too (``separating_skills``), at most this many of them ...
SUGGESTED_MIN_SHOWN = 3

SEPARATING_SKILLS_SHOWN = 5

#: ... those the top careers lean on (level minus the career's mean level, LV 0-7) at least
#: this much more than other careers do: a quarter of the step between two level anchors.
SEPARATING_MIN_LEAN = 0.5

#: How many careers outside the person's limits are named as what the limits cost.
BEYOND_LIMITS_SHOWN = 3

#: ... out of those that would rank within the top this-many without the limits.
BEYOND_LIMITS_FROM_TOP = 10


def suggested_technologies(
    catalog: CatalogArrays, top: Sequence[int]
) -> list[tuple[int, int, float, bool]]:
    """Technologies specific to the careers ``top`` (rows): ``(tech, count, weight, in_demand)``.

    A technology listed by ``a`` of the ``k`` top careers and ``N`` of all ``n`` careers has
    the lift ``(a / k) / (N / n)``: how many times more common it is among the top careers.
    Kept only with ``a >= SUGGESTED_MIN_SUPPORT`` (support floor) and a lift of at least
    ``SUGGESTED_MIN_LIFT`` (so one that nearly every career lists shows only when it is
    distinctive: at 70% of all careers the lift can never reach 1.5). Ranked by the
    support-weighted log lift ``(a / k) * ln(lift)`` (this technology's term of the
    Kullback-Leibler divergence of the top careers' use from the catalog's), so a tool most
    of the top careers use ranks above a niche one two of them list; raw frequency alone
    never ranks. Ties (rounded to 6 decimals): in demand for a top career, hot, name.
    """
    k, n = len(top), len(catalog)
    if k == 0 or n == 0:
        return []
    listed = np.concatenate([catalog.career_tech_ids[i] for i in top])
    if listed.size == 0:
        return []
    width = len(catalog.tech_names)
    counts = np.bincount(listed, minlength=width)
    flagged = np.concatenate([catalog.career_tech_demand[i] for i in top])
    demand = np.bincount(listed, weights=flagged, minlength=width) > 0
    # the support floor and the lift in one pass over every technology (the lift is
    # recomputed below in Python floats, as it is defined, for the few that pass)
    total = catalog.tech_careers
    with np.errstate(invalid="ignore", divide="ignore"):
        lifts = (counts / k) / (total / n)
    passing = (
        (counts >= min(SUGGESTED_MIN_SUPPORT, k)) & (total > 0) & (lifts >= SUGGESTED_MIN_LIFT)
    )
    out = []
    for t in np.flatnonzero(passing).tolist():
        a = int(counts[t])
        lift = (a / k) / (float(total[t]) / n)
        out.append((t, a, (a / k) * math.log(lift), bool(demand[t])))
    out.sort(
        key=lambda x: (
            -round(x[2], 6),
            -int(x[3]),
            -int(catalog.tech_hot[x[0]]),
            catalog.tech_names[x[0]],
        )
    )
    return out[:SUGGESTED_SHOWN]


def separating_skills(
    catalog: CatalogArrays, top: Sequence[int], reached: Mapping[int, float] | None = None
) -> list[tuple[int, float, float, float]]:
    """O*NET skills that set the careers ``top`` (rows) apart from the rest of the catalog:
    ``(column, top mean level, rest mean level, lean)``, at most ``SEPARATING_SKILLS_SHOWN``.

    A career's *lean* on a skill is its required level (LV) minus its mean level over all
    skills, so careers that need little of everything still lean on something; a skill's
    lean for the person is the top careers' mean lean minus the other careers'. Skills
    leaning at least ``SEPARATING_MIN_LEAN`` are kept, most first; one the person rated at
    or above the top careers' mean level (``reached``: column -> their level) is not worth
    learning and is left out. Fewer than ``SUGGESTED_MIN_SHOWN`` are topped up with the
    next leaning skills, so a person with any top career always gets some. Ties: column.
    """
    n = len(catalog)
    if not top or n == 0 or catalog.skill_level.size == 0:
        return []
    in_top = np.zeros(n, dtype=bool)
    in_top[np.asarray(top, dtype=np.intp)] = True
    levels = catalog.skill_level
    lean = levels - _column_means(levels.T)[:, None]
    top_mean, top_lean = _column_means(levels[in_top]), _column_means(lean[in_top])
    rest_mean, rest_lean = _column_means(levels[~in_top]), _column_means(lean[~in_top])
    difference = top_lean - rest_lean
    known = ~np.isnan(difference)
    reached = reached or {}
    has = np.array([reached.get(c, -1.0) >= top_mean[c] for c in range(levels.shape[1])])
    order = np.lexsort(
        (
            np.arange(levels.shape[1]),
            -np.round(np.where(known, difference, -np.inf), 6),
            has,
            ~known,
        )
    )
    chosen = [c for c in order.tolist() if known[c]]
    leaning = [c for c in chosen if difference[c] >= SEPARATING_MIN_LEAN and not has[c]]
    count = max(SUGGESTED_MIN_SHOWN, min(SEPARATING_SKILLS_SHOWN, len(leaning)))
    return [
        (c, float(top_mean[c]), float(rest_mean[c]), float(difference[c])) for c in chosen[:count]
    ]


def _column_means(rows: FloatArray) -> FloatArray:
    """Each column's mean over the rows that have it (NaN where none does), rounded to
    ``RANK_DECIMALS`` so that the rows' order (the sum's) never changes what it compares."""
    known = ~np.isnan(rows)
    counts = known.sum(axis=0)
    sums = np.where(known, rows, 0.0).sum(axis=0)
    means: FloatArray = np.divide(sums, counts, out=np.full(sums.shape, np.nan), where=counts > 0)
    return np.round(means, RANK_DECIMALS - 3)


def beyond_limits(scores: Scores, top_n: int = BEYOND_LIMITS_FROM_TOP) -> IntArray:
    """Careers breaking a limit that would rank in the top ``top_n`` without the limits.

    Rows, best first, at most ``BEYOND_LIMITS_SHOWN``: what the person's limits cost them.
    """
    broken = scores.job_zone_broken | scores.wage_broken
    if not broken.any():
        return np.zeros(0, dtype=np.intp)
    order = scores.order
    rank_key = np.where(np.isnan(scores.score), -1.0, scores.score)
    unlimited = order[np.lexsort((np.arange(order.size), -np.round(rank_key[order], 12)))]
    outside = [int(i) for i in unlimited[:top_n] if broken[i] and not math.isnan(scores.score[i])]
    return np.array(outside[:BEYOND_LIMITS_SHOWN], dtype=np.intp)
