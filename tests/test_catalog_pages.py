"""The catalog's pages over real HTTP: content, headers, JSON-LD, sitemap, links to the quiz."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from tests.support import REPO_ROOT, HttpService

pytestmark = pytest.mark.integration

QUIZ_URL = "https://quiz.example.test"
PAGES_URL = "https://careers.example.test"

#: schema.org's properties (Occupation and the Thing properties it inherits; the types used
#: inside it), as a JSON Schema that allows nothing else: a structural check of the JSON-LD.
THING = {
    "@context": {"const": "https://schema.org"},
    "name": {"type": "string", "minLength": 1},
    "url": {"type": "string"},
    "description": {"type": "string"},
    "alternateName": {"type": "array", "items": {"type": "string"}},
    "identifier": {},
    "sameAs": {},
}
MONEY_DISTRIBUTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["@type", "currency", "median"],
    "properties": {
        "@type": {"const": "MonetaryAmountDistribution"},
        "name": {"type": "string"},
        "currency": {"const": "USD"},
        "duration": {"pattern": "^P"},
        **{
            key: {"type": "number", "minimum": 0}
            for key in ("percentile10", "percentile25", "median", "percentile75", "percentile90")
        },
    },
}
OCCUPATION_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["@context", "@type", "name", "occupationalCategory"],
    "properties": {
        **THING,
        "@type": {"const": "Occupation"},
        "occupationalCategory": {
            "type": "object",
            "additionalProperties": False,
            "required": ["@type", "codeValue"],
            "properties": {
                "@type": {"const": "CategoryCode"},
                "codeValue": {"pattern": r"^\d{2}-\d{4}\.\d{2}$"},
                "inCodeSet": {
                    "type": "object",
                    "properties": {"@type": {"const": "CategoryCodeSet"}, "name": {}},
                },
            },
        },
        "estimatedSalary": {"type": "array", "minItems": 1, "items": MONEY_DISTRIBUTION},
        "educationRequirements": {"type": "string"},
        "experienceRequirements": {"type": "string"},
        "qualifications": {"type": "string"},
        "responsibilities": {"type": "array"},
        "skills": {"type": "array", "items": {"type": "string"}},
        "occupationLocation": {
            "type": "object",
            "properties": {"@type": {"const": "Country"}, "name": {"type": "string"}},
        },
    },
}


class PageParser(HTMLParser):
    """What the tests read from a page: scripts, inline styles, links, head tags."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.style_tags = 0
        self.style_attrs = 0
        self.handlers = 0
        self.links: list[dict[str, str | None]] = []
        self.meta: dict[str, str | None] = {}
        self.canonical: str | None = None
        self.title = ""
        self._in_title = False
        self._script: dict[str, str | None] | None = None
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.style_attrs += "style" in a
        self.handlers += any(name.startswith("on") for name in a)
        if tag == "script":
            self._script = {"type": a.get("type"), "src": a.get("src"), "body": ""}
            self.scripts.append(self._script)
        elif tag == "style":
            self.style_tags += 1
        elif tag == "a":
            self.links.append(a)
        elif tag == "meta" and a.get("name"):
            self.meta[str(a["name"])] = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script["body"] = (self._script["body"] or "") + data
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def pages(artifacts_dir: Path) -> Iterator[str]:
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "QUIZ_PUBLIC_URL": QUIZ_URL, "PAGES_URL": PAGES_URL},
        artifacts_dir / "logs" / "catalog-pages.log",
    )
    service.start()
    yield service.url
    service.stop()


@pytest.fixture(scope="module")
def bare_pages(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[str]:
    """A catalog with the committed dataset only: no descriptions file, as in a fresh clone."""
    data = tmp_path_factory.mktemp("bare-pages")
    shutil.copy(REPO_ROOT / "services" / "catalog" / "data" / "catalog.json", data)
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "CATALOG_DATA_DIR": str(data)},
        artifacts_dir / "logs" / "catalog-pages-bare.log",
    )
    service.start()
    yield service.url
    service.stop()


def fetch(base: str, path: str) -> tuple[requests.Response, PageParser]:
    response = requests.get(base + path, timeout=10, allow_redirects=False)
    parser = PageParser()
    parser.feed(response.text)
    return response, parser


