"""Logging setup: readable lines by default, one JSON object per line with LOG_FORMAT=json."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

#: The submission the current request or task works on; every log line carries it, so one
#: grep for an id follows a submission from the quiz's POST through the matcher's task to
#: the webhook.
_submission: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "submission_id", default=None
)


@contextmanager
def submission_context(submission_id: str | None) -> Iterator[None]:
    """Log lines written inside carry ``submission_id``."""
    token = _submission.set(submission_id)
    try:
        yield
    finally:
        _submission.reset(token)


def bind_submission(submission_id: str | None) -> None:
    """Set the submission of the current context until it is set again (tasks, requests)."""
    _submission.set(submission_id)


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object, with any ``extra=`` fields alongside."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        submission_id = _submission.get()
        if submission_id is not None:
            doc["submission_id"] = submission_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                doc[key] = value
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str)


def configure_logging(level: str = "info", fmt: str = "text") -> None:
    """Send all logs to stderr at ``level`` in ``fmt`` (``text`` or ``json``)."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
