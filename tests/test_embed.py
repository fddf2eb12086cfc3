"""The embed's pages and embed.js over the Flask test client: CSP, errors, no inline code."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.quiz.app import create_app
from services.quiz.embed import STATIC_DIR
from shared.settings import Settings

EMBED_JS = STATIC_DIR / "embed.js"
#: The limit the embedding sites were promised, gzip -9, in bytes.
EMBED_JS_GZIP_LIMIT = 10 * 1024
#: The quiz's own origin (PUBLIC_URL), which its frame and demo page are served from.
OWN_ORIGIN = "http://127.0.0.1:8000"
SITES = {
    "shop": {
        "allowed_origins": ["https://shop.example", "http://127.0.0.1:5000"],
        "theme": {"accent": "#0B6E4F", "font": "serif"},
    }
}


@pytest.fixture(scope="module")
def app() -> Flask:
    settings = Settings.from_env({"SITES_JSON": json.dumps(SITES), "PUBLIC_URL": OWN_ORIGIN})
    return create_app(settings)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class InlineFinder(HTMLParser):
    """Collects what a strict CSP would block, and every URL a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.loads: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            if not attributes.get("src"):
                self.problems.append("<script> without src")
            self.loads.append(attributes.get("src") or "")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.loads.append(attributes.get("href") or "")
        if tag in ("img", "iframe") and attributes.get("src"):
            self.loads.append(attributes["src"] or "")


def parse(html: str) -> InlineFinder:
    finder = InlineFinder()
    finder.feed(html)
    return finder


def test_quiz_page_has_strict_csp_and_site_frame_ancestors(client: FlaskClient) -> None:
    response = client.get("/embed/career-match?site=shop&origin=https://shop.example")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self' https://shop.example http://127.0.0.1:5000",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "nonce" not in csp
    assert "X-Frame-Options" not in response.headers
    html = response.get_data(as_text=True)
    assert 'data-accent="#0b6e4f"' in html and 'data-site="shop"' in html
    assert 'data-parent-origin="https://shop.example"' in html
    # the attribution is there even before any result, modification notice and links included
    assert "O*NET® is a trademark" in html and "has modified all or some" in html
    assert "Bureau of Labor Statistics" in html and "creativecommons.org/licenses/by/4.0" in html


def test_quiz_page_refuses_to_vouch_for_an_unlisted_parent(client: FlaskClient) -> None:
    html = client.get("/embed/career-match?site=shop&origin=https://evil.example").get_data(
        as_text=True
    )
    assert 'data-parent-origin=""' in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/embed/career-match?site=shop",
        "/embed/career-match-short?site=shop&mode=popup",
        "/embed/career-match?site=unknown",
        "/embed/no-such-quiz?site=shop",
    ],
)
def test_no_inline_code_and_nothing_from_other_origins(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    found = parse(response.get_data(as_text=True))
    assert found.problems == []
    assert found.loads and all(url.startswith("/") for url in found.loads), found.loads
    assert "Content-Security-Policy" in response.headers
    for url in found.loads:
        with client.get(url) as asset:
            assert asset.status_code == 200, url


def test_quiz_page_loads_every_script_of_the_ui_by_its_content_hash(client: FlaskClient) -> None:
    # A script left out breaks the page; a URL without the file's hash outlives a deploy.
    html = client.get("/embed/career-match?site=shop").get_data(as_text=True)
    scripts = [url for url in parse(html).loads if url.startswith("/static/quiz/")]
    names = [url.partition("?")[0].rpartition("/")[2] for url in scripts]
    assert sorted(names) == sorted(path.name for path in (STATIC_DIR / "quiz").glob("*.js"))
    assert names[0] == "core.js" and names[-1] == "main.js"
    for url in scripts:
        path, _, version = url.partition("?v=")
        body = (STATIC_DIR / path.removeprefix("/static/")).read_bytes()
        assert version == hashlib.sha256(body).hexdigest()[:12], url


def test_unknown_site_and_unknown_quiz_are_readable_404s(client: FlaskClient) -> None:
    unknown_site = client.get("/embed/career-match?site=nobody")
    assert unknown_site.status_code == 404 and unknown_site.mimetype == "text/html"
    assert "not registered" in unknown_site.get_data(as_text=True)
    assert "'nobody'" in unknown_site.get_data(as_text=True).replace("&#39;", "'")
    assert "frame-ancestors *" in unknown_site.headers["Content-Security-Policy"]

    no_key = client.get("/embed/career-match")
    assert no_key.status_code == 404 and "without a site key" in no_key.get_data(as_text=True)

    unknown_quiz = client.get("/embed/nope?site=shop")
    assert unknown_quiz.status_code == 404
    assert "no quiz called" in unknown_quiz.get_data(as_text=True).lower()
    assert "https://shop.example" in unknown_quiz.headers["Content-Security-Policy"]


def test_embed_js_is_cached_javascript_with_etag(client: FlaskClient) -> None:
    with client.get("/embed.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.cache_control.max_age and response.cache_control.max_age >= 3600
        assert not response.cache_control.no_cache
        etag = response.headers["ETag"]
    with client.get("/embed.js", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_embed_js_is_under_10_kb_gzipped() -> None:
    size = len(gzip.compress(EMBED_JS.read_bytes(), compresslevel=9))
    print(f"embed.js: {EMBED_JS.stat().st_size} bytes, {size} bytes gzip -9")
    assert size <= EMBED_JS_GZIP_LIMIT


def test_demo_page_embeds_inline_and_popup_with_snippet(client: FlaskClient) -> None:
    # the snippet names the configured origin, whatever host the request names
    html = client.get("/", base_url="http://evil.example").get_data(as_text=True)
    assert 'src="/embed.js"' in html
    assert html.count("data-careermatch") >= 2 and 'data-mode="popup"' in html
    assert '&lt;script src="http://127.0.0.1:8000/embed.js" async&gt;' in html
    assert "evil.example" not in html


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_embed_js_does_nothing_without_a_browser(tmp_path: Path) -> None:
    """Evaluated where there is no window (server rendering), it neither throws nor acts."""
    result = subprocess.run(
        ["node", str(EMBED_JS)], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("query", "origin", "allowed", "says"),
    [
        ("site=shop", "https://shop.example", True, ""),
        ("site=shop", "https://evil.example", False, "https://evil.example"),
        ("site=nope", "https://shop.example", False, "not registered"),
        ("site=", "https://shop.example", False, "without a site key"),
        ("site=shop", OWN_ORIGIN, True, ""),  # the service's own pages (demo)
        ("site=shop", "http://localhost", False, "http://localhost"),  # the request's host
    ],
)
def test_embed_check_answers_any_origin(
    client: FlaskClient, query: str, origin: str, allowed: bool, says: str
) -> None:
    response = client.get(f"/embed/career-match/check?{query}", headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Origin" in response.headers["Vary"]
    body = response.get_json()
    assert body["allowed"] is allowed and body["origin"] == origin
    assert says in body["message"]


def test_embed_check_of_an_unknown_quiz(client: FlaskClient) -> None:
    body = client.get(
        "/embed/no-quiz/check?site=shop", headers={"Origin": "https://shop.example"}
    ).get_json()
    assert body["allowed"] is False and "no-quiz" in body["message"]
