"""Security headers on every response: ``X-Content-Type-Options`` and a Content-Security-Policy.

A view that sets its own policy (the embed pages do, with ``frame-ancestors`` per site) keeps
it. Otherwise JSON and other data get a policy that allows nothing at all; HTML pages get
the embed pages' strict policy (same-origin scripts and styles, nothing inline); the API
docs page gets that plus the SHA-256 hashes of its own inline scripts, computed from the
page as served, and the origin of the Swagger UI assets if they come from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, request

#: For anything that is not a page: nothing may load, nothing may frame it.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)


def page_policy(*, script_src: str = "'self'", style_src: str = "'self'") -> str:
    """The strict policy of a page: same-origin assets only, framed by this origin only."""
    return (
        f"default-src 'self'; script-src {script_src}; style-src {style_src}; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
        "object-src 'none'; frame-ancestors 'self'"
    )


def inline_script_hashes(html: bytes) -> list[str]:
    """CSP source expressions (``'sha256-...'``) for each inline ``<script>`` of ``html``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


def _asset_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def init_app(app: Flask) -> None:
    """Add the headers to every response of ``app`` (errors included)."""
    docs_path = "/" + str(app.config.get("OPENAPI_SWAGGER_UI_PATH", "docs")).strip("/")
    assets = _asset_origin(str(app.config.get("OPENAPI_SWAGGER_UI_URL") or ""))

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        if "Content-Security-Policy" in response.headers:
            return response
        if response.mimetype != "text/html":
            response.headers["Content-Security-Policy"] = DATA_POLICY
        elif request.path == docs_path and not response.direct_passthrough:
            sources = " ".join(["'self'", *([assets] if assets else [])])
            hashes = " ".join(inline_script_hashes(response.get_data()))
            # Swagger UI sets element styles from script; inline <style> it adds needs this
            response.headers["Content-Security-Policy"] = page_policy(
                script_src=f"{sources} {hashes}".strip(),
                style_src=f"{sources} 'unsafe-inline'",
            )
        else:
            response.headers["Content-Security-Policy"] = page_policy()
        return response
