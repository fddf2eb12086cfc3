"""The catalog service's app factory."""

from __future__ import annotations

from flask import Flask

from services.catalog.serve.extensions import CatalogData
from services.catalog.serve.store import CatalogStore
from shared.settings import Settings
from shared.web import create_base_app

DEFAULT_PORT = 8001


def create_app(config: Settings | None = None, *, store: CatalogStore | None = None) -> Flask:
    """The catalog Flask app, serving the dataset in ``config.catalog_data_dir``."""
    settings = config or Settings.from_env(port=DEFAULT_PORT)
    # named for this package, so that the app's static folder is serve/static
    app = create_base_app(
        "services.catalog.serve", settings, title="Career Match catalog", version="1.0.0"
    )
    CatalogData(store).init_app(app)

    from services.catalog.serve import api, pages

    api.init_app(app)
    pages.init_app(app)
    return app
