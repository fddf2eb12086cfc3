"""A tiny app served as every service is (``shared.server.serve``), for the server's tests:
``GET /turn?ms=N`` takes the next turn number, then keeps the CPU N ms without yielding."""

from __future__ import annotations

from gevent import monkey

# First, before anything else is imported, exactly as every service's __main__ does.
monkey.patch_all()

import itertools  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask.typing import ResponseReturnValue  # noqa: E402

from shared.server import serve  # noqa: E402
from shared.settings import Settings  # noqa: E402


def create_app() -> Flask:
    app = Flask(__name__)
    turns = itertools.count()

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        return jsonify(ok=True)

    @app.get("/turn")
    def turn() -> ResponseReturnValue:
        mine = next(turns)
        until = time.perf_counter() + float(request.args.get("ms", "0")) / 1000
        while time.perf_counter() < until:  # CPU work: no greenlet switch
            pass
        return jsonify(turn=mine)

    return app


def main() -> int:
    serve(create_app(), Settings.from_env())
    return 0


if __name__ == "__main__":
    sys.exit(main())
