"""What the catalog's factory registers on an app, and the one typed accessor to each.

Every extension is an object whose ``init_app`` stores it in ``app.extensions``; views read
it through the accessor here, never through ``app.extensions`` or ``app.config`` directly,
and never by importing the factory.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app
from flask_smorest import Api

from services.catalog.serve.store import CatalogStore, load_store
from shared import web
from shared.settings import Settings
from shared.web import add_readiness_check


class CatalogData:
    """The dataset an app serves: its :class:`CatalogStore`, loaded once at startup."""

    key = "catalog_data"

    def __init__(self, store: CatalogStore | None = None) -> None:
        self._given = store

    def init_app(self, app: Flask) -> None:
        """Load the dataset from ``CATALOG_DATA_DIR`` (unless a store was given) and
        precompute the snapshot, so that a broken dataset stops the service at startup, not
        on a request."""
        self.store = self._given or load_store(app_settings(app).catalog_data_dir)
        payload = self.store.snapshot_payload
        app.extensions[self.key] = self
        store = self.store

        def ready() -> None:
            if store.count == 0 or not payload.raw:
                raise RuntimeError("the catalog dataset is empty")

        add_readiness_check(app, "catalog", ready)


class PageAssets:
    """The pages' static files and a content hash of each, so that their URLs change with them."""

    key = "catalog_page_assets"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.versions = {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in folder.iterdir()
            if path.is_file()
        }

    def init_app(self, app: Flask) -> None:
        app.extensions[self.key] = self

    def version(self, filename: str) -> str:
        """The content hash of ``filename`` ("0" for a file that is not there)."""
        return self.versions.get(filename, "0")


def app_settings(app: Flask) -> Settings:
    """The settings ``app`` was made with (``shared.web.create_base_app`` keeps them)."""
    return web.settings(app)


def app_api(app: Flask) -> Api:
    """The flask-smorest ``Api`` of ``app`` (``shared.web.create_base_app`` makes it)."""
    return web.smorest_api(app)


def current_settings() -> Settings:
    """The settings of the app handling the current request."""
    return app_settings(current_app)


def current_store() -> CatalogStore:
    """The store of the app handling the current request."""
    data = current_app.extensions[CatalogData.key]
    assert isinstance(data, CatalogData), "the app was not made by create_app"
    return data.store


def current_assets() -> PageAssets:
    """The page assets of the app handling the current request."""
    assets = current_app.extensions[PageAssets.key]
    assert isinstance(assets, PageAssets), "the app was not made by create_app"
    return assets
