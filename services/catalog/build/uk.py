"""UK pay: ONS ASHE 2024 (provisional) full-time annual pay, reached from O*NET careers.

Reads ``uk/`` of the regional sources at build time (never at run time) and gives each
career either one UK SOC 2020 unit group with its ASHE figures or the reason it has none.

**The rule** (a UK figure only where it is confident):

1. A career in the reviewed file (``data/uk_review.csv``: the 100 careers with the most US
   employment, checked by hand) takes the group written there, or none when none is.
2. Otherwise, *title*: the career's own O*NET title, found among the ONS coding index's job
   titles (case, punctuation and plural -s ignored), naming exactly one unit group, which
   the ISCO chain also reaches, decides.
3. Otherwise, *titles and chain*: of the unit groups named by the career's title or one of
   its alternate titles in the coding index, the one the ISCO chain gives the most weight
   decides, if that weight is at least half (the chain's dominant group).
4. Otherwise no UK figure. The ISCO chain is O*NET-SOC -> US SOC 2018 -> SOC 2010 (BLS) ->
   ISCO-08 (BLS) -> SOC 2020, each ISCO-08 code sharing its weight among the SOC 2020 groups
   in proportion to the coding index titles that carry that pair.

A group's figures are the Full-Time sheet's cells of its row; a marked cell (``x``, ``..``,
``:``) is ``None``, never filled. A group without a published median gives no UK figure.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.catalog.layout import UK_COLUMNS

ASHE_FILE = Path("uk") / "ashe_2024p_table14_7a_annual_gross.xlsx"
INDEX_FILE = Path("uk") / "ons_soc2020_vol2_coding_index_2025-04-16.xlsx"
ISCO_FILE = Path("uk") / "bls_isco08_soc2010_crosswalk.xls"
SOC2018_FILE = Path("uk") / "bls_soc2010_soc2018_crosswalk.xlsx"
UK_FILES = (ASHE_FILE, INDEX_FILE, ISCO_FILE, SOC2018_FILE)
ASHE_SHEET = "Full-Time"
#: The ASHE columns kept, in ``UK_COLUMNS`` order (0-based, Full-Time sheet).
_ASHE_AT = {"pct10": 7, "pct25": 9, "median": 3, "pct75": 14, "pct90": 16}
#: ONS's markers: suppressed (CV over 20%), disclosive, not applicable.
ASHE_MARKERS = frozenset({"x", "..", ":"})
#: The chain's weight a title-matched group needs (rule 3).
DOMINANT = 0.5
REVIEW_COLUMNS = ("code", "title", "soc2020", "uk_group", "reason")


class UKBuildError(RuntimeError):
    """A UK source file is missing or not shaped as the build relies on."""


@dataclass(frozen=True)
class UKSources:
    """The UK source files, read: ASHE groups, coding index and the BLS crosswalks."""

    groups: Mapping[str, tuple[str, list[int | None]]]  # soc2020 -> (title, UK_COLUMNS)
    titles: Mapping[str, frozenset[str]]  # normalized job title -> soc2020 groups
    isco_groups: Mapping[str, Mapping[str, int]]  # isco08 -> {soc2020: index titles}
    soc2010_of: Mapping[str, frozenset[str]]  # US SOC 2018 -> SOC 2010 codes
    isco_of: Mapping[str, frozenset[str]]  # US SOC 2010 -> ISCO-08 codes


# --- pure helpers -------------------------------------------------------------------------


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def normalize_title(title: str) -> str:
    """A job title compared without case, punctuation or a plural -s: ``"Nurses, RN"`` ->
    ``"nurse rn"``."""
    words = re.sub(r"[^a-z0-9 ]", " ", title.lower()).split()
    return " ".join(_singular(w) for w in words)


def ashe_cell(value: Any) -> int | None:
    """An ASHE cell in whole pounds; ``None`` for a marker (never filled) or an empty cell
    (a row whose whole line is marked ``:`` or ``..`` in its number of jobs)."""
    if value is None or isinstance(value, str) and value.strip() in ASHE_MARKERS:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UKBuildError(f"unexpected ASHE cell {value!r}")
    return round(value)


def chain_weights(code: str, sources: UKSources) -> defaultdict[str, float]:
    """The ISCO chain's weight of each SOC 2020 group for an O*NET-SOC code (sums to 1)."""
    iscos: set[str] = set()
    for soc2010 in sources.soc2010_of.get(code[:7], ()):
        iscos |= sources.isco_of.get(soc2010, frozenset())
    weights: defaultdict[str, float] = defaultdict(float)
    for isco in sorted(iscos):
        groups = sources.isco_groups.get(isco, {})
        total = sum(groups.values())
        for group, count in groups.items():
            weights[group] += count / total / len(iscos)
    return weights


