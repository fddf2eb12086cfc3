"""The sentences a person reads in a result: what their answers say and why a career fits.

Pure functions from plain numbers and the ``Profile`` to text; no scoring happens here.
Every sentence must be true for the person's own answers:

- an interest area is called one of theirs only when it stands out (``Profile.strong``:
  among their top three and above the middle of the scale); an area they rated below the
  middle is only ever named as a difference ("which you rated low");
- the intro names exactly the parts of the quiz that were asked and scored;
- skill levels are said on the item's own labels ("you said Beginner; it usually needs
  about Advanced"), through ``profile.level_label``;
- a career is said to be X ("strongly X", "leans X") only where X is one of its high
  points (``high_points``), and "Like you" only where X also stands out for the person;
- pay is said once per card, in its structured fields (``median_wage``, ``pay_source``,
  ``local_pay``), never in the reasons; ``pay_check`` says what became of a pay minimum.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from services.matcher import certainty
from services.matcher.profile import AREA_MIDDLE, AREA_SCORE_MAX, NARROW_SPREAD, Profile
from shared.contract.onet import INTEREST_AREAS, INTEREST_NAMES, WORK_VALUES
from shared.contract.request import MAX_JOB_ZONE, MIN_ANNUAL_WAGE
from shared.pay import HOURS_PER_YEAR, annual_equivalent

JOB_ZONE_TRAINING = {
    1: "little or no preparation",
    2: "a high school diploma",
    3: "vocational training or an associate's degree",
    4: "a bachelor's degree",
    5: "a graduate degree",
}
#: A work value counts as offered when its extent (EX 1-7) is at least this, and as
#: lacking when it is below ``VALUE_LOW``.
VALUE_HIGH = 5.0
VALUE_LOW = 3.5
#: A career's interest high points, the only areas it is ever said to be: its levels (OI,
#: 1-7) within this much of its highest level ...
HIGH_POINT_WITHIN = 1.0
#: ... and at least the middle of the scale; the highest this-many at most, highest first.
HIGH_POINT_FLOOR = 4.0
HIGH_POINTS_SHOWN = 3
#: How the pay figure of a suggested technology is defined (shown with it).
SUGGESTION_PAY_DEFINITION = (
    "Pay: the median of the median wages of your top careers that use or need it, where you "
    "live when the figures are published there."
)
#: Where a career whose pay could not be checked against the minimum ranks.
UNCHECKED_RANK = "It ranks after the careers whose pay meets your minimum."
UNRATED_WORDS = {"values": "work values", "skills": "skill levels"}
PART_WORDS = {
    "interests": "your interests",
    "values": "what you value at work",
    "skills": "your skills",
}


def join(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def money(amount: float) -> str:
    return f"${round(amount):,}"


def _names(letters: Sequence[str]) -> str:
    return join([INTEREST_NAMES[x] for x in letters])


# --- the profile ---------------------------------------------------------------------------


def profile_notes(profile: Profile) -> list[str]:
    """What the person's answers say and how they are used."""
    notes: list[str] = []
    scores = profile.interests
    middle = f"{AREA_MIDDLE:.0f} of {AREA_SCORE_MAX:.0f}"
    if not profile.asked_interests:
        notes.append(
            "This quiz did not ask about your interests, so your matches rest on your other "
            "answers and limits."
        )
    elif profile.flat:
        notes.append(
            "Your interest answers were all the same, so they cannot show which kinds of "
            "work you like more than others; your matches rest on your other answers and "
            "limits instead."
        )
    else:
        strong = profile.strong
        listed = [f"{INTEREST_NAMES[x]} ({profile.area_score(x):.0f} of 40)" for x in strong]
        if len(strong) == 3:
            notes.append(f"Your strongest interests are {join(listed)}.")
        elif strong:
            only = "Only " + join(listed)
            verb = "stands" if len(strong) == 1 else "stand"
            notes.append(
                f"{only} {verb} out: no other area scored above the middle of the scale ({middle})."
            )
        else:
            least = [
                f"{INTEREST_NAMES[x]} ({profile.area_score(x):.0f} of 40)" for x in profile.code
            ]
            notes.append(
                "No area stands out: none scored above the middle of the scale "
                f"({middle}), so your matches follow the areas you disliked least, "
                f"{join(least)}."
            )
        if float(np.ptp(scores)) <= NARROW_SPREAD:
            notes.append(
                "Your interest scores are close together, so many kinds of work fit you about "
                "equally well; small changes in your answers could reorder your matches."
            )
    if profile.values is not None:
        named = [
            (float(v), name)
            for name, v in zip(WORK_VALUES, profile.values, strict=True)
            if not math.isnan(v)
        ]
        best = max(v for v, _ in named)
        important = [name for v, name in named if v == best]
        if len(named) > 1 and certainty.values_flat(profile):
            same = "the same" if len(important) == len(named) else "about the same"
            notes.append(f"You rated every work value {same}, so none weighs more than another.")
        else:
            # the values the reasons call "what you value most", when any are
            most = [WORK_VALUES[k] for k in profile.most_valued] or important
            notes.append(f"In work you value {join(most)} most.")
    return notes


