"""Entry point: ``python -m services.catalog`` serves the API; ``... build`` builds the dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.catalog.app import DEFAULT_PORT
from shared.logging import configure_logging
from shared.settings import Settings, SettingsError


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and either build the dataset or serve the API."""
    parser = argparse.ArgumentParser(prog="python -m services.catalog")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve the HTTP API (the default)")
    build_cmd = commands.add_parser("build", help="build the dataset from the O*NET files")
    build_cmd.add_argument("--onet-dir", type=Path, help="O*NET folder (default: ONET_DATA_DIR)")
    build_cmd.add_argument(
        "--regional-dir", type=Path, help="regional pay folder (default: regional beside O*NET)"
    )
    build_cmd.add_argument("--out", type=Path, help="output folder (default: CATALOG_DATA_DIR)")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env(port=DEFAULT_PORT)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)

    if args.command == "build":
        from services.catalog.build import BuildError, build, report

        try:
            result = build(
                args.onet_dir or settings.onet_data_dir,
                args.out or settings.catalog_data_dir,
                args.regional_dir,
            )
        except BuildError as exc:
            print(f"build failed: {exc}", file=sys.stderr)
            return 1
        print(report(result))
        return 0

    from services.catalog.app import create_app
    from shared.server import serve

    serve(create_app(settings), settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
