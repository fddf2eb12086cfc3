"""Browser fixtures: Debian's Chromium driven by Playwright, axe-core from npm, a host page.

The host page is served from a second origin (the port ``quiz_stack`` reserved for the site
``test-site``) under a strict Content-Security-Policy of its own, so the tests show that a
site with such a policy can embed the quiz.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import HttpService, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
HOST_JS = HERE / "host.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium; skipped (failed in CI) when it is not installed."""
    if not CHROMIUM.exists():
        skip_or_fail(
            f"Chromium is not installed at {CHROMIUM}; the browser tests need it "
            "(apt-get install chromium chromium-driver)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (make install)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle, installed from the npm lockfile beside this file."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            skip_or_fail("npm is not installed; the accessibility tests get axe-core from npm")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--omit-lockfile-registry-resolved"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not AXE_JS.is_file():
            skip_or_fail(f"npm ci in {HERE} failed:\n{result.stdout}\n{result.stderr}")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class HostServer:
    """The embedding site: pages generated per request, on their own origin."""

    origin: str
    quiz_url: str

    def page(self, mode: str = "inline", site: str = "test-site", **extra: str) -> str:
        """URL of a host page embedding the quiz (``mode``: inline, popup or api)."""
        query = "&".join(f"{k}={v}" for k, v in {"mode": mode, "site": site, **extra}.items())
        return f"{self.origin}/page?{query}"


def host_page(quiz_url: str, params: dict[str, str]) -> str:
    """An ordinary site's page: text, a button before the embed, the snippet, its own script."""
    mode = params.get("mode", "inline")
    site = html.escape(params.get("site", "test-site"))
    quiz = html.escape(params.get("quiz", "career-match"))
    timeout = html.escape(params.get("timeout", "15000"))
    attrs = f'data-quiz="{quiz}" data-site="{site}" data-ready-timeout="{timeout}"'
    if mode == "api":
        # embedded from the host's own script with CareerMatch.embed (see host.js)
        target = f'<div id="quiz" data-api-embed {attrs}></div>'
    elif mode == "popup":
        popup = 'data-mode="popup" data-label="Open quiz"'
        target = f'<div id="quiz" data-careermatch {popup} {attrs}></div>'
    else:
        target = f'<div id="quiz" data-careermatch {attrs}><p>Loading the quiz.</p></div>'
    loader = f'<script src="{quiz_url}/embed.js" async></script>'
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>{loader}{loader if mode == "inline" else ""}
<script src="/host.js" defer></script></head>
<body>
<main>
<h1>A site that embeds Career Match</h1>
<p><a href="#before" id="before">A link before the quiz</a></p>
{target}
<p><button type="button" id="after">A button after the quiz</button></p>
<h2>Events</h2>
<ol id="events"></ol>
</main>
</body>
</html>"""


@pytest.fixture(scope="session")
def host_server(quiz_stack: Any) -> Iterator[HostServer]:
    """A threaded HTTP server on the origin ``test-site`` allows, serving host pages."""
    quiz_url = quiz_stack.quiz_url
    quiz_origin = quiz_url

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            url = urlsplit(self.path)
            if url.path == "/host.js":
                body, kind = HOST_JS.read_bytes(), "text/javascript"
            elif url.path == "/page":
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                body, kind = host_page(quiz_url, params).encode(), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'self'; script-src 'self' {quiz_origin}; "
                f"frame-src {quiz_origin}; style-src 'self'; connect-src 'self' {quiz_origin}; "
                "base-uri 'none'; object-src 'none'",
            )
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", quiz_stack.host_port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HostServer(origin=quiz_stack.host_origin, quiz_url=quiz_url)
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def screenshots_dir(artifacts_dir: Path) -> Path:
    """artifacts/screenshots/: what the quiz looked like, for people to check."""
    path = artifacts_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (own sessionStorage) per test, 1280 px wide."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def pages_url(quiz_stack: Any, artifacts_dir: Path) -> Iterator[str]:
    """The catalog serving its pages, linking to the test stack's quiz."""
    service = HttpService(
        "services.catalog",
        {"LOG_LEVEL": "warning", "QUIZ_PUBLIC_URL": quiz_stack.quiz_url},
        artifacts_dir / "logs" / "catalog-pages-browser.log",
    )
    service.env["PAGES_URL"] = service.url
    service.start()
    yield service.url
    service.stop()


# --- what a scripted person does in the quiz frame ----------------------------------------

#: How a scripted person answers the interest items: strong I and C, weak S (not flat).
AREA_ANSWER = {"r": 1, "i": 4, "a": 2, "s": 0, "e": 1, "c": 3}


#: Collects the page's Content-Security-Policy violations in ``window.cspViolations``.
WATCH_VIOLATIONS = """() => {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
}"""


def loopback_page(context: Any) -> Any:
    """A new page that fetches from loopback only (anything else is refused, not fetched)
    and collects its CSP violations (``WATCH_VIOLATIONS``)."""
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).hostname == "127.0.0.1"
            else route.abort()
        ),
    )
    page.add_init_script(WATCH_VIOLATIONS.removeprefix("() => {").removesuffix("}"))
    return page


