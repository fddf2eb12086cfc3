"""Serve a Flask app with gunicorn's gevent worker from a service's ``__main__``.

One process, one OS thread, a greenlet per connection: an open event stream or a slow
client costs a socket and a little memory, not a thread, so thousands can wait at once
while other requests are served. The service's ``__main__`` calls gevent's
``monkey.patch_all()`` before it imports anything else, so that sockets, locks and queues
everywhere (redis-py, Celery's producer, prometheus_client, ``threading``) cooperate.

On top of gunicorn's gevent worker, :class:`Worker` adds what that worker lacks:

- a header timeout: a request whose line and headers are not complete within
  ``HTTP_HEADER_TIMEOUT_SECONDS`` (and an idle keep-alive connection) is closed;
- a body (idle read) timeout: a socket that sends or takes nothing for
  ``HTTP_BODY_TIMEOUT_SECONDS`` while a request is read or a response is written is
  closed; a body read that stalls answers 408, and a chunked body longer than
  ``MAX_BODY_BYTES`` 413 (werkzeug alone would truncate it);
- a body deadline: a body not complete ``HTTP_BODY_DEADLINE_SECONDS`` after the request
  reached the app answers 408 however slowly it trickles, and the connection closes;
- a cap of ``WEB_CONNECTIONS_PER_CLIENT`` open connections per client address (IPv6 /64,
  not applied behind trusted proxies): one more is answered 429 and closed;
- turns: after each answer the connection's next request waits for the requests other
  connections already sent (a client that sends its next one at once is not served again
  and again ahead of them);
- gunicorn's own answers to requests it cannot parse (400, 414, 431, ...) in the JSON
  error shape of every other error, with the same security headers.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import resource
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from gunicorn.http.errors import ParseException

from shared.clients import client_group
from shared.errors import error_body
from shared.headers import DATA_POLICY
from shared.settings import Settings
from shared.web import start_metrics_server

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def json_error_response(status: int, reason: str, message: str) -> bytes:
    """A complete HTTP/1.1 response carrying the shared JSON error document, with the
    security headers every app answer has (``shared.headers``)."""
    body = json.dumps(error_body(status, message or None)).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Security-Policy: {DATA_POLICY}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _bad_body(exc: Exception) -> Exception:
    """gunicorn's error for broken chunked framing (a chunk size that is not hex, a missing
    terminator), raised from a body read; past the app it would be a 500."""
    from werkzeug.exceptions import BadRequest

    return BadRequest(f"The request body is not valid chunked encoding ({type(exc).__name__}).")


class _GuardedInput:
    """``wsgi.input`` that answers 408 when the body stalls or is not complete by
    ``deadline`` (a ``time.monotonic()``), and 413 when a chunked body is longer than
    ``limit`` (werkzeug only truncates those at ``MAX_CONTENT_LENGTH``). ``broken`` says the
    body was not read to its end: the connection must close after the answer."""

    def __init__(self, stream: Any, limit: int | None, deadline: float | None = None) -> None:
        self._stream = stream
        self._limit = limit
        self._deadline = deadline
        self._seen = 0
        self.broken = False

    def _in_time(self) -> Any:
        """A context that raises ``TimeoutError`` in this greenlet at the deadline: a body
        trickled a byte at a time never trips the idle timeout, and one read gathers many
        such bytes."""
        if self._deadline is None:
            return contextlib.nullcontext()
        import gevent

        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return gevent.Timeout(remaining, TimeoutError)

    def read(self, size: int | None = None) -> bytes:
        from werkzeug.exceptions import RequestEntityTooLarge, RequestTimeout

        try:
            with self._in_time():
                data: bytes = self._stream.read(size)
                self._seen += len(data)
                if self._limit is not None and self._seen >= self._limit:
                    if self._stream.read(1):
                        self.broken = True
                        raise RequestEntityTooLarge()
        except TimeoutError:
            self.broken = True
            raise RequestTimeout("The request body was not received in time.") from None
        except ParseException as exc:
            self.broken = True
            raise _bad_body(exc) from None
        return data

    def readinto(self, buffer: Any) -> int:
        # werkzeug's LimitedStream reads with readinto, which gunicorn's body reader lacks
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = None) -> bytes:
        from werkzeug.exceptions import RequestTimeout

        try:
            with self._in_time():
                line: bytes = self._stream.readline(size)
        except TimeoutError:
            self.broken = True
            raise RequestTimeout("The request body was not received in time.") from None
        except ParseException as exc:
            self.broken = True
            raise _bad_body(exc) from None
        return line

    def __iter__(self) -> Any:
        return iter(self.readline, b"")


#: How long a connection whose body was cut still reads (and drops) what the client sends
#: after the answer, so that closing it does not reset the answer away (a "lingering close").
LINGER_SECONDS = 2.0
#: After each answer, a keep-alive connection lets the loop serve other connections' requests
#: already sent (at least this long) before it reads its next one.
TURN_WAIT_SECONDS = 0.0005


class _LingeringBody:
    """The app's response; once written, if the request's body was cut, the connection
    stops sending and reads what still comes for :data:`LINGER_SECONDS` before it closes:
    closing a socket with unread data sends a reset, which can destroy the answer."""

    def __init__(self, body: Iterable[bytes], guarded: _GuardedInput, sock: Any) -> None:
        self._body = body
        self._guarded = guarded
        self._sock = sock

    def __iter__(self) -> Any:
        return iter(self._body)

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        if close is not None:
            close()
        if self._guarded.broken:
            _linger(self._sock)


def _linger(sock: Any) -> None:
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(LINGER_SECONDS / 4)
        until = time.monotonic() + LINGER_SECONDS
        while time.monotonic() < until and sock.recv(65536):
            pass
    except OSError:
        pass  # the client is gone, or quiet: either way, close now


def guarded_input(app: WsgiApp, max_body_bytes: int, body_deadline: float | None = None) -> WsgiApp:
    """WSGI middleware: a stalled body, or one not complete ``body_deadline`` seconds after
    the request reached the app, answers 408; a chunked body over the limit 413. After
    such an answer the connection closes (its unread body must not be drained)."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        chunked = not environ.get("CONTENT_LENGTH")
        limit = max_body_bytes if chunked else None
        deadline = None if body_deadline is None else time.monotonic() + body_deadline
        guarded = _GuardedInput(environ["wsgi.input"], limit, deadline)
        environ["wsgi.input"] = guarded

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            if guarded.broken:
                headers = [*headers, ("Connection", "close")]
            return start_response(status, headers, *exc_info)

        body = app(environ, start)
        sock = environ.get("gunicorn.socket")
        return _LingeringBody(body, guarded, sock) if sock is not None else body

    return wrapped


