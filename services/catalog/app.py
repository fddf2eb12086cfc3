"""The catalog service's app factory and the extension that holds the loaded dataset."""

from __future__ import annotations

from flask import Flask, current_app

from services.catalog.store import CatalogStore, load_store
from shared.settings import Settings
from shared.web import add_readiness_check, create_base_app

DEFAULT_PORT = 8001


class CatalogData:
    """``init_app`` style holder of one :class:`CatalogStore` per app, loaded at startup."""

    def init_app(self, app: Flask, store: CatalogStore | None = None) -> None:
        """Load the dataset from ``CATALOG_DATA_DIR`` (or use ``store``) and precompute the
        snapshot, so that a broken dataset stops the service at startup, not on a request."""
        if store is None:
            store = load_store(app.config["SETTINGS"].catalog_data_dir)
        payload = store.snapshot_payload
        app.extensions["catalog_store"] = store

        def ready() -> None:
            if store.count == 0 or not payload.raw:
                raise RuntimeError("the catalog dataset is empty")

        add_readiness_check(app, "catalog", ready)


catalog_data = CatalogData()


def current_store() -> CatalogStore:
    """The store of the app handling the current request."""
    store: CatalogStore = current_app.extensions["catalog_store"]
    return store


def create_app(config: Settings | None = None, *, store: CatalogStore | None = None) -> Flask:
    """The catalog Flask app, serving the dataset in ``config.catalog_data_dir``."""
    settings = config or Settings.from_env(port=DEFAULT_PORT)
    app = create_base_app(
        "services.catalog", settings, title="Career Match catalog", version="1.0.0"
    )
    catalog_data.init_app(app, store)

    from services.catalog import pages
    from services.catalog.api import blp

    app.extensions["api"].register_blueprint(blp)
    pages.init_app(app)
    return app