PAGE_PATHS = [
    "/",
    "/search?q=PyTorch",
    "/careers/15-2051.00",
    "/careers/29-1141.00",
    "/skills/",
    "/skills/programming",
    "/technologies/",
    "/technologies/pytorch",
    "/technologies/c-sharp",
]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_is_strict_attributed_and_links_to_the_quiz(pages: str, path: str) -> None:
    response, page = fetch(pages, path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/html")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # no inline script (a JSON-LD data block is data), no inline style, no handlers
    assert all(s["type"] == "application/ld+json" and s["src"] is None for s in page.scripts)
    assert page.style_tags == 0 and page.style_attrs == 0 and page.handlers == 0
    # nothing from another origin but links a person clicks
    assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*rel="stylesheet"', response.text)
    assert "O*NET 29.3 Database" in response.text and "Bureau of Labor Statistics" in response.text
    assert any(
        link.get("href") == QUIZ_URL + "/start" and "Take Career Match" in response.text
        for link in page.links
    )
    assert page.h1 == 1 and page.title.strip() and page.meta.get("description")


def test_the_stylesheet_is_served_at_its_hashed_address(pages: str) -> None:
    response, _ = fetch(pages, "/")
    found = re.search(
        r'<link rel="stylesheet" href="(/static/pages\.css\?v=([0-9a-f]{12}))"', response.text
    )
    assert found, "the page links its stylesheet by content hash"
    sheet = requests.get(pages + found.group(1), timeout=10)
    assert sheet.status_code == 200 and sheet.headers["Content-Type"].startswith("text/css")
    assert hashlib.sha256(sheet.content).hexdigest()[:12] == found.group(2)


def test_pages_ignore_unknown_parameters(pages: str) -> None:
    response, _ = fetch(pages, "/technologies/pytorch?utm_source=news&utm_medium=email&x=1")
    assert response.status_code == 200
    response, page = fetch(pages, "/careers/15-2051.00?utm_campaign=a")
    assert response.status_code == 200 and page.canonical == PAGES_URL + "/careers/15-2051.00"


def test_canonical_urls_and_redirects(pages: str) -> None:
    _, page = fetch(pages, "/skills/programming")
    assert page.canonical == PAGES_URL + "/skills/programming"
    for old, new in [
        ("/skills/2.B.3.e", "/skills/programming"),
        ("/technologies/C%23", "/technologies/c-sharp"),
    ]:
        response, _ = fetch(pages, old)
        assert response.status_code == 301 and response.headers["Location"].endswith(new)
    response, _ = fetch(pages, "/technologies/?name=PyTorch")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/technologies/pytorch"
    )
    response, _ = fetch(pages, "/careers/99-9999.99")
    assert response.status_code == 404 and "No career" in response.text


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def test_pytorch_page_shows_its_figures(pages: str) -> None:
    api = requests.get(pages + "/v1/technologies/pytorch", timeout=10).json()
    response, _ = fetch(pages, "/technologies/pytorch")
    text = text_of(response.text)
    assert "Hot technology" in text and "In demand for 2 careers" in text
    pay = api["pay"]
    for key in ("pct25", "median", "pct75"):
        assert f"${pay[key]['value']:,}" in text
    assert "Data Scientists" in text and "TensorFlow" in text
    assert "employment-weighted median" in text  # the method is stated on the page
    assert "too few careers to compare" in text  # three careers: no salary impact


def test_programming_page_shows_level_impact_and_unrated(pages: str) -> None:
    api = requests.get(pages + "/v1/skills/programming", timeout=10).json()
    response, _ = fetch(pages, "/skills/programming")
    text = text_of(response.text)
    assert f"median {api['level']['median']}" in text
    impact = api["salary_impact"]["value"]
    assert impact is not None and f"+${impact:,} a year" in text
    assert "Careers O*NET has not rated on skills yet (44)" in text
    assert "Software Developers" in text and "Data Scientists" in text


def test_thin_technology_page_is_noindex_and_says_why(pages: str) -> None:
    listing = requests.get(pages + "/v1/technologies?per_page=100&page=80", timeout=10).json()
    thin = next(t for t in listing["items"] if not t["page"])
    response, page = fetch(pages, f"/technologies/{thin['id']}")
    assert response.status_code == 200
    assert page.meta.get("robots", "").startswith("noindex")
    assert "A short page" in response.text