def rule_group(code: str, titles: Sequence[str], sources: UKSources) -> tuple[str | None, str]:
    """Rules 2-4 for one career (``titles``: its O*NET title first, then alternates)."""
    chain = chain_weights(code, sources)
    own = sources.titles.get(normalize_title(titles[0]), frozenset())
    if len(own) == 1:
        (group,) = own
        if chain[group] > 0:
            return group, f"title: '{titles[0]}' is a coding index title of this group only"
    named = {g for t in titles for g in sources.titles.get(normalize_title(t), ())}
    confirmed = sorted((g for g in named if chain[g] > 0), key=lambda g: (-chain[g], g))
    if confirmed and chain[confirmed[0]] >= DOMINANT:
        share = round(100 * chain[confirmed[0]])
        return confirmed[0], f"titles and chain: a title in the coding index, {share}% of chain"
    if not named:
        return None, "no title of the career is in the ONS coding index"
    if not any(chain.values()):
        return None, "the ISCO chain does not reach a UK group"
    return None, "its titles and the ISCO chain do not agree on one UK group"


def uk_entry(
    code: str,
    titles: Sequence[str],
    sources: UKSources,
    review: Mapping[str, Mapping[str, str]],
) -> dict[str, Any]:
    """A career's ``uk`` entry: ``{"group", "basis", "why"}``; ``group`` is ``None`` when
    it has no UK figure, and ``why`` says why."""
    reviewed = review.get(code)
    if reviewed is not None:
        group: str | None = reviewed["soc2020"] or None
        basis, why = "reviewed", reviewed["reason"]
    else:
        group, why = rule_group(code, titles, sources)
        basis = "rule" if group else "none"
    if group is not None:
        if group not in sources.groups:
            raise UKBuildError(f"{code}: SOC 2020 {group} is not an ASHE unit group")
        title, figures = sources.groups[group]
        if figures[UK_COLUMNS.index("median")] is None:
            why = f"ONS publishes no reliable full-time median for {title} (SOC 2020 {group})"
            return {"group": None, "basis": "suppressed", "why": why, "near": group}
    return {"group": group, "basis": basis, "why": why}


# --- reading the files --------------------------------------------------------------------


def _require(path: Path) -> Path:
    if not path.is_file():
        raise UKBuildError(f"missing UK source file: {path}")
    return path


