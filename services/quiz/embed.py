"""The embed: embed.js, the iframe page a person takes the quiz in, the demo host page for
integrators, and the front door for people (``/start``: the full and the short quiz).

Every page here is a static HTML shell with external scripts and styles only, served under
a Content-Security-Policy without ``'unsafe-inline'`` or nonces. The iframe page may be
framed only by the origins of the site key it is asked for (``frame-ancestors``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from services.quiz import extensions
from services.quiz.sites import Site, get_site, normalize_origin, own_origin
from shared.attribution import attribution

STATIC_DIR = Path(__file__).resolve().parent / "static"
#: embed.js is fetched by every page view of every embedding site: cache it, revalidate by ETag.
EMBED_JS_MAX_AGE = 24 * 3600
DEMO_SITE = "demo"
DEFAULT_QUIZ = "career-match"
#: The front door's choices: quiz id, heading and button label (figures come from the quiz).
FRONT_DOOR = (
    ("career-match", "Career Match", "Start Career Match"),
    ("career-match-adaptive", "Fewer questions", "Start with fewer questions"),
    ("career-match-short", "Quick version", "Start the quick version"),
)
#: Seconds embed.js waits for the frame to say it is ready before it explains why not.
READY_TIMEOUT_MS = 15000

bp = Blueprint("embed", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Serve ``/embed.js``, ``/embed/<quiz_id>``, the demo page ``/`` and the front door.

    Needs the sites (``services.quiz.sites.init_app``) and the quizzes in
    (``extensions.quizzes``).
    """
    app.extensions[extensions.ASSET_VERSIONS] = {
        path.relative_to(STATIC_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in STATIC_DIR.rglob("*")
        if path.is_file()
    }
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url


def asset_url(filename: str) -> str:
    """The URL of a static asset, with its content hash so caches never serve a stale one."""
    versions = extensions.asset_versions()
    return url_for("static", filename=filename, v=versions.get(filename, "0"))


def content_security_policy(frame_ancestors: str) -> str:
    """The strict policy of every page here: nothing inline, nothing from another origin."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; "
        "object-src 'none'; "
        f"frame-ancestors {frame_ancestors}"
    )


def _page(html: str, status: int, frame_ancestors: str) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors)
    response.headers.pop("X-Frame-Options", None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _frame_ancestors(site: Site) -> str:
    # 'self' lets the service's own demo page frame the quiz on any host and port
    return " ".join(("'self'", *site.allowed_origins))


def _own_origin() -> str | None:
    # configured, never the request's Host (None only when no site is registered)
    return own_origin(current_app)


def _error_page(status: int, title: str, message: str, frame_ancestors: str) -> Response:
    html = render_template("embed_error.html", title=title, message=message)
    return _page(html, status, frame_ancestors)


@bp.get("/embed/<quiz_id>")
def quiz_page(quiz_id: str) -> ResponseReturnValue:
    """The iframe page: a shell that static/quiz/*.js fill from ``GET /v1/quizzes/<quiz_id>``."""
    key = request.args.get("site", "")
    site = get_site(current_app, key)
    if site is None:
        # The page carries no data and no controls, so any page may show why it failed.
        return _error_page(
            404,
            "This site is not registered",
            f"The site key {key!r} is not registered with Career Match. The owner of this "
            "page needs to add it to the quiz service's sites configuration."
            if key
            else "This page embeds the quiz without a site key (data-site).",
            "*",
        )
    if quiz_id not in extensions.quizzes():
        return _error_page(
            404,
            "Quiz not found",
            f"There is no quiz called {quiz_id!r}. Check the data-quiz attribute of the embed.",
            _frame_ancestors(site),
        )
    parent_origin = ""
    try:
        candidate = normalize_origin(request.args.get("origin", ""))
    except ValueError:
        candidate = ""
    if candidate and (site.allows(candidate) or candidate == _own_origin()):
        parent_origin = candidate
    mode = "popup" if request.args.get("mode") == "popup" else "inline"
    html = render_template(
        "embed.html",
        quiz_id=quiz_id,
        site=site,
        mode=mode,
        parent_origin=parent_origin,
        attribution=attribution(),
        pages_url=extensions.settings().pages_url,
    )
    return _page(html, 200, _frame_ancestors(site))


@bp.get("/embed/<quiz_id>/check")
def embed_check(quiz_id: str) -> ResponseReturnValue:
    """Whether the asking page's origin may embed ``quiz_id`` for ``?site=``, as JSON.

    embed.js asks before it creates the frame, so that a page that may not embed the quiz
    shows why at once instead of a browser error inside the frame. Any page may ask (CORS
    ``*``); the answer only says yes or no for the origin that asks. The frame's
    ``frame-ancestors`` stays the real guard: this only saves a person the wait.
    """
    key = request.args.get("site", "")
    # browsers send Origin on every cross-origin fetch; without one, the page is our own
    origin = request.headers.get("Origin") or _own_origin()
    site = get_site(current_app, key)
    allowed = False
    if site is None:
        title = "This site is not registered"
        message = (
            f"The site key {key!r} is not registered with Career Match. The owner of this page "
            "needs to add it to the quiz service's sites configuration."
            if key
            else "This page embeds the quiz without a site key (data-site)."
        )
    elif quiz_id not in extensions.quizzes():
        title = "Quiz not found"
        message = (
            f"There is no quiz called {quiz_id!r}. Check the data-quiz attribute of the embed."
        )
    elif site.allows(origin) or origin == _own_origin():
        allowed, title, message = True, "", ""
    else:
        title = "The career quiz cannot be shown here"
        message = (
            f"{site.name} allows its quiz only on its own pages; this page "
            f"({origin}) is not one of them. If you run this page, add its "
            f"origin to the allowed_origins of the site key {key!r}."
        )
    response = jsonify(
        allowed=allowed, site=key, quiz=quiz_id, origin=origin, title=title, message=message
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.vary.add("Origin")
    response.cache_control.max_age = 60
    return response


@bp.get("/embed.js")
def embed_js() -> ResponseReturnValue:
    """The loader that embedding pages include; cached for a day and revalidated by ETag."""
    response = current_app.send_static_file("embed.js")
    response.mimetype = "text/javascript"
    response.cache_control.no_cache = None
    response.cache_control.public = True
    response.cache_control.max_age = EMBED_JS_MAX_AGE
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/")
def demo_page() -> ResponseReturnValue:
    """A page that embeds the quiz inline and as a popup, with the snippet to copy."""
    origin = _own_origin() or ""
    demo_registered = get_site(current_app, DEMO_SITE) is not None
    html = render_template(
        "demo.html",
        origin=origin,
        site_key=DEMO_SITE,
        quiz_id=DEFAULT_QUIZ,
        demo_registered=demo_registered,
        ready_timeout=READY_TIMEOUT_MS,
    )
    return _page(html, 200, "'self'")


@bp.get("/start")
def front_door() -> ResponseReturnValue:
    """The page for people: the full, the adaptive and the short quiz, each opening on this
    page."""
    quizzes = extensions.quizzes()
    choices = [
        {
            "id": quiz_id,
            "heading": heading,
            "label": label,
            "minutes": quizzes[quiz_id].definition["estimated_minutes"],
            "questions": quizzes[quiz_id].questions(),
            "adaptive": quizzes[quiz_id].adaptive,
            "description": quizzes[quiz_id].definition["description"],
        }
        for quiz_id, heading, label in FRONT_DOOR
        if quiz_id in quizzes
    ]
    html = render_template(
        "start.html",
        choices=choices,
        site_key=DEMO_SITE,
        site_registered=get_site(current_app, DEMO_SITE) is not None,
        ready_timeout=READY_TIMEOUT_MS,
        credits=attribution(),
        pages_url=extensions.settings().pages_url,
    )
    return _page(html, 200, "'self'")
