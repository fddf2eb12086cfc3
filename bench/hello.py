"""The web anchor: ``python -m bench.hello`` serves a bare Flask hello and a hello that
writes once to Redis, with the quiz's own server configuration (``shared.server.serve``,
the web Redis client of ``shared.redis.FlaskRedis``).

A third endpoint, reported but not a target's anchor, does the Redis work of a POST with
plain redis-py and nothing around it: it reads the JSON body, counts (the rate limit),
stores it in one transaction (the record: a hash, the pending set, an announcement) and
pushes a message (the queue), three round trips. POST/s against it says what the POST's
libraries (Flask-Limiter, flask-smorest, Celery's producer) cost beyond its Redis work."""

from __future__ import annotations

from gevent import monkey

# First, before anything else is imported, exactly as the quiz's __main__ does.
monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask.typing import ResponseReturnValue  # noqa: E402

from shared.redis import FlaskRedis  # noqa: E402
from shared.server import serve  # noqa: E402
from shared.settings import Settings  # noqa: E402
from shared.web import extension  # noqa: E402


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
        count = extension(FlaskRedis.NAME, app).incr("bench:hello")
        return jsonify(hello="world", count=count)

    @app.post("/hello-redis-3")
    def hello_redis_three() -> ResponseReturnValue:
        body = request.get_json(force=True)
        client = extension(FlaskRedis.NAME, app)
        count = client.incr("bench:hello3")
        key = f"bench:hello3:{count % 1000}"  # bounded: the bench's Redis keeps 1,000 at most
        pipe = client.pipeline(transaction=True)
        pipe.hset(key, mapping={"body": json.dumps(body), "status": "queued"})
        pipe.zadd("bench:hello3:pending", {key: count})
        pipe.publish("bench:hello3:events", "queued")
        pipe.execute()
        push = client.pipeline(transaction=False)  # one round trip, as kombu's LPUSH
        push.lpush("bench:hello3:queue", key)
        push.ltrim("bench:hello3:queue", 0, 999)
        push.execute()
        return jsonify(id=key), 202

    return app


def main() -> int:
    settings = Settings.from_env(port=8002)
    serve(create_hello_app(settings), settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
