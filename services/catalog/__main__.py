"""Entry point: ``python -m services.catalog`` serves the API; ``... build`` builds the dataset."""

from __future__ import annotations

from gevent import monkey

# First, before anything else is imported: sockets, locks and queues cooperate with gevent.
monkey.patch_all()

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from services.catalog.serve.app import DEFAULT_PORT  # noqa: E402
from shared.logging import configure_logging  # noqa: E402
from shared.settings import Settings, SettingsError  # noqa: E402


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
    text_cmd = commands.add_parser(
        "descriptions",
        help="write the git-ignored descriptions file (O*NET's sentences) from ONET_DATA_DIR "
        "or, without it, from the O*NET text release downloaded from ONET_TEXT_URL",
    )
    text_cmd.add_argument("--if-missing", action="store_true", help="only when it is missing")
    text_cmd.add_argument("--timeout", type=float, help="download timeout in seconds")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env(port=DEFAULT_PORT)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)

    if args.command == "build":
        return _build(settings, args.onet_dir, args.regional_dir, args.out)
    if args.command == "descriptions":
        return _descriptions(
            settings,
            settings.onet_data_dir,
            settings.catalog_data_dir,
            force=not args.if_missing,
            timeout=args.timeout,
        )

    from services.catalog.serve.app import create_app
    from shared.server import serve

    serve(create_app(settings), settings)
    return 0


def _build(
    settings: Settings, onet_arg: Path | None, regional_dir: Path | None, out_arg: Path | None
) -> int:
    from services.catalog.build.dataset import build, report
    from services.catalog.build.sources import BuildError, has_sources

    onet_dir = onet_arg or settings.onet_data_dir
    out_dir = out_arg or settings.catalog_data_dir
    if onet_arg is None and not has_sources(onet_dir):
        print(
            f"no O*NET and BLS source files in {onet_dir}: keeping the committed dataset "
            "and getting O*NET's descriptions",
            file=sys.stderr,
        )
        return _descriptions(settings, onet_dir, out_dir, force=True, timeout=None)
    try:
        result = build(onet_dir, out_dir, regional_dir)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(report(result))
    return 0


def _descriptions(
    settings: Settings, onet_dir: Path, out_dir: Path, *, force: bool, timeout: float | None
) -> int:
    from services.catalog.build.descriptions import DescriptionsError, ensure_descriptions

    try:
        result = ensure_descriptions(
            out_dir,
            onet_dir,
            settings.onet_text_url,
            timeout or settings.onet_download_timeout,
            force=force,
        )
    except DescriptionsError as exc:
        print(
            f"descriptions not written: {exc}\n"
            "  pages will say that O*NET's descriptions are not available here; set "
            "ONET_DATA_DIR to a folder of the O*NET 29.3 text files, or ONET_TEXT_URL, and run "
            "make catalog",
            file=sys.stderr,
        )
        return 1
    if result is None:
        print(f"descriptions: {out_dir} already has them")
    else:
        print(
            f"descriptions: {result.careers} careers written to {result.path} from {result.source}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
