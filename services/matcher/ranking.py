"""The ranking rule: in which order a profile's scored careers come, and their fit labels.

``ranking_order`` ranks every career of one profile (``scoring.score_careers``) and
``ranked_top`` the best few of many profiles at once (the adaptive quiz's completions) by the
same keys: the limit tier, the score, the unrated parts, the interest correlation, the
O*NET-SOC code. ``fit_labels`` gives O*NET's Interest Profiler labels (Best, Great, Good).
"""

from __future__ import annotations

import numpy as np

from services.matcher.catalog_arrays import BoolArray, FloatArray, IntArray

#: O*NET's Interest Profiler fit cut-offs on the correlation (observed, see the IP cases).
BEST_R = 0.73
GREAT_R = 0.61
#: Per job zone, "Good" careers are added until Best + Great + Good reach this many.
FIT_PER_ZONE = 10
FIT_LABELS = (None, "Good", "Great", "Best")
RANK_DECIMALS = 12
#: Limit tiers, the first key of the ranking: careers checked and within every limit the
#: person set, then careers a limit could not be checked on (no figure; none broken), then
#: careers that break a limit.
TIER_WITHIN, TIER_UNCHECKED, TIER_BROKEN = 0, 1, 2


def fit_labels(r: FloatArray, zone_group: IntArray, code_rank: IntArray) -> IntArray:
    """O*NET's Interest Profiler labels as indexes into ``FIT_LABELS`` (0 = none).

    Best: r >= 0.73; Great: 0.61 <= r < 0.73; then in each job zone (``zone_group``: each
    career's zone as a group number, unknown zones forming one group) holding fewer than
    10 Best + Great, the next highest-r careers with r > 0 are Good until the zone has 10
    (ties in r go to the lower code).
    """
    labels = np.zeros(r.shape[0], dtype=np.intp)
    # comparisons with NaN (r undefined) are False: such a career gets no label
    labels[r >= GREAT_R] = 2
    labels[r >= BEST_R] = 3
    room = FIT_PER_ZONE - np.bincount(
        zone_group[labels > 0], minlength=int(zone_group.max(initial=0)) + 1
    )
    # the candidates grouped by zone, best first within each zone, ties to the lower code
    candidates = np.flatnonzero((labels == 0) & (r > 0))
    by_zone = candidates[
        np.lexsort((code_rank[candidates], -r[candidates], zone_group[candidates]))
    ]
    zones = zone_group[by_zone]
    place = np.arange(zones.size) - np.searchsorted(zones, zones, side="left")
    labels[by_zone[place < room[zones]]] = 1
    return labels


def limit_tiers(broken: BoolArray, unchecked: BoolArray) -> IntArray:
    """Each career's limit tier: broken beats unchecked (a broken limit is known)."""
    return np.where(broken, TIER_BROKEN, np.where(unchecked, TIER_UNCHECKED, TIER_WITHIN)).astype(
        np.intp
    )


def ranking_order(
    tier: IntArray, score: FloatArray, unrated: IntArray, r: FloatArray, code_rank: IntArray
) -> IntArray:
    """The ranking rule, the only place it is written: career rows best first.

    1. Limit tier: careers checked and within the person's limits, then careers a limit
       could not be checked on, then careers breaking a limit (``limit_tiers``).
    2. Score, higher first; a career with no score follows every scored one. Unrated parts
       are already counted as the poorest fit (``fill_unrated``), so not knowing never
       gains a place; 3. on an equal score, fewer unrated parts first.
    4. Interest correlation, higher first (undefined last); 5. O*NET-SOC code.

    Keys are rounded to 12 decimals so that float noise never decides between careers
    whose scores are equal in exact arithmetic: the tie-breaks do. ``ranked_top`` ranks
    the best few of many rows by the same keys.
    """
    return np.lexsort((code_rank, *_rank_keys(tier, score, unrated, r))).astype(np.intp)


def _rank_keys(
    tier: IntArray, score: FloatArray, unrated: IntArray, r: FloatArray
) -> tuple[FloatArray, IntArray, FloatArray]:
    """``ranking_order``'s keys before the code, least significant first; the last holds
    the tier and the score in one: the scores' keys lie in [-1, 1], so one tier apart is
    more than any two scores apart, and rounded keys stay as equal or as apart as they
    were (1e-12 is far more than a float's step near 8)."""
    by_r = -np.round(np.where(np.isnan(r), -np.inf, r), RANK_DECIMALS).astype(
        np.float64, copy=False
    )
    by_score = -np.round(np.where(np.isnan(score), -1.0, score), RANK_DECIMALS)
    return by_r, unrated, (by_score + 4.0 * tier).astype(np.float64, copy=False)


def ranked_top(
    tier: IntArray,
    score: FloatArray,
    unrated: IntArray,
    r: FloatArray,
    code_rank: IntArray,
    count: int,
) -> IntArray:
    """Per row of careers (``score_rows``: rows x careers; ``tier`` per career or per row
    and career), the best ``count`` careers in ranking order (rows x count): what
    ``ranking_order`` puts first, without sorting every career."""
    by_r, unrated, first = np.broadcast_arrays(*_rank_keys(tier, score, unrated, r))
    count = min(count, first.shape[1])
    if count <= 0:
        return np.zeros((first.shape[0], 0), dtype=np.intp)
    # every career as good as the count-th on tier and score is a candidate; ties with it
    # are ranked in full by the remaining keys
    cut = np.partition(first, count - 1, axis=1)[:, count - 1 : count]
    row, col = np.nonzero(first <= cut)
    order = np.lexsort((code_rank[col], by_r[row, col], unrated[row, col], first[row, col], row))
    row, col = row[order], col[order]
    place = np.arange(row.size) - np.searchsorted(row, row)
    return col[place < count].reshape(-1, count)