def _worker_class(settings: Settings) -> type:
    """gunicorn's gevent worker with header/body timeouts and JSON errors (see module doc)."""
    import gevent
    from gunicorn import util
    from gunicorn.workers.base_async import AsyncWorker
    from gunicorn.workers.ggevent import GeventWorker

    def write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
        util.write_nonblock(sock, json_error_response(status_int, reason, mesg))

    # one process, one OS thread: greenlets update this between their blocking calls
    open_per_client: Counter[str] = Counter()

    class Worker(GeventWorker):  # type: ignore[misc]
        def init_process(self) -> None:
            # the one hook gunicorn offers for its own error pages is this module function
            util.write_error = write_json_error
            super().init_process()

        def timeout_ctx(self) -> Any:
            # gunicorn wraps reading each request's line and headers in this context
            return gevent.Timeout(settings.header_timeout, False)

        def handle(self, listener: Any, client: Any, addr: Any) -> None:
            group = _connection_group(settings, addr)
            if group is not None and open_per_client[group] >= settings.connections_per_client:
                util.write_nonblock(client, TOO_MANY_CONNECTIONS)
                util.close(client)
                return
            if group is not None:
                open_per_client[group] += 1
            try:
                # GeventWorker.handle only makes the socket blocking (no timeout); give it one
                client.settimeout(max(settings.body_timeout, settings.header_timeout + 1))
                AsyncWorker.handle(self, listener, client, addr)
            finally:
                if group is not None:
                    open_per_client[group] -= 1
                    if open_per_client[group] <= 0:
                        del open_per_client[group]

        def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
            try:
                keepalive = super().handle_request(listener_name, req, sock, addr)
            except TimeoutError:
                # a client that stopped reading or sending: close it without a traceback
                log.info("closed a connection idle for %ss", settings.body_timeout)
                raise StopIteration from None
            # take turns: a request already read (pipelined) or sent at once on keep-alive
            # is parsed without a switch, so without one here a quick client is served
            # again and again while other connections' requests wait. A timed sleep (not
            # sleep(0), which resumes before the loop polls the sockets) lets the loop read
            # the requests other connections sent first.
            gevent.sleep(TURN_WAIT_SECONDS)
            return keepalive

    return Worker


TOO_MANY_CONNECTIONS = json_error_response(
    429, "Too Many Requests", "Too many open connections from this address; close some first."
)


def _connection_group(settings: Settings, addr: Any) -> str | None:
    """The client group a connection counts in (IPv6 /64), or None when not counted: behind
    trusted proxies every connection comes from a proxy, which must bound its own clients."""
    if settings.trusted_proxy_hops or not isinstance(addr, tuple) or not addr:
        return None
    return client_group(str(addr[0]))


def _raise_open_files_limit(wanted: int) -> None:
    """Lift the soft limit on open files towards ``wanted`` (one per connection)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """The gunicorn settings every service is served with."""
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": 1,
        "worker_class": _worker_class(settings),
        "worker_connections": settings.web_connections,
        # the worker's heartbeat runs in its own greenlet; long streams do not delay it
        "timeout": 30,
        "graceful_timeout": 10,
        # idle keep-alive connections close after the header timeout too
        "keepalive": max(1, int(settings.header_timeout)),
        "limit_request_line": 4094,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.log_level,
        "control_socket_disable": True,
    }


#: Allocations between two young garbage collections in a web worker (Python's default: 700).
YOUNG_GC_THRESHOLD = 10_000


def _worker_ready(app: Flask) -> None:
    """In the process that handles the requests: serve the metrics port there, and move
    everything built at start-up (modules, the app, quizzes, the catalog) out of the cyclic
    garbage collector's reach, so that its full passes only walk what requests and streams
    made since (with 2,000 streams open, a full pass stalled the process for ~200 ms)."""
    start_metrics_server(app)
    gc.freeze()
    # and pass less often: a young collection every 10,000 allocations, not 700 (full
    # passes get as much rarer; in make bench's stream step the worst POST went from
    # ~240 ms to ~110 ms with 2,000 streams open)
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GC_THRESHOLD, middle, old)


def serve(app: Flask, settings: Settings) -> None:
    """Serve ``app`` on ``settings.host:settings.port`` until SIGTERM or SIGINT.

    One gevent worker process: it keeps no state that more processes would need, so scale
    by running more replicas.
    """
    from gunicorn.app.base import BaseApplication

    wsgi = guarded_input(app.wsgi_app, settings.max_body_bytes, settings.body_deadline)
    app.wsgi_app = wsgi  # type: ignore[method-assign,assignment]
    options = gunicorn_options(settings)
    options["post_worker_init"] = lambda _worker: _worker_ready(app)
    _raise_open_files_limit(settings.web_connections + 100)

    class _Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    _Gunicorn().run()
