"""How a catalog page is rendered: the template helpers, the context and the strict headers
every page shares, and the content-hashed URLs of the pages' static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request

from services.catalog.layout import INTEREST_LETTERS
from services.catalog.serve.extensions import (
    PageAssets,
    current_assets,
    current_settings,
    current_store,
)
from shared.contract.onet import INTEREST_NAMES

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: The same rules as the quiz's pages: nothing inline, nothing from another origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'; frame-ancestors 'self'"
)


def init_app(app: Flask) -> None:
    """Hash the static files and give the templates their helpers."""
    PageAssets(STATIC_DIR).init_app(app)
    app.jinja_env.globals.update(
        page_asset=_asset_url,
        money=money,
        tech_path=tech_path,
        skill_path=skill_path,
        career_path=career_path,
        region_path=region_path,
    )


def money(value: int | float | None, top_coded: bool = False) -> str:
    """Dollars as people read them: ``$112,590``; a top-coded figure as ``$239,200 or more``."""
    if top_coded:
        return f"${current_store().dataset['wage_top_code']:,} or more"
    if value is None:
        return "not published"
    return f"${round(value):,}"


def _asset_url(filename: str) -> str:
    version = current_assets().version(filename)
    return f"{request.script_root}/static/{filename}?v={version}"


def tech_path(tech_id: str) -> str:
    return f"/technologies/{tech_id}"


def skill_path(slug: str) -> str:
    return f"/skills/{slug}"


def career_path(code: str) -> str:
    return f"/careers/{code}"


def region_path(code: str) -> str:
    return f"/regions/{code}"


def base_url() -> str:
    return str(current_settings().pages_url or request.host_url).rstrip("/")


def _quiz_url() -> str:
    # the quiz's front door for people, not the integrators' demo page at its root
    return str(current_settings().quiz_public_url).rstrip("/") + "/start"


def render(template: str, status: int = 200, **context: Any) -> Response:
    """``template`` with the context every page has, under the pages' strict headers."""
    store = current_store()
    html = render_template(
        template,
        attribution=store.attribution(),
        quiz_url=_quiz_url(),
        base_url=base_url(),
        has_descriptions=store.has_descriptions,
        **context,
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def page_number() -> int:
    """The ``?page=`` asked for, 1 when it is not a number (shared links are not refused)."""
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 10_000)) if raw.isdigit() else 1


def not_found(what: str) -> Response:
    """The 404 page, naming what was not found."""
    return render("not_found.html", status=404, what=what, canonical=None)


def interest_chart(levels: dict[str, float], high_point: str) -> dict[str, Any]:
    """The interest bars of a career (O*NET OI, 1-7), laid out like the quiz's result chart."""
    row, label_width, bar_width, top = 30, 120, 190, 7.0
    bars = []
    for i, letter in enumerate(INTEREST_LETTERS):
        value = float(levels[letter])
        y = 4 + i * row
        bars.append(
            {
                "letter": letter,
                "name": INTEREST_NAMES[letter],
                "value": value,
                "y": y,
                "width": max(1.0, round(bar_width * value / top, 1)),
                "strong": letter in high_point,
            }
        )
    return {
        "bars": bars,
        "height": len(bars) * row + 8,
        "label_width": label_width,
        "bar_width": bar_width,
        "summary": ", ".join(f"{b['name']} {b['value']:.1f} of 7" for b in bars),
    }