def asked_parts(profile: Profile, weights: Mapping[str, float]) -> list[str]:
    """The scored parts the quiz asked about, in ``PART_WORDS`` order."""
    asked = {
        "interests": profile.asked_interests,
        "values": profile.values is not None,
        "skills": bool(profile.skills),
    }
    return [p for p in PART_WORDS if asked[p] and float(weights.get(p, 0.0)) > 0]


def intro(
    profile: Profile,
    weights: Mapping[str, float],
    *,
    pay_limit: bool | None = None,
    any_within: bool = True,
) -> str:
    """How the matches were ranked, naming exactly the parts the quiz asked.

    ``pay_limit``: whether a pay minimum was set (by default: ``min_annual_wage``; a
    Canadian minimum is another answer); ``any_within``: whether any career is known to
    be within every limit set.
    """
    asked = asked_parts(profile, weights)
    parts = [PART_WORDS[p] for p in asked]
    basis = f", from {join(parts)}" if parts else ""
    text = f"Ranked by match score (0 to 100){basis}."
    if not certainty.separates(profile, asked):
        text = certainty.NOT_RANKED_INTRO
    if pay_limit is None:
        pay_limit = profile.min_annual_wage is not None
    limits = [
        name
        for name, is_set in (
            ("training", profile.max_job_zone is not None),
            ("pay", pay_limit),
        )
        if is_set
    ]
    if limits:
        text += (
            f" Careers within your {join(limits)} limits come first, then careers a limit "
            "could not be checked on, then careers outside them."
        )
        if not any_within:
            text += " No career is known to be within all your limits."
    return text


# --- reasons for one career ----------------------------------------------------------------


def high_points(levels: Sequence[float]) -> str:
    """The career's high points (letters, highest level first, ties in RIASEC order): the
    areas within ``HIGH_POINT_WITHIN`` of its highest level and at least ``HIGH_POINT_FLOOR``.
    Empty when it has no interest levels."""
    known = [(float(x), a) for a, x in enumerate(levels) if not math.isnan(x)]
    if not known:
        return ""
    highest = max(x for x, _ in known)
    high = sorted((-x, a) for x, a in known if x >= highest - HIGH_POINT_WITHIN)
    return "".join(INTEREST_AREAS[a] for x, a in high[:HIGH_POINTS_SHOWN] if -x >= HIGH_POINT_FLOOR)


def interest_reason(profile: Profile, letters: str, r: float) -> str | None:
    """How the career's interests (its high-point ``letters``) compare with the person's."""
    if profile.flat or not profile.asked_interests or math.isnan(r) or not letters:
        return None
    shared = [x for x in letters if x in profile.strong]
    low = [x for x in letters if profile.rated_low(x)]
    other = [x for x in letters if x not in shared and x not in low]
    differs = ""
    if low:
        differs = f"; it also leans {_names(low)}, which you rated low"
    if shared and r > 0:
        return f"Like you, it is strongly {_names(shared)}{differs}."
    if r > 0 and not profile.strong:
        closest = [x for x in letters if x in profile.code and x not in low]
        if closest:
            return f"It leans {_names(closest)}, among the areas you disliked least{differs}."
    if r >= 0.61:
        leans = f", though it leans {_names(other)}" if other else ""
        return f"Its mix of interests follows the shape of yours{leans}{differs}."
    yours = [
        x
        for x in (profile.strong or profile.code[:2])
        if x not in letters and not profile.rated_low(x)
    ]
    word = "strongest interests" if profile.strong else "highest-rated areas"
    unlike = f", unlike your {word}, {_names(yours)}" if yours else ""
    if other:
        return f"It leans {_names(other)}{unlike}{differs}."
    return f"It leans {_names(low)}, which you rated low{unlike}."


def values_reason(profile: Profile, extent: Sequence[float], component: float) -> str | None:
    if profile.values is None:
        return None
    if math.isnan(component):
        return None  # said by ``unrated_reason``
    if certainty.values_flat(profile):
        return None  # no value was rated above another: none is "what you value most"
    wanted = profile.most_valued
    offered = [WORK_VALUES[k] for k in wanted if extent[k] >= VALUE_HIGH]
    lacking = [WORK_VALUES[k] for k in wanted if extent[k] < VALUE_LOW]
    if offered:
        return f"It offers what you value most: {join(offered)}."
    if lacking:
        return f"It offers less {join(lacking)} than you would like."
    return None


def unrated_reason(parts: Sequence[str]) -> str | None:
    """Which scored parts O*NET does not rate for the career, and what that does to its
    rank (``scoring.fill_unrated``); None when every part is rated."""
    if not parts:
        return None
    those = "that part counts" if len(parts) == 1 else "those parts count"
    return (
        f"O*NET does not rate this career's {join([UNRATED_WORDS[p] for p in parts])}, so "
        f"{those} as the poorest fit of any rated career: it ranks after rated careers with "
        "interests like it."
    )


def training_phrase(zone: int) -> str:
    return f"usually needs {JOB_ZONE_TRAINING.get(zone, 'training')} (Job Zone {zone})"


