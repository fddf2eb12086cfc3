"""The adaptive quiz's next question: which item to ask, and when the top 10 is settled.

Pure functions over the quiz's scoring items and the catalog snapshot's arrays, no I/O.
Careers are ranked only by the matcher's own code (``build_profile`` and ``score_careers``;
the completions all at once by ``build_profiles``, ``score_rows`` and ``ranked_top``), so a
step sees exactly the ranking a submission of the same answers would get.

One step (``next_step``):

1. **Limits and place first**: the place, the preparation limit and the pay minimum
   decide which careers are in play. Each is asked once; the person may skip it.
2. **One item per interest area**, in quiz order: the matcher needs all six areas.
3. Then the answers so far are read as an estimate of the person's scores with its
   uncertainty: each area, work value and skill is a score on the item's scale, drawn from
   a normal prior whose means and covariances are those of the careers' own O*NET profiles
   (``Prior``, made once per snapshot), updated with the answers (each answer is the score
   plus noise: about a step, less for a person whose answers to the items of one score
   agree, more for one whose answers scatter; ``answer_noise``). ``SAMPLES`` plausible
   completions of the unasked items are drawn
   from it, with a seed made from the answers, so a step is reproducible. A person who has
   given one same answer to every item so far is likely to keep doing so (the chance of
   that by accident halves with each item), and some completions repeat it.
4. Every completion is ranked. **Stability** is the mean overlap of the completions' top
   10s with the top 10 the answers so far give. The quiz is **done** once at least
   ``MIN_ASKED`` questions were answered and the stability reaches ``THRESHOLD``, or when
   every item was asked.
5. Otherwise the next item is one of the score whose unasked answers best explain, across
   the completions, where the careers near the edge of the top 10 land: per score, the
   variance of their margins to the edge that the sum of its unasked answers accounts
   for, times the share of that sum one more answer reveals.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from services.matcher import regional
from services.matcher.catalog_arrays import CatalogArrays, FloatArray
from services.matcher.profile import build_profile, build_profiles
from services.matcher.ranking import ranked_top
from services.matcher.scoring import PayLimit, Scores, score_careers, score_rows
from shared.contract.onet import INTEREST_AREAS, WORK_VALUES
from shared.contract.request import (
    LOCATION,
    MAX_JOB_ZONE,
    MIN_ANNUAL_WAGE,
    MIN_WAGE_CAD,
    MIN_WAGE_CAD_PER,
    MIN_WAGE_GBP,
)
from shared.regions import CANADA, UK, country_of

TOP = 10
#: Plausible completions ranked per step.
SAMPLES = 32
#: Stop once the completions' top 10s overlap the current one this much on average...
#: The aim is a mean overlap of 0.8 with the full quiz's top 10; real people's answers
#: (the O*NET Interest Profiler cases in ``make eval``) reach about 0.03 less than the
#: completions promise, so the quiz asks for 0.83.
THRESHOLD = 0.83
#: ...and at least this many questions were answered (scale items).
MIN_ASKED = 12
#: A person's answer scatters around their score by this much (answer steps, one sd)...
ANSWER_NOISE = 1.0
#: ...before their own answers tell: their scatter within each score counts as this many
#: answers' worth against it (``answer_noise``).
NOISE_PRIOR_ANSWERS = 10.0
#: People spread more than the careers' profiles do: added to the prior's variances.
EXTRA_SPREAD = 0.5
#: Prior chance that a person gives one same answer to every item, and the chance that
#: anyone else repeats their previous answer on the next item.
STRAIGHT_PRIOR = 0.05
REPEAT_CHANCE = 0.35
#: Careers near the edge weigh ``p (1 - p)`` (p: share of top 10s they are in), plus this.
EDGE_FLOOR = 0.05
#: How little of a score's uncertainty counts when nothing else tells the items apart.
TIE_BREAK = 1e-9
#: Questions left, estimated as this many per point of stability still missing.
LEFT_PER_POINT = 75.0


@dataclass(frozen=True)
class Step:
    """The answer to one step: the next item's id (None when done) and the progress."""

    done: bool
    item: str | None
    asked: int
    left_estimate: int
    stability: float