def test_career_page_has_interest_chart_pay_source_and_sections(pages: str) -> None:
    response, _ = fetch(pages, "/careers/15-2051.00")
    html = response.text
    assert html.count('class="cm-chart-bar') == 6 and 'role="img"' in html
    text = text_of(html)
    assert "from its own BLS occupation 15-2051" in text and "$112,590" in text
    for heading in (
        "Interests",
        "Training",
        "Pay",
        "Skills it needs",
        "Technologies",
        "Related careers",
        "Also called",
    ):
        assert heading in text
    assert "O*NET has not rated this career's skills yet." in text  # Data Scientists
    broad = text_of(fetch(pages, "/careers/13-1021.00")[0].text)  # published only as 13-1020
    assert "from the wider BLS group 13-1020" in broad


def jsonld_of(html: str) -> dict[str, Any]:
    parser = PageParser()
    parser.feed(html)
    blocks = [s for s in parser.scripts if s["type"] == "application/ld+json"]
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0]["body"] or "")
    return data


@pytest.mark.parametrize(
    "code", ["15-2051.00", "29-1141.00", "11-1011.00", "13-1021.00", "29-1216.00"]
)
def test_career_jsonld_is_a_schema_org_occupation(pages: str, code: str) -> None:
    data = jsonld_of(fetch(pages, f"/careers/{code}")[0].text)
    jsonschema.validate(data, OCCUPATION_SCHEMA)
    assert data["occupationalCategory"]["codeValue"] == code
    assert data["url"] == f"{PAGES_URL}/careers/{code}"
    career = requests.get(f"{pages}/v1/careers/{code}", timeout=10).json()
    assert data["name"] == career["title"]
    if career["wage"] and career["wage"]["annual"]["median"] is not None:
        salary = data["estimatedSalary"][0]
        assert salary["median"] == career["wage"]["annual"]["median"]
        values = [
            salary[k]
            for k in ("percentile10", "percentile25", "median", "percentile75", "percentile90")
            if k in salary
        ]
        assert values == sorted(values)
    assert "Job Zone" in data["educationRequirements"]
    if career["skills"]:
        assert set(data["skills"]) <= {s["name"] for s in career["skills"]}


def test_sitemap_lists_every_page_and_a_sample_answers(pages: str) -> None:
    response = requests.get(pages + "/sitemap.xml", timeout=10)
    assert response.status_code == 200 and "xml" in response.headers["Content-Type"]
    locs = [
        el.text or ""
        for el in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert all(loc.startswith(PAGES_URL + "/") for loc in locs)
    paths = [loc[len(PAGES_URL) :] for loc in locs]
    kinds: dict[str, list[str]] = {
        "careers": [],
        "skills": [],
        "technologies": [],
        "regions": [],
        "fields": [],
        "lists": [],
    }
    for path in paths:
        parts = path.strip("/").split("/")
        kind = parts[0] if len(parts) == 2 else "lists"
        kinds[kind].append(path)
    counts = {kind: len(found) for kind, found in kinds.items()}
    assert counts["careers"] == 923 and counts["skills"] == 35
    assert counts["regions"] == 67 and "/regions/" in kinds["lists"]  # 54 US, 13 Canadian
    assert counts["fields"] >= 25 and "/fields/" in kinds["lists"]
    technologies = requests.get(pages + "/v1/technologies?per_page=1", timeout=10).json()["total"]
    assert 2000 < counts["technologies"] < technologies  # thin pages are left out
    rng = random.Random(10)
    sample = [p for found in kinds.values() for p in rng.sample(found, min(5, len(found)))]
    for path in sample:
        assert requests.get(pages + path, timeout=10).status_code == 200, path
    robots = requests.get(pages + "/robots.txt", timeout=10).text
    assert f"Sitemap: {PAGES_URL}/sitemap.xml" in robots


def test_without_descriptions_pages_say_how_to_get_them(bare_pages: str) -> None:
    response, _ = fetch(bare_pages, "/careers/15-2051.00")
    assert response.status_code == 200
    text = text_of(response.text)
    assert "description is not available on this server" in text and "make catalog" in text
    data = jsonld_of(response.text)
    assert "description" not in data
    jsonschema.validate(data, OCCUPATION_SCHEMA)
