"""The sites configuration: validation with messages that name the site and field, CORS."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from services.quiz import sites
from services.quiz.sites import Site, SitesError, load_sites, normalize_origin
from shared.settings import Settings

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def settings_with(tmp_path: Path, document: Any | None, sites_json: str = "") -> Settings:
    path = tmp_path / "sites.json"
    if document is not None:
        path.write_text(json.dumps(document))
    return Settings.from_env(
        {"SITES_FILE": str(path), "SITES_JSON": sites_json, "PUBLIC_URL": "https://quiz.example"}
    )


def test_committed_sites_file_has_the_demo_site() -> None:
    loaded = load_sites(Settings.from_env({}))
    demo = loaded["demo"]
    assert isinstance(demo, Site)
    assert demo.allowed_origins == ("http://127.0.0.1:8000", "http://localhost:8000")
    assert demo.webhook_url is None and demo.theme.accent.startswith("#")


def test_env_adds_and_replaces_sites(tmp_path: Path) -> None:
    document = {"a": {"allowed_origins": ["https://a.example"]}}
    env = {
        "a": {"allowed_origins": ["https://a2.example:8443"], "theme": {"accent": "#00AA00"}},
        "b": {
            "name": "B",
            "allowed_origins": ["http://B.example:80", "https://b.example:443"],
            "webhook_url": "https://hooks.b.example/cm",
            "webhook_secret": SECRET,
            "theme": {"font": "serif"},
        },
    }
    loaded = load_sites(settings_with(tmp_path, document, json.dumps(env)))
    assert loaded["a"].allowed_origins == ("https://a2.example:8443",)
    assert loaded["a"].theme.accent == "#00aa00"
    b = loaded["b"]
    assert b.allowed_origins == ("http://b.example", "https://b.example")
    assert b.webhook_secret == SECRET and b.name == "B"
    assert "serif" in b.theme.font


@pytest.mark.parametrize(
    ("site", "field"),
    [
        ({"allowed_origins": []}, "allowed_origins"),
        ({}, "allowed_origins"),
        ({"allowed_origins": ["example.com"]}, "allowed_origins"),
        ({"allowed_origins": ["https://example.com/"]}, "allowed_origins"),
        ({"allowed_origins": ["ftp://example.com"]}, "allowed_origins"),
        ({"allowed_origins": ["https://x.example"], "theme": {"accent": "red"}}, "theme.accent"),
        (
            {"allowed_origins": ["https://x.example"], "theme": {"font": "x;}body{color:red"}},
            "theme.font",
        ),
        (
            {"allowed_origins": ["https://x.example"], "theme": {"font": "'Comic Sans'"}},
            "theme.font",
        ),
        ({"allowed_origins": ["https://x.example"], "webhook_url": "javascript:x"}, "webhook_url"),
        (
            {"allowed_origins": ["https://x.example"], "webhook_url": "https://h.example"},
            "webhook_secret",
        ),
        (
            {
                "allowed_origins": ["https://x.example"],
                "webhook_url": "https://h.example",
                "webhook_secret": "hunter2",
            },
            "webhook_secret",
        ),
        ({"allowed_origins": ["https://x.example"], "colour": "#000000"}, "colour"),
        ({"allowed_origins": ["https://x.example"], "api_keys": ["short"]}, "api_keys"),
        (
            {"allowed_origins": ["https://x.example"], "webhooks_only_keyed": True},
            "webhooks_only_keyed",
        ),
        ({"allowed_origins": ["https://x.example"], "webhook_limit": "lots"}, "webhook_limit"),
    ],
)
def test_bad_site_names_site_and_field(tmp_path: Path, site: dict[str, Any], field: str) -> None:
    with pytest.raises(SitesError) as error:
        load_sites(settings_with(tmp_path, {"shop": site}))
    message = str(error.value)
    assert "site 'shop'" in message and f"field '{field}" in message, message


def test_bad_key_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(SitesError, match="'Bad Key'"):
        load_sites(settings_with(tmp_path, {"Bad Key": {"allowed_origins": ["https://x.y"]}}))
    with pytest.raises(SitesError, match="SITES_JSON"):
        load_sites(settings_with(tmp_path, {}, "{nope"))
    with pytest.raises(SitesError, match="does not exist"):
        load_sites(Settings.from_env({"SITES_FILE": str(tmp_path / "missing.json")}))


def test_normalize_origin() -> None:
    assert normalize_origin("HTTPS://Example.COM:443") == "https://example.com"
    assert normalize_origin("http://127.0.0.1:5000") == "http://127.0.0.1:5000"
    with pytest.raises(ValueError):
        normalize_origin("https://user@example.com")


@pytest.fixture()
def cors_app(tmp_path: Path) -> Flask:
    app = Flask(__name__)
    app.config["SETTINGS"] = settings_with(
        tmp_path, {"shop": {"allowed_origins": ["https://shop.example"]}}
    )
    sites.init_app(app)

    @app.post("/v1/things")
    def things() -> tuple[dict[str, str], int, dict[str, str]]:
        return {"ok": "yes"}, 202, {"Location": "/v1/things/1", "Retry-After": "1"}

    @app.get("/elsewhere")
    def elsewhere() -> str:
        return "ok"

    return app


def test_cors_only_for_allowed_origins(cors_app: Flask) -> None:
    client = cors_app.test_client()
    allowed = client.post("/v1/things", headers={"Origin": "https://shop.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "Origin" in allowed.headers["Vary"]
    assert "Location" in allowed.headers["Access-Control-Expose-Headers"]
    assert "Retry-After" in allowed.headers["Access-Control-Expose-Headers"]

    other = client.post("/v1/things", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in other.headers["Vary"]
    assert (
        "Access-Control-Allow-Origin"
        not in client.get("/elsewhere", headers={"Origin": "https://shop.example"}).headers
    )
    assert sites.get_site(cors_app, "shop") is not None and sites.get_site(cors_app, "x") is None
    assert sites.all_allowed_origins(cors_app) == frozenset({"https://shop.example"})


def test_cors_preflight(cors_app: Flask) -> None:
    client = cors_app.test_client()
    headers = {
        "Origin": "https://shop.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, idempotency-key",
    }
    response = client.options("/v1/things", headers=headers)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed_headers = response.headers["Access-Control-Allow-Headers"].lower()
    assert "content-type" in allowed_headers and "idempotency-key" in allowed_headers

    refused = client.options("/v1/things", headers={**headers, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_an_api_key_belongs_to_one_site(tmp_path: Path) -> None:
    key = "cmk_" + "a" * 43
    document = {
        "a": {"allowed_origins": ["https://a.example"], "api_keys": [key]},
        "b": {"allowed_origins": ["https://b.example"], "api_keys": [key]},
    }
    with pytest.raises(SitesError, match="each API key belongs to one site"):
        load_sites(settings_with(tmp_path, document))


def test_webhook_policy(tmp_path: Path) -> None:
    key = "cmk_" + "a" * 43
    base = {"allowed_origins": ["https://a.example"], "webhook_url": "https://h.example"}
    document = {
        "open": base | {"webhook_secret": SECRET},
        "keyed": base | {"webhook_secret": SECRET, "api_keys": [key], "webhooks_only_keyed": True},
        "none": {"allowed_origins": ["https://a.example"]},
    }
    loaded = load_sites(settings_with(tmp_path, document))
    assert loaded["open"].wants_webhook("site_key") and loaded["open"].wants_webhook(
        "browser_origin"
    )
    assert not loaded["open"].wants_webhook(None)
    assert loaded["keyed"].wants_webhook("site_key")
    assert not loaded["keyed"].wants_webhook("browser_origin")
    assert not loaded["none"].wants_webhook("site_key")
    assert loaded["keyed"].has_api_key(key) and not loaded["keyed"].has_api_key(key + "x")


def test_the_own_origin_is_configured_when_sites_are(tmp_path: Path) -> None:
    shop = {"shop": {"allowed_origins": ["https://shop.example"]}}
    path = tmp_path / "sites.json"
    path.write_text(json.dumps(shop))

    def own(public_url: str, file: Path = path) -> str | None:
        settings = Settings.from_env({"SITES_FILE": str(file), "PUBLIC_URL": public_url})
        return sites.configured_origin(settings, load_sites(settings))

    assert own("HTTPS://Quiz.Example:443/") == "https://quiz.example"
    with pytest.raises(SitesError, match="PUBLIC_URL"):
        own("")
    with pytest.raises(SitesError, match="PUBLIC_URL"):
        own("https://quiz.example/path")
    empty = tmp_path / "none.json"
    empty.write_text("{}")
    assert own("", empty) is None  # no site to speak for: nothing to forge