@contextmanager
def page_at(browser: Any, width: int) -> Iterator[Any]:
    """A page ``width`` px wide in a fresh browser profile, closed with it afterwards."""
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    ctx.set_default_timeout(20_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def assert_fits(page: Any, width: int, tables: bool = True) -> None:
    """The page does not scroll sideways at ``width`` px, nor (with ``tables``) does any of its
    tables scroll inside itself, which would hide its last columns."""
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} scrolls sideways at {width} px ({wide})"
    if tables:
        clipped = page.evaluate(
            "() => [...document.querySelectorAll('table')]"
            ".filter(t => t.scrollWidth > t.clientWidth + 1).length"
        )
        assert clipped == 0, f"{clipped} tables of {page.url} scroll at {width} px"


def quiz_frame(page: Any) -> Any:
    """The quiz's frame inside a host page."""
    handle = page.wait_for_selector("iframe.careermatch-frame", state="attached")
    frame = handle.content_frame()
    assert frame is not None
    return frame


def wait_for_event(page: Any, event_type: str, timeout: float = 60) -> dict[str, Any]:
    """The first event of ``event_type`` the host page recorded through the JS API or DOM."""
    page.wait_for_function(
        "t => (window.hostEvents || []).some(e => e.type === t)",
        arg=event_type,
        timeout=timeout * 1000,
    )
    events: list[dict[str, Any]] = page.evaluate("() => window.hostEvents")
    return next(e for e in events if e["type"] == event_type)


def answer_for(name: str) -> int:
    """The scale point (0-4) the scripted person picks for item ``name``."""
    if name.startswith("int_"):
        return AREA_ANSWER[name[4]]
    return 3 if len(name) % 2 else 2


def unfold_matches(frame: Any) -> None:
    """Open every match's folded details, as a person reading them all would."""
    for details in frame.locator(".cm-match details.cm-more").all():
        if not details.evaluate("d => d.open"):
            details.locator("> summary").click()


def complete_by_clicks(frame: Any, pick: Any = None) -> None:
    """Answer every page quickly with the mouse (for tests about something else)."""
    pick = pick or answer_for
    for _ in range(30):
        names = frame.evaluate(
            "() => [...new Set([...document.querySelectorAll('input[type=radio]')]"
            ".map(i => i.name))]"
        )
        for name in names:
            if name != "max_job_zone":
                frame.locator(f"input[name={name}]").nth(pick(name)).check()
        if _leave_page(frame):
            break
    frame.wait_for_selector("#cm-result-title", timeout=60_000)


def _leave_page(frame: Any) -> bool:
    """Click the quiz's Next (or, on the last page, its send) button; True when it sent."""
    button = frame.locator("#cm-next")
    label = button.inner_text()
    button.click()
    return bool(label != "Next")


#: The place and pay items a resident's page may show: (element, item name).
PLACE_ITEMS = (
    ("select", "location"),
    ("input", "min_annual_wage"),
    ("input", "min_wage_cad"),
    ("input", "min_wage_gbp"),
)


def open_inline_quiz(context: Any, host_server: HostServer) -> tuple[Any, Any, list[str]]:
    """The full quiz embedded inline in a host page 360 px wide, at its first question: the
    page, the quiz's frame, and the page's script errors (collected from now on)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(host_server.page("inline"))
    frame = quiz_frame(page)
    frame.wait_for_selector("#cm-section-title")
    return page, frame, errors


def answer_as_resident(frame: Any, place: str, pay: dict[str, str]) -> dict[str, bool]:
    """Answer what the current page asks as a person living in ``place`` who fills in the
    pay items of ``pay`` (by name; a Canadian minimum is per hour); say which of the place
    and pay items (``PLACE_ITEMS``) the page showed."""
    seen = {name: frame.locator(f"{tag}[name={name}]").count() == 1 for tag, name in PLACE_ITEMS}
    names = frame.evaluate(
        "() => [...new Set([...document.querySelectorAll('input[type=radio]')].map(i => i.name))]"
    )
    for name in names:
        if name == "min_wage_cad_per":
            frame.locator("input[name=min_wage_cad_per][value=hour]").check()
        elif name != "max_job_zone":
            frame.locator(f"input[name={name}]").nth(answer_for(name)).check()
    if seen["location"]:
        frame.locator("select[name=location]").select_option(place)
    for name, value in pay.items():
        if seen[name]:
            frame.locator(f"input[name={name}]").fill(value)
    return seen


def take_quiz_as_resident(
    frame: Any,
    place: str,
    pay: dict[str, str],
    on_page: Callable[[dict[str, bool]], None] | None = None,
) -> list[dict[str, bool]]:
    """Answer page after page as ``answer_as_resident`` does, calling ``on_page`` with what
    each page showed before leaving it, until the result is shown; what each page showed."""
    shown: list[dict[str, bool]] = []
    for _ in range(30):
        seen = answer_as_resident(frame, place, pay)
        shown.append(seen)
        if on_page is not None:
            on_page(seen)
        if _leave_page(frame):
            break
    frame.wait_for_selector("#cm-result-title", timeout=60_000)
    return shown
