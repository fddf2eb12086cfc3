"""The quiz service's Flask app factory."""

from __future__ import annotations

from flask import Flask
from jinja2 import StrictUndefined

from shared.celery import create_celery
from shared.redis import FlaskRedis
from shared.settings import Settings
from shared.web import add_readiness_check, create_base_app

API_VERSION = "v1"


def create_app(config: Settings | None = None) -> Flask:
    """Build the quiz service: quizzes (validated now), Redis, the Celery sender, the API."""
    from services.quiz import api, embed, events, metrics, openapi, quizzes, ratelimits, sites

    settings = config or Settings.from_env(port=8000)
    app = create_base_app(__name__, settings, title="Career Match quiz", version=API_VERSION)
    app.jinja_env.undefined = StrictUndefined
    app.extensions["quizzes"] = quizzes.load_quizzes(settings.quiz_dir)
    app.extensions["previous_quizzes"] = quizzes.load_previous_quizzes(
        settings.quiz_dir / quizzes.PREVIOUS_DIR
    )
    FlaskRedis().init_app(app)
    events.init_app(app)
    app.extensions["celery"] = create_celery(settings, name="quiz")
    add_readiness_check(app, "redis", lambda: _ping(app))
    sites.init_app(app)
    metrics.init_app(app)
    app.extensions["api"].register_blueprint(api.blp)
    openapi.init_app(app)
    ratelimits.init_app(app)
    embed.init_app(app)
    return app


def _ping(app: Flask) -> None:
    FlaskRedis.client(app).ping()
