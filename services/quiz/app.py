"""The quiz service's Flask app factory."""

from __future__ import annotations

from flask import Flask
from jinja2 import StrictUndefined

from shared.celery import create_celery
from shared.redis import FlaskRedis
from shared.settings import Settings
from shared.web import add_readiness_check, create_base_app, smorest_api

API_VERSION = "v1"


def create_app(config: Settings | None = None) -> Flask:
    """Build the quiz service: quizzes (validated now), Redis, the Celery sender, the API."""
    from services.quiz import (
        api,
        embed,
        events,
        extensions,
        metrics,
        openapi,
        pages,
        quizzes,
        ratelimits,
        sites,
        steps,
    )

    settings = config or Settings.from_env(port=8000)
    app = create_base_app(__name__, settings, title="Career Match quiz", version=API_VERSION)
    app.jinja_env.undefined = StrictUndefined
    quizzes.init_app(app)
    FlaskRedis().init_app(app)
    events.init_app(app)
    steps.init_app(app)
    app.extensions[extensions.CELERY] = create_celery(settings, name="quiz")
    add_readiness_check(app, "redis", lambda: _ping(app))
    sites.init_app(app)
    metrics.init_app(app)
    documented = smorest_api(app)
    openapi.register_documents(
        documented,
        [*extensions.quizzes(app).values(), *extensions.previous_quizzes(app).values()],
    )
    documented.register_blueprint(api.blp)
    documented.register_blueprint(
        steps.next_blueprint(
            extensions.quizzes(app).values(), extensions.previous_quizzes(app).values()
        )
    )
    app.add_url_rule("/v1/quizzes/<quiz_id>/next", view_func=steps.no_steps, methods=["POST"])
    documented.register_blueprint(
        api.submissions_blueprint(
            extensions.quizzes(app).values(), extensions.previous_quizzes(app).values()
        )
    )
    app.add_url_rule(
        "/v1/quizzes/<quiz_id>/submissions",
        view_func=api.unknown_quiz_submission,
        methods=["POST"],
    )
    ratelimits.init_app(app)
    embed.init_app(app)
    pages.init_app(app)
    return app


def _ping(app: Flask) -> None:
    from services.quiz import extensions

    extensions.redis_client(app).ping()
