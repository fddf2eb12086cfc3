"""``python -m services.matcher.health``: exit 0 when a matcher worker on this host answers."""

from __future__ import annotations

import socket
import sys

from services.matcher.worker import create_worker_app
from shared.settings import Settings


def main() -> int:
    app = create_worker_app(Settings.from_env())
    replies = app.control.ping(timeout=2.0) or []
    here = f"@{socket.gethostname()}"
    alive = [name for reply in replies for name in reply if name.endswith(here)]
    print("ok" if alive else "no matcher worker answered on this host")
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
