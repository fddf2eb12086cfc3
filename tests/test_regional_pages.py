"""State and province pages, and a technology page's top states, against the source rows.

The figures are recomputed here from ``../shared/data/regional`` (the OEWS state file, the Job
Bank file and the crosswalk), read simply and independently of the build and of the pages.
"""

from __future__ import annotations

import json
import re
import statistics
from html.parser import HTMLParser

import pytest
import requests

from services.catalog.layout import REGIONAL_FILE
from shared.regions import BY_CODE
from tests.support import REPO_ROOT, HttpService

pytestmark = [pytest.mark.shared_data, pytest.mark.integration]

CODES = [
    c["code"]
    for c in json.loads((REPO_ROOT / "services" / "catalog" / "data" / REGIONAL_FILE).read_text())[
        "careers"
    ]
]
Row = tuple[str, list[str]]


class Tables(HTMLParser):
    """Rows of every table with an id: the first link of the row and its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[Row]] = {}
        self._table: str | None = None
        self._cells: list[str] | None = None
        self._href = ""
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id"):
            self._table = found["id"]
            self.tables[self._table or ""] = []
        elif tag == "tr" and self._table:
            self._cells, self._href = [], ""
        elif tag in ("th", "td") and self._cells is not None:
            self._cells.append("")
            self._in_cell = True
        elif tag == "a" and self._cells is not None and not self._href:
            self._href = found.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("th", "td"):
            self._in_cell = False
        elif tag == "tr" and self._table and self._cells is not None:
            if self._href:  # body rows only: header rows hold no link
                self.tables[self._table].append((self._href, [c.strip() for c in self._cells]))
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._in_cell and self._cells:
            self._cells[-1] += data


@pytest.fixture()
def pages(catalog_service: HttpService) -> str:
    """The session's catalog server (the committed dataset), serving its pages."""
    return catalog_service.url


def tables(base: str, path: str) -> dict[str, list[Row]]:
    response = requests.get(base + path, timeout=10)
    assert response.status_code == 200, path
    parser = Tables()
    parser.feed(response.text)
    return parser.tables


def number(cell: str) -> float:
    return float(re.sub(r"[^0-9.]", "", cell))


def test_state_page_figures_equal_the_oews_state_rows(
    pages: str, states: dict[tuple[str, str], dict[str, str]]
) -> None:
    found = tables(pages, "/regions/US-CA")
    # one row per BLS occupation: careers sharing one are one row, the group's
    source = {
        code[:7]: (int(row["A_MEDIAN"]), int(row["TOT_EMP"]) if row["TOT_EMP"] else None)
        for code in CODES
        if (row := states.get((code[:7], "CA"))) and row["A_MEDIAN"]
    }
    best = found["best-paid"]
    assert len(best) == 20
    medians = sorted((m for m, _ in source.values()), reverse=True)[:20]
    assert [number(cells[1]) for _, cells in best] == medians
    for href, cells in best:
        median, employment = source[href.rsplit("/", 1)[1][:7]]
        assert number(cells[1]) == median
        assert cells[2] == f"{employment:,}" if employment else cells[2] == "Not published"
    employed = found["most-employed"]
    counts = sorted((e for _, e in source.values() if e is not None), reverse=True)[:20]
    assert [number(cells[1]) for _, cells in employed] == counts
    for href, cells in employed:
        assert number(cells[2]) == source[href.rsplit("/", 1)[1][:7]][0]
    text = requests.get(pages + "/regions/US-CA", timeout=10).text
    assert "Occupational Employment and Wage Statistics, May 2024 (state)" in text


def test_a_group_figure_is_said_to_be_the_groups(
    pages: str, states: dict[tuple[str, str], dict[str, str]]
) -> None:
    response = requests.get(pages + "/regions/US-TX", timeout=10)
    text = " ".join(re.sub(r"<[^>]+>", " ", response.text).split())
    employed = f"{int(states[('35-3023', 'TX')]['TOT_EMP']):,}"
    assert (
        "BLS group Fast Food and Counter Workers (35-3023) Figures of the whole group, which "
        f"includes Baristas and Fast Food and Counter Workers . {employed}"
    ) in text
    assert text.count(employed) == 1  # not once for each career
    rows = tables(pages, "/regions/US-TX")["most-employed"]
    assert len({cells[1] for _, cells in rows}) == len(rows)  # no group twice
    assert '<a href="/careers/35-3023.01">Baristas</a>' in response.text
    ontario = requests.get(pages + "/regions/CA-ON", timeout=10).text
    ontario = " ".join(re.sub(r"<[^>]+>", " ", ontario).split())
    shared = "Job Bank NOC 20012 Figures shared by Computer and Information Systems Managers"
    assert shared in ontario


