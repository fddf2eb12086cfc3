"""``python -m shared.healthcheck URL``: exit 0 when ``URL`` answers 2xx (for healthchecks)."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m shared.healthcheck URL", file=sys.stderr)
        return 2
    try:
        with urllib.request.urlopen(argv[0], timeout=4) as response:  # noqa: S310  # nosec B310 - the image's own http URL
            ok = 200 <= response.status < 300
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}")
        return 1
    print("ok" if ok else "unhealthy")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
