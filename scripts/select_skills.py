"""Choose the O*NET skills that the Career Match quiz asks people to rate.

The quiz cannot ask about all 35 O*NET skills in ten minutes, so this script picks the
12-14 that best tell careers apart while covering different kinds of work:

1. For each of the 923 data-level occupations (those in ``Interests.txt``) that have skill
   ratings, compute each skill's importance-weighted level: ``LV * (IM - 1) / 4``, where LV is
   the level (0-7) and IM the importance (1-5). A skill rated "Not Relevant" counts as 0.
2. Rank the 35 skills (element ids ``2.A.*`` and ``2.B.*``) by the standard deviation of
   that value across occupations: a skill every career needs about equally says little.
3. Walk down the ranking and keep a skill unless its values correlate (|r| above the
   threshold) with a skill already kept; stop when the target count is reached.

Run it from the repository root::

    .venv/bin/python -m scripts.select_skills [--onet-dir DIR] [--count 14] [--max-r 0.85]

It prints a Markdown table of the chosen skills and one of the rejected skills with the reason.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ONET_DIR = REPO_ROOT.parent / "shared" / "data" / "onet"


@dataclass(frozen=True)
class Choice:
    """One skill's outcome: kept or rejected, with the numbers behind it."""

    element_id: str
    name: str
    spread: float
    chosen: bool
    max_r: float
    max_r_with: str
    reason: str


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Yield the rows of an O*NET text-release file as dicts keyed by header."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def data_level_codes(onet_dir: Path) -> set[str]:
    """The O*NET-SOC codes of the data-level occupations (those with interest profiles)."""
    return {row["O*NET-SOC Code"] for row in read_tsv(onet_dir / "Interests.txt")}


def skill_names(onet_dir: Path) -> dict[str, str]:
    """Element id to name for the 35 skills (2.A.x.y and 2.B.x.y leaf elements)."""
    names: dict[str, str] = {}
    for row in read_tsv(onet_dir / "Content Model Reference.txt"):
        parts = row["Element ID"].split(".")
        if len(parts) == 4 and parts[0] == "2" and parts[1] in {"A", "B"}:
            names[row["Element ID"]] = row["Element Name"]
    return names


def weighted_levels(
    onet_dir: Path, codes: set[str], skills: list[str]
) -> tuple[list[str], npt.NDArray[np.float64]]:
    """Matrix (occupations x skills) of importance-weighted level, complete rows only."""
    im: dict[tuple[str, str], float] = {}
    lv: dict[tuple[str, str], float] = {}
    for row in read_tsv(onet_dir / "Skills.txt"):
        code, element = row["O*NET-SOC Code"], row["Element ID"]
        if code not in codes or element not in skills:
            continue
        value = float(row["Data Value"])
        if row["Scale ID"] == "IM":
            im[(code, element)] = value
        elif row["Scale ID"] == "LV":
            lv[(code, element)] = 0.0 if row["Not Relevant"] == "Y" else value
    occupations = sorted(
        code for code in codes if all((code, s) in im and (code, s) in lv for s in skills)
    )
    matrix = np.array(
        [[lv[(c, s)] * (im[(c, s)] - 1.0) / 4.0 for s in skills] for c in occupations],
        dtype=np.float64,
    )
    return occupations, matrix


def select(
    names: dict[str, str], matrix: npt.NDArray[np.float64], count: int, max_r: float
) -> list[Choice]:
    """Greedy selection by spread, skipping skills too correlated with one already kept."""
    skills = list(names)
    spread = matrix.std(axis=0)
    corr = np.atleast_2d(np.corrcoef(matrix, rowvar=False))
    order = sorted(range(len(skills)), key=lambda i: -spread[i])
    kept: list[int] = []
    results: list[Choice] = []
    for i in order:
        if kept:
            j_best = max(kept, key=lambda j: abs(corr[i, j]))
            r_best = float(abs(corr[i, j_best]))
        else:
            j_best, r_best = i, 0.0
        if len(kept) >= count:
            reason = f"target of {count} reached"
            chosen = False
        elif r_best > max_r:
            reason = f"abs(r) = {r_best:.3f} with {names[skills[j_best]]}"
            chosen = False
        else:
            reason = ""
            chosen = True
            kept.append(i)
        results.append(
            Choice(
                element_id=skills[i],
                name=names[skills[i]],
                spread=float(spread[i]),
                chosen=chosen,
                max_r=r_best,
                max_r_with=names[skills[j_best]] if kept else "",
                reason=reason,
            )
        )
    # For the kept skills, report the largest |r| with any other kept skill.
    out: list[Choice] = []
    for choice in results:
        if choice.chosen:
            i = skills.index(choice.element_id)
            peers = [k for k in kept if k != i]
            k_best = max(peers, key=lambda k: abs(corr[i, k]))
            choice = Choice(
                element_id=choice.element_id,
                name=choice.name,
                spread=choice.spread,
                chosen=True,
                max_r=float(abs(corr[i, k_best])),
                max_r_with=names[skills[k_best]],
                reason="",
            )
        out.append(choice)
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the selection and print the tables."""
    parser = argparse.ArgumentParser(description="Choose the O*NET skills the quiz asks about.")
    parser.add_argument(
        "--onet-dir",
        type=Path,
        default=Path(os.environ.get("ONET_DATA_DIR", str(DEFAULT_ONET_DIR))),
        help="folder with the O*NET text files (default: $ONET_DATA_DIR or ../shared/data/onet)",
    )
    parser.add_argument("--count", type=int, default=14, help="how many skills to keep")
    parser.add_argument("--max-r", type=float, default=0.85, help="largest |r| allowed")
    args = parser.parse_args(argv)

    names = skill_names(args.onet_dir)
    codes = data_level_codes(args.onet_dir)
    occupations, matrix = weighted_levels(args.onet_dir, codes, list(names))
    choices = select(names, matrix, args.count, args.max_r)

    print(
        f"{len(names)} skills, {len(occupations)} of {len(codes)} data-level occupations "
        f"with skill ratings; value = LV * (IM - 1) / 4; max |r| = {args.max_r}\n"
    )
    print("Chosen skills (by spread):\n")
    print("| # | element | skill | spread (SD) | max abs r with other chosen |")
    print("|---:|---|---|---:|---|")
    rank = 0
    for choice in choices:
        if choice.chosen:
            rank += 1
            print(
                f"| {rank} | {choice.element_id} | {choice.name} | {choice.spread:.3f} "
                f"| {choice.max_r:.3f} ({choice.max_r_with}) |"
            )
    print("\nRejected skills:\n")
    print("| element | skill | spread (SD) | reason |")
    print("|---|---|---:|---|")
    for choice in choices:
        if not choice.chosen:
            print(
                f"| {choice.element_id} | {choice.name} | {choice.spread:.3f} | {choice.reason} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