def _xlsx_rows(path: Path, sheet: str | None = None) -> Iterable[tuple[Any, ...]]:
    import openpyxl  # the build's only reader of workbooks; not needed at run time

    book = openpyxl.load_workbook(_require(path), read_only=True, data_only=True)
    try:
        yield from (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    finally:
        book.close()


def read_ashe(path: Path) -> dict[str, tuple[str, list[int | None]]]:
    """The 4-digit unit groups of the Full-Time sheet: ``{soc2020: (title, figures)}``."""
    groups: dict[str, tuple[str, list[int | None]]] = {}
    for row in _xlsx_rows(path, ASHE_SHEET):
        code = str(row[1] or "").strip()
        if len(code) == 4 and code.isdigit():
            figures = [ashe_cell(row[_ASHE_AT[k]]) for k in UK_COLUMNS]
            groups[code] = (str(row[0]).strip(), figures)
    if len(groups) != 412:
        raise UKBuildError(f"{path.name}: {len(groups)} unit groups, expected 412")
    return groups


def read_index(path: Path) -> tuple[dict[str, frozenset[str]], dict[str, dict[str, int]]]:
    """The coding index: groups by normalized title, and index titles by ISCO-08 x group."""
    rows = iter(_xlsx_rows(path, "SOC2020 coding index"))
    header = list(next(rows))
    at_soc, at_isco = header.index("SOC_2020"), header.index("ISCO-08 code based on SOC2020")
    at_title = header.index("INDEXOCC_-_natural_word_order")
    titles: dict[str, set[str]] = defaultdict(set)
    pairs: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        group = str(row[at_soc]).strip()
        if not (len(group) == 4 and group.isdigit()):
            continue  # '}}}}': the title's group depends on its industry
        titles[normalize_title(str(row[at_title]))].add(group)
        if row[at_isco] is not None:
            pairs[str(row[at_isco]).strip().zfill(4)][group] += 1
    return (
        {t: frozenset(g) for t, g in titles.items()},
        {isco: dict(groups) for isco, groups in pairs.items()},
    )


def read_soc2018(path: Path) -> dict[str, frozenset[str]]:
    """BLS SOC 2010 <-> 2018: the SOC 2010 codes of each SOC 2018 code."""
    mapped: dict[str, set[str]] = defaultdict(set)
    for row in _xlsx_rows(path):
        old, new = str(row[0] or "").strip(), str(row[2] or "").strip()
        if re.fullmatch(r"\d\d-\d{4}", old) and re.fullmatch(r"\d\d-\d{4}", new):
            mapped[new].add(old)
    return {k: frozenset(v) for k, v in mapped.items()}


def read_isco(path: Path) -> dict[str, frozenset[str]]:
    """BLS ISCO-08 <-> SOC 2010: the ISCO-08 codes of each SOC 2010 code."""
    import xlrd  # the BLS crosswalk is an old .xls workbook

    sheet = xlrd.open_workbook(str(_require(path))).sheet_by_name("2010 SOC to ISCO-08")
    mapped: dict[str, set[str]] = defaultdict(set)
    for i in range(sheet.nrows):
        soc, isco = str(sheet.cell_value(i, 0)).strip(), str(sheet.cell_value(i, 3)).strip()
        if re.fullmatch(r"\d\d-\d{4}", soc) and re.fullmatch(r"\d{4}", isco):
            mapped[soc].add(isco)
    return {k: frozenset(v) for k, v in mapped.items()}


def read_sources(regional_dir: Path) -> UKSources:
    """Every UK source file under ``regional_dir``."""
    titles, isco_groups = read_index(regional_dir / INDEX_FILE)
    return UKSources(
        groups=read_ashe(regional_dir / ASHE_FILE),
        titles=titles,
        isco_groups=isco_groups,
        soc2010_of=read_soc2018(regional_dir / SOC2018_FILE),
        isco_of=read_isco(regional_dir / ISCO_FILE),
    )


def read_review(path: Path) -> dict[str, dict[str, str]]:
    """The reviewed mappings by career code (an empty ``soc2020``: no UK figure)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != REVIEW_COLUMNS:
            raise UKBuildError(f"{path.name}: columns must be {', '.join(REVIEW_COLUMNS)}")
        return {row["code"]: row for row in reader}


def build_uk(
    regional_dir: Path, titles: Mapping[str, Sequence[str]], review_path: Path
) -> tuple[dict[str, dict[str, Any]], dict[str, list[Any]]]:
    """Each career's ``uk`` entry, and the groups they use: ``{soc2020: [title, *figures]}``."""
    sources = read_sources(regional_dir)
    review = read_review(review_path)
    unknown = sorted(set(review) - set(titles))
    if unknown:
        raise UKBuildError(f"{review_path.name} names careers not in the catalog: {unknown}")
    entries = {code: uk_entry(code, names, sources, review) for code, names in titles.items()}
    used = sorted({e["group"] for e in entries.values() if e["group"]})
    groups = {g: [sources.groups[g][0], *sources.groups[g][1]] for g in used}
    return entries, groups
