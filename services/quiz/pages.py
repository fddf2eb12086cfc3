"""The result page: one result, server-rendered, readable without JavaScript, at a stable URL.

``/results/<id>`` shows the whole result with its credits to anyone who holds the link (as
secret as the id: 192 random bits); search engines are told not to index it and no page
it links to is told where the person came from (``Referrer-Policy: no-referrer``). The page
cannot know the deletion token (the quiz shows it to the person as the "deletion code"), so
it offers a form that takes it (``POST /results/<id>/delete``), beside the API's ``DELETE``.
``/results/<id>/compare`` shows two or three of its careers side by side
(``services.quiz.comparison``). A result that is gone (deleted, expired, or never there)
answers 404 with a sentence saying so.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from services.quiz import comparison, extensions, submissions
from services.quiz.sites import own_origin
from shared import records
from shared.attribution import attribution
from shared.contract.onet import INTEREST_NAMES
from shared.contract.result import ResultDocument, public_document
from shared.headers import page_policy
from shared.ids import is_valid_id

log = logging.getLogger(__name__)

#: Seconds between reloads of the page of a result still being computed (no script needed).
REFRESH_SECONDS = 2
#: A deletion token is 1-255 printable ASCII characters (as ``X-Deletion-Token``).
MAX_TOKEN_LENGTH = 255
GONE = (
    "There is no result at this address: it was deleted, or it expired (results are kept "
    "{days} days after they are ready), or the link is incomplete."
)

NOT_DONE = (
    "This result is not ready (still being computed, or it failed): careers can be "
    "compared once it is done."
)

bp = Blueprint("pages", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Serve ``/results/<id>`` and its deletion form (needs Redis and ``asset_url``)."""
    app.register_blueprint(bp)


def _page(html: str, status: int) -> Response:
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = page_policy()
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    # the URL is the secret: never sent on to a page it links to
    response.headers["Referrer-Policy"] = "no-referrer"
    # a deleted result must not come back from a cache
    response.headers["Cache-Control"] = "no-store"
    return response


def _page_url(result_id: str) -> str:
    # the configured origin; the Host only when no site is registered (PUBLIC_URL optional)
    base = own_origin(current_app) or request.host_url.rstrip("/")
    return base + url_for("pages.result_page", result_id=result_id)


def _load(result_id: str) -> tuple[records.Record, ResultDocument] | None:
    """The stored result and its public document, or None when there is none to show."""
    if not is_valid_id(result_id):
        return None
    try:
        record = records.load(extensions.redis_client(), result_id)
        if record is None:
            return None
        return record, public_document(record, attribution())
    except (ValueError, KeyError, TypeError):  # a corrupt record or one off the contract
        log.warning("result page %s: the record cannot be read", result_id, exc_info=True)
        return None


def _kept_until(client: redis.Redis, result_id: str) -> datetime | None:
    """When the result will be deleted (None while it is being computed: no TTL yet)."""
    seconds = int(client.ttl(records.submission_key(result_id)))
    if seconds < 0:
        return None
    return datetime.now(UTC) + timedelta(seconds=seconds)


def _gone(status: int = 404) -> Response:
    days = extensions.settings().result_ttl // 86400
    html = render_template(
        "result_gone.html", title="This result is gone", message=GONE.format(days=days)
    )
    return _page(html, status)


def _render(result_id: str, status: int = 200, **extra: Any) -> Response:
    loaded = _load(result_id)
    if loaded is None:
        return _gone()
    record, doc = loaded
    settings = extensions.settings()
    html = render_template(
        "result.html",
        doc=doc,
        final=records.is_final(record.status),
        refresh_seconds=REFRESH_SECONDS,
        kept_until=_kept_until(extensions.redis_client(), record.id),
        kept_days=settings.result_ttl // 86400,
        page_url=_page_url(record.id),
        generated_at=datetime.now(UTC),
        pages_url=settings.pages_url,
        credits=attribution(),
        area_names=INTEREST_NAMES,
        **({"deletion_error": None} | extra),
    )
    return _page(html, status)


@bp.get("/results/<result_id>")
def result_page(result_id: str) -> ResponseReturnValue:
    """The page of one result: the whole result with its credits, or why there is none."""
    return _render(result_id)


@bp.post("/results/<result_id>/delete")
def delete_result(result_id: str) -> ResponseReturnValue:
    """Delete the result with the token given at submission, from the page's form."""
    loaded = _load(result_id)
    if loaded is None:
        return _gone()
    token = request.form.get("token", "").strip()
    if not token or len(token) > MAX_TOKEN_LENGTH or not submissions.can_delete(loaded[0], token):
        message = "That is not this result's deletion code; nothing was deleted."
        return _render(result_id, 403, deletion_error=message)
    submissions.delete(extensions.redis_client(), extensions.settings(), result_id)
    html = render_template(
        "result_gone.html",
        title="Result deleted",
        message="This result has been deleted. Its link now leads nowhere; any variant made "
        "from it is kept until it is deleted or expires.",
    )
    return _page(html, 200)


@bp.get("/results/<result_id>/compare")
def compare_page(result_id: str) -> ResponseReturnValue:
    """Two or three careers of a result side by side (``?careers=CODE,CODE[,CODE]``); 400
    naming ``careers`` when they are not two or three of its careers."""
    loaded = _load(result_id)
    if loaded is None:
        return _gone()
    _, doc = loaded
    codes = comparison.requested_codes(request.args.getlist("careers"))
    status, error, columns = 200, None, []
    if doc["status"] != "done":
        status, error = 409, NOT_DONE
    else:
        try:
            columns = comparison.compare(doc, codes)
        except comparison.CompareRefused as exc:
            status, error = 400, str(exc)
    html = render_template(
        "compare.html",
        doc=doc,
        columns=columns,
        error=error,
        chosen=codes,
        result_url=url_for("pages.result_page", result_id=doc["id"]),
        form_url=url_for("pages.compare_page", result_id=doc["id"]),
        pages_url=extensions.settings().pages_url,
        credits=attribution(),
        area_names=INTEREST_NAMES,
        interest_max=comparison.INTEREST_MAX,
    )
    return _page(html, status)