def training_reason(profile: Profile, zone: float) -> str:
    limit = profile.max_job_zone
    if math.isnan(zone):
        tail = ", so your training limit could not be checked" if limit is not None else ""
        return f"O*NET gives no job zone for this career{tail}."
    needs = training_phrase(int(zone))
    needs = needs[0].upper() + needs[1:]
    if limit is None:
        return needs + "."
    if int(zone) > limit:
        return f"{needs}; you said at most Job Zone {limit}."
    return f"{needs}, within your limit of Job Zone {limit}."


def pay_whose(scope: str, soc: str, title: str) -> str | None:
    """Whose wage a career's figure is, or None when it is the career's own occupation."""
    if scope == "group" and soc:
        return f"pay of {title} ({soc}), the group this career belongs to"
    if scope == "broad" and soc:
        return f"pay of {title} ({soc}), the broader group this career belongs to"
    return None


def pay_check(
    profile: Profile, wage: float, top_coded: bool, scope: str, hourly: float = math.nan
) -> str | None:
    """What became of the person's pay minimum against the US national median (None
    without a minimum); the figure itself is the card's, not repeated here. ``hourly`` is
    the hourly median of a career BLS publishes only per hour (``wage`` NaN): the minimum
    is checked against its annual equivalent at 2,080 hours, said as such."""
    minimum = profile.min_annual_wage
    if minimum is None:
        return None
    limit = f"your minimum of {money(minimum)} a year"
    whose = "its group's" if scope in ("group", "broad") else "its"
    if math.isnan(wage) and not top_coded and not math.isnan(hourly):
        equivalent = annual_equivalent(hourly)
        verdict = "Meets" if equivalent >= minimum else "Below"
        return (
            f"{verdict} {limit}: checked against {whose} US national hourly median at "
            f"{HOURS_PER_YEAR:,} hours a year ({money(equivalent)}), as BLS publishes only "
            f"hourly pay for it."
        )
    if math.isnan(wage) and not top_coded:
        return (
            f"{limit[0].upper()}{limit[1:]} could not be checked: BLS publishes no median pay "
            f"for this career. {UNCHECKED_RANK}"
        )
    verdict = "Meets" if top_coded or wage >= minimum else "Below"
    return f"{verdict} {limit}: checked against {whose} US national median pay."


def skill_reason(
    component: float, count: int, gaps: Sequence[Mapping[str, Any]], rated: int
) -> str | None:
    """How many of the ``rated`` skills the career's levels are met on; ``count`` gaps,
    ``gaps`` the first of them (largest first)."""
    if rated == 0:
        return None
    if math.isnan(component):
        return None  # said by ``unrated_reason``
    if not count:
        return f"Your skills reach the level it usually needs on all {rated} skills you rated."
    met = rated - count
    return (
        f"You reach its usual level on {met} of {rated} skills you rated; "
        f"the biggest gap is {gaps[0]['name']}."
    )


def gap_text(gap: Mapping[str, Any]) -> str:
    """One skill gap on the item's own labels when known, else on O*NET's 0-7 scale."""
    if gap.get("your_label") and gap.get("required_label"):
        return (
            f"{gap['name']}: you said {gap['your_label']}; "
            f"it usually needs about {gap['required_label']}."
        )
    return (
        f"{gap['name']}: it usually needs about level {gap['required_level']:.1f} of 7; "
        f"you said {gap['your_level']:.1f} of 7."
    )


def reasons(
    *,
    scored: bool,
    interest: str | None,
    training: str,
    values: str | None,
    skills: str | None,
    unrated: str | None = None,
) -> list[str]:
    """One to four sentences: interests, training, then values and skills, or what O*NET
    does not rate. Pay is not among them: the card shows it once, in its own fields."""
    head = [interest] if scored and interest else []
    if not scored:
        head = ["Your answers give nothing to score this career on."]
    return [*head, training, *(s for s in (values, skills, unrated) if s is not None)]


# --- the rest of the result ----------------------------------------------------------------


def suggestion_why(count: int, top: int, share_all: float) -> str:
    """Why a technology is suggested: how common it is among the top careers and overall."""
    percent = 100.0 * share_all
    overall = f"{percent:.0f}%" if percent >= 1 else "under 1%"
    return f"Used by {count} of your top {top} careers; {overall} of all careers."


def beyond_limit_reason(
    title: str, broken: Sequence[str], zone: float, wage: float, minimum: float | None
) -> str:
    """What a limit costs: a career that would fit well, and the limit it breaks."""
    parts = []
    if MAX_JOB_ZONE in broken and not math.isnan(zone):
        parts.append(f"it {training_phrase(int(zone))}")
    if MIN_ANNUAL_WAGE in broken and not math.isnan(wage) and minimum is not None:
        parts.append(f"its median pay {money(wage)} is below your minimum of {money(minimum)}")
    return f"{title} would fit you well; {join(parts)}."


def beyond_limits_note(count: int) -> str:
    careers = "career" if count == 1 else "careers"
    return (
        f"Your limits leave out {count} {careers} that would otherwise rank among your top matches:"
    )
