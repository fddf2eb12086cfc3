"""The web anchor: ``python -m bench.hello`` serves a bare Flask hello and a hello that
writes once to Redis, with the quiz's own server configuration (``shared.server.serve``,
the web Redis client of ``shared.redis.FlaskRedis``)."""

from __future__ import annotations

from gevent import monkey

# First, before anything else is imported, exactly as the quiz's __main__ does.
monkey.patch_all()

import sys  # noqa: E402

from flask import Flask, jsonify  # noqa: E402
from flask.typing import ResponseReturnValue  # noqa: E402

from shared.redis import FlaskRedis  # noqa: E402
from shared.server import serve  # noqa: E402
from shared.settings import Settings  # noqa: E402


def create_hello_app(settings: Settings) -> Flask:
    """``GET /hello`` answers at once; ``POST /hello-redis`` first increments a counter."""
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    FlaskRedis().init_app(app)

    @app.get("/hello")
    def hello() -> ResponseReturnValue:
        return jsonify(hello="world")

    @app.post("/hello-redis")
    def hello_redis() -> ResponseReturnValue:
        count = FlaskRedis.client(app).incr("bench:hello")
        return jsonify(hello="world", count=count)

    return app


def main() -> int:
    settings = Settings.from_env(port=8002)
    serve(create_hello_app(settings), settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