def test_province_page_figures_equal_job_bank_through_the_crosswalk(
    pages: str,
    jobbank: dict[tuple[str, str], dict[str, str]],
    crosswalk: dict[str, list[str]],
) -> None:
    # careers that reach the same Job Bank rows share one row
    nocs_of: dict[str, tuple[str, ...]] = {}
    source: dict[tuple[str, ...], float] = {}
    for code in CODES:
        nocs = tuple(n for n in sorted(set(crosswalk.get(code, []))) if (n, "ER35") in jobbank)
        if nocs:
            nocs_of[code] = nocs
            wages = [float(jobbank[(noc, "ER35")]["Median_Wage_2024"]) for noc in nocs]
            source[nocs] = round(statistics.median(wages), 2)
    found = tables(pages, "/regions/CA-ON")
    assert "most-employed" not in found  # Job Bank publishes no employment
    best = found["best-paid"]
    assert [number(cells[1]) for _, cells in best] == sorted(source.values(), reverse=True)[:20]
    for href, cells in best:
        median = source[nocs_of[href.rsplit("/", 1)[1]]]
        assert cells[1] == f"CA${median:.2f}"
        assert cells[2] == f"CA${round(median * 1950):,}"
    text = requests.get(pages + "/regions/CA-ON", timeout=10).text
    assert "Job Bank" in text and "wages 2024" in text and "Canadian dollars" in text


def weighted_median(pairs: list[tuple[int, int]]) -> int:
    total, running = sum(w for _, w in pairs), 0
    for value, weight in sorted(pairs):
        running += weight
        if 2 * running >= total:
            return value
    raise AssertionError("no weight")


def test_technology_page_top_states_recomputed(
    pages: str, states: dict[tuple[str, str], dict[str, str]]
) -> None:
    api = requests.get(pages + "/v1/technologies/pytorch", timeout=10).json()
    socs = {c["code"][:7] for c in api["career_list"]["items"]}
    by_state: dict[str, list[tuple[int, int]]] = {}
    for (soc, state), row in states.items():
        if soc in socs and row["A_MEDIAN"] and row["TOT_EMP"]:
            by_state.setdefault(state, []).append((int(row["A_MEDIAN"]), int(row["TOT_EMP"])))
    with_figures = len(
        {soc for (soc, _), r in states.items() if soc in socs and r["A_MEDIAN"] and r["TOT_EMP"]}
    )
    ranked = sorted(
        (-weighted_median(pairs), BY_CODE[f"US-{state}"].name, state)
        for state, pairs in by_state.items()
        if 2 * len(pairs) >= with_figures
    )
    shown = tables(pages, "/technologies/pytorch")["top-states"]
    assert len(shown) == 10
    assert [(href, number(cells[1])) for href, cells in shown] == [
        (f"/regions/US-{state}", -value) for value, _, state in ranked[:10]
    ]
    assert shown[0][0] == "/regions/US-CA"
    text = requests.get(pages + "/technologies/pytorch", timeout=10).text
    assert "employment-weighted median of their state median annual wages" in text
    assert "never counted as zero" in text
    provinces = tables(pages, "/technologies/pytorch")["top-provinces"]
    assert provinces and all(cells[1].startswith("CA$") for _, cells in provinces)


def test_career_page_links_its_places_and_unknown_region_is_404(pages: str) -> None:
    found = tables(pages, "/careers/29-1141.00")
    assert found["state-pay"][0][0] == "/regions/US-CA"
    assert "/regions/CA-ON" in {href for href, _ in found["canada-pay"]}
    assert requests.get(pages + "/regions/CA", timeout=10).status_code == 404
    index = requests.get(pages + "/regions/", timeout=10).text
    assert index.count('href="/regions/') == 67