@dataclass(frozen=True, eq=False)
class Prior:
    """The quiz's scale items, the score each measures, and the scores' prior.

    ``target[j]`` is the score (column of ``mean``) scale item ``scale_ids[j]`` measures;
    ``low``/``high`` its scale. ``mean`` and ``precision``: the normal prior of the scores,
    in answer steps, from the careers' own profiles.
    """

    items: tuple[Mapping[str, Any], ...]
    weights: Mapping[str, float]
    scale_ids: tuple[str, ...]
    target: npt.NDArray[np.intp]
    low: FloatArray
    high: FloatArray
    area_of: Mapping[str, str]
    mean: FloatArray
    precision: FloatArray
    version: str


def _career_scores(catalog: CatalogArrays, kind: str, target: str) -> FloatArray | None:
    """Each career's own answer on [0, 1] to an item measuring ``target`` (None: unknown)."""
    if kind == "interest" and target in INTEREST_AREAS:
        return (catalog.interests[:, INTEREST_AREAS.index(target)] - 1.0) / 6.0
    if kind == "value" and target in WORK_VALUES:
        return (catalog.values[:, WORK_VALUES.index(target)] - 1.0) / 6.0
    if kind == "skill" and target in catalog.skill_columns:
        return catalog.skill_level[:, catalog.skill_columns[target]] / 7.0
    return None


def make_prior(
    items: Sequence[Mapping[str, Any]], weights: Mapping[str, float], catalog: CatalogArrays
) -> Prior:
    """The prior for a quiz's scoring items against one snapshot: made once, used often."""
    scale = [i for i in items if i.get("labels") and i["kind"] != "preference"]
    targets: list[tuple[str, str]] = []
    columns: list[FloatArray] = []
    target = []
    for item in scale:
        key = (str(item["kind"]), str(item["target"]))
        if key not in targets:
            found = _career_scores(catalog, *key)
            targets.append(key)
            columns.append(np.full(len(catalog), 0.5) if found is None else found)
        target.append(targets.index(key))
    low = np.array([float(i["min"]) for i in scale])
    high = np.array([float(i["max"]) for i in scale])
    # per score, the span of its first item's scale (a score's items share one scale)
    first = [target.index(t) for t in range(len(targets))]
    span = (high - low)[first]
    units = np.column_stack(columns)
    units = np.where(np.isnan(units), np.nanmean(units, axis=0), units)
    steps = low[first] + units * span
    cov = np.cov(steps, rowvar=False) + EXTRA_SPREAD**2 * np.eye(len(targets))
    return Prior(
        items=tuple(items),
        weights=dict(weights),
        scale_ids=tuple(str(i["id"]) for i in scale),
        target=np.array(target, dtype=np.intp),
        low=low,
        high=high,
        area_of={str(i["id"]): str(i["target"]) for i in scale if i["kind"] == "interest"},
        mean=steps.mean(axis=0),
        precision=np.asarray(np.linalg.inv(cov), dtype=np.float64),
        version=catalog.version,
    )


def limit_items(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The limit and place items that apply, in the order they are asked: the pay minimum
    in Canadian dollars in Canada (and per what, once given), in pounds in the United
    Kingdom, else in US dollars."""
    country = country_of(answers.get(LOCATION))
    if country == CANADA:
        pay: tuple[str, ...] = (MIN_WAGE_CAD,)
        if MIN_WAGE_CAD in answers:
            pay += (MIN_WAGE_CAD_PER,)
    elif country == UK:
        pay = (MIN_WAGE_GBP,)
    else:
        pay = (MIN_ANNUAL_WAGE,)
    return (LOCATION, MAX_JOB_ZONE, *pay)


def seed_of(answers: Mapping[str, Any], skipped: Sequence[str]) -> int:
    """A seed made from the answers and the skipped items: the same step, the same draws."""
    text = json.dumps([sorted(answers.items()), sorted(skipped)], default=str)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def next_step(
    prior: Prior,
    catalog: CatalogArrays,
    answers: Mapping[str, Any],
    skipped: Sequence[str] = (),
    *,
    threshold: float = THRESHOLD,
    min_asked: int = MIN_ASKED,
    samples: int = SAMPLES,
) -> Step:
    """The next item to ask given the answers so far (checked), or done."""
    item_ids = {str(i["id"]) for i in prior.items}
    seen = (set(answers) | set(skipped)) & item_ids
    asked = len(seen)
    for item_id in limit_items(answers):
        if item_id in item_ids and item_id not in seen:
            return Step(
                False, item_id, asked, _left(prior, answers, 0.0, min_asked, threshold, asked), 0.0
            )
    unasked = [j for j, i in enumerate(prior.scale_ids) if i not in seen]
    covered = {prior.area_of[i] for i in answers if i in prior.area_of}
    for j in unasked:
        if prior.scale_ids[j] in prior.area_of and prior.area_of[prior.scale_ids[j]] not in covered:
            left = _left(prior, answers, 0.0, min_asked, threshold, asked)
            return Step(False, prior.scale_ids[j], asked, left, 0.0)
    rng = np.random.default_rng(seed_of(answers, skipped))
    theta, drawn = draw_completions(prior, answers, unasked, rng, samples)
    now = _scores(prior, catalog, answers)
    top = now.order[:TOP]
    margins, overlap = _rank_completions(prior, catalog, answers, unasked, drawn, top)
    stability = float(overlap.mean()) if unasked else 1.0
    answered = sum(1 for i in prior.scale_ids if i in answers)
    if not unasked or (answered >= min_asked and stability >= threshold):
        return Step(True, None, asked, 0, round(stability, 4))
    pick = unasked[_best_item(unasked, prior.target, theta, drawn, margins)]
    left = min(len(unasked), _left(prior, answers, stability, min_asked, threshold))
    return Step(False, prior.scale_ids[pick], asked, left, round(stability, 4))


def _left(
    prior: Prior,
    answers: Mapping[str, Any],
    stability: float,
    min_asked: int,
    threshold: float = THRESHOLD,
    asked_before_ranking: int | None = None,
) -> int:
    """About how many questions are left: the rest of the minimum, or more the further the
    stability is from the threshold. Before the first ranking (``asked_before_ranking``
    questions asked so far), the estimate at no stability less those questions, so that
    the count goes down with each one."""
    answered = sum(1 for i in prior.scale_ids if i in answers)
    estimate = math.ceil(LEFT_PER_POINT * max(0.0, threshold - stability))
    if asked_before_ranking is not None:
        estimate -= asked_before_ranking
    return max(1, min_asked - answered, estimate)


def _scores(prior: Prior, catalog: CatalogArrays, answers: Mapping[str, Any]) -> Scores:
    """The matcher's scores of ``answers`` (limits and the local pay minimum included)."""
    profile = build_profile(answers, prior.items, skill_ids=catalog.skill_ids)
    return score_careers(profile, catalog, prior.weights, _pay(answers, catalog))


def _pay(answers: Mapping[str, Any], catalog: CatalogArrays) -> PayLimit | None:
    """The pay minimum's figures where the person lives (None: the US national ones)."""
    place = regional.place_from_answers(answers)
    return None if place is None else regional.pay_limit(place, catalog)


def draw_completions(
    prior: Prior,
    answers: Mapping[str, Any],
    unasked: Sequence[int],
    rng: np.random.Generator,
    samples: int,
) -> tuple[FloatArray, FloatArray]:
    """``samples`` draws of the scores (samples x scores) and of the unasked items' answers
    (samples x unasked), given the answers so far."""
    count = np.zeros(prior.mean.size)
    total = np.zeros(prior.mean.size)
    given = []
    for j, item_id in enumerate(prior.scale_ids):
        if item_id in answers:
            count[prior.target[j]] += 1
            total[prior.target[j]] += float(answers[item_id])
            given.append(float(answers[item_id]))
    sd = answer_noise(prior, answers)
    precision = prior.precision + np.diag(count / sd**2)
    cov = np.linalg.inv(precision)
    mean = cov @ (prior.precision @ prior.mean + total / sd**2)
    chol = np.linalg.cholesky((cov + cov.T) / 2)
    theta = mean + rng.standard_normal((samples, mean.size)) @ chol.T
    columns = np.asarray(unasked, dtype=np.intp)
    noise = rng.normal(0.0, sd, (samples, columns.size))
    drawn = np.clip(
        np.rint(theta[:, prior.target[columns]] + noise), prior.low[columns], prior.high[columns]
    )
    straight = straight_chance(given)
    if straight > 0:
        repeat = rng.random(samples) < straight
        drawn[repeat] = np.clip(given[0], prior.low[columns], prior.high[columns])
    return theta, drawn


def answer_noise(prior: Prior, answers: Mapping[str, Any]) -> float:
    """How much this person's answers scatter around their scores (answer steps, one sd):
    their spread among the answers to each score's items, pooled over the scores, weighed
    against ``ANSWER_NOISE`` counted as ``NOISE_PRIOR_ANSWERS`` answers. A person who rates
    alike what measures one thing is read as surer, and asked fewer questions."""
    by_score: dict[int, list[float]] = {}
    for item_id, score in zip(prior.scale_ids, prior.target.tolist(), strict=True):
        if item_id in answers:
            by_score.setdefault(score, []).append(float(answers[item_id]))
    squares = sum(float(np.var(got)) * len(got) for got in by_score.values())
    free = sum(len(got) - 1 for got in by_score.values())
    prior_squares = NOISE_PRIOR_ANSWERS * ANSWER_NOISE**2
    return math.sqrt((prior_squares + squares) / (NOISE_PRIOR_ANSWERS + free))


def straight_chance(given: Sequence[float]) -> float:
    """The chance that a person who gave ``given`` answers every item alike (Bayes, with
    ``STRAIGHT_PRIOR`` and ``REPEAT_CHANCE``); 0 once two answers differ."""
    if len(given) < 2 or any(x != given[0] for x in given):
        return 0.0
    by_chance = (1.0 - STRAIGHT_PRIOR) * REPEAT_CHANCE ** (len(given) - 1)
    return STRAIGHT_PRIOR / (STRAIGHT_PRIOR + by_chance)


def _rank_completions(
    prior: Prior,
    catalog: CatalogArrays,
    answers: Mapping[str, Any],
    unasked: Sequence[int],
    drawn: FloatArray,
    top: npt.NDArray[np.intp],
) -> tuple[FloatArray, FloatArray]:
    """Per completion: each career's margin to the edge of its top 10 (a career off the
    score scale, below a broken limit, sits far below), and its top 10's overlap with
    ``top``.

    The completions are read and scored together (``build_profiles``, ``score_rows``),
    each ranked as ``score_careers`` ranks its answers."""
    ids = [prior.scale_ids[j] for j in unasked]
    profiles = build_profiles(answers, prior.items, ids, drawn, skill_ids=catalog.skill_ids)
    scores = score_rows(profiles, catalog, prior.weights, _pay(answers, catalog))
    key = np.nan_to_num(scores.score, nan=-1.0) - 2.0 * scores.tier
    ranked = ranked_top(
        scores.tier,
        scores.score,
        scores.unrated_count,
        scores.correlation,
        catalog.code_rank,
        TOP + 1,
    )
    edge = key[np.arange(len(key))[:, None], ranked[:, TOP - 1 : TOP + 1]]
    current = np.zeros(len(catalog), dtype=bool)
    current[top] = True
    return key - edge.mean(axis=1, keepdims=True), current[ranked[:, :TOP]].sum(axis=1) / TOP


def _best_item(
    unasked: Sequence[int],
    target: npt.NDArray[np.intp],
    theta: FloatArray,
    drawn: FloatArray,
    margins: FloatArray,
) -> int:
    """Index into ``unasked`` of the item to ask: of the score whose unasked answers best
    explain the margins of the careers near the edge, its first unasked item.

    Per score, the variance of those margins its unasked answers' sum accounts for (what
    the full quiz would still learn about it), times the share of that sum one answer
    reveals. A score's items are alike to the matcher (it reads their mean), so the first
    in quiz order stands for all.
    """
    inside = (margins > 0).mean(axis=0)
    near = (inside > 0) & (inside < 1)
    if not near.any():
        spread = np.abs(margins).mean(axis=0)
        near = spread <= np.sort(spread)[2 * TOP]
    weight = inside[near] * (1.0 - inside[near]) + EDGE_FLOOR
    m = margins[:, near] - margins[:, near].mean(axis=0)
    targets = target[np.asarray(unasked, dtype=np.intp)]
    scores, first = np.unique(targets, return_index=True)
    total = drawn @ (targets[:, None] == scores[None, :]).astype(np.float64)
    total -= total.mean(axis=0)
    var_total = np.maximum((total * total).mean(axis=0), 1e-12)
    explained = ((total.T @ m / len(m)) ** 2 * weight).sum(axis=1) / var_total
    one = drawn[:, first] - drawn[:, first].mean(axis=0)
    var_one = np.maximum((one * one).mean(axis=0), 1e-12)
    share = (one * total).mean(axis=0) ** 2 / (var_one * var_total)
    # what one more answer can still tell about the score: it alone decides when the
    # completions all agree (a person answering every item alike)
    t = theta[:, scores] - theta[:, scores].mean(axis=0)
    var_t = (t * t).mean(axis=0)
    value = explained * share + TIE_BREAK * var_t / (var_t + ANSWER_NOISE**2)
    return int(first[int(np.argmax(value))])
