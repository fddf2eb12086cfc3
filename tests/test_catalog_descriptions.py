"""O*NET's sentences on a new machine: from ONET_DATA_DIR, or the downloaded text release.

The download is served by a loopback HTTP server from a zip made of the staged files, laid
out like the official ``db_29_3_text.zip``; no test reaches the internet.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from services.catalog.build.descriptions import (
    SENTENCE_FILES,
    dataset_keys,
    descriptions_document,
    dumps_descriptions,
    release_version,
)
from services.catalog.serve.store import load_store
from tests.support import REPO_ROOT, HttpService, onet_dir

pytestmark = pytest.mark.shared_data

DATASET = REPO_ROOT / "services" / "catalog" / "data" / "catalog.json"


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"db_29_3_text/{name}", data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def release_server() -> Iterator[str]:
    """Archives as the O*NET Resource Center would serve them, and some it never should."""
    staged = onet_dir()
    files = {name: (staged / name).read_bytes() for name in SENTENCE_FILES}
    readme = (staged / "xlsx" / "Read Me.txt").read_bytes()
    archives = {
        "/db_29_3_text.zip": make_zip({**files, "Read Me.txt": readme}),
        "/old.zip": make_zip({**files, "Read Me.txt": readme.replace(b"29.3", b"28.1")}),
        "/partial.zip": make_zip(
            {k: v for k, v in files.items() if k != "Task Statements.txt"} | {"Read Me.txt": readme}
        ),
        "/not-a-zip.zip": b"<html>moved</html>",
    }
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if self.path == "/hang":
                stop.wait(30)  # a server that never answers (no network, a black hole)
                return
            body = archives.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fresh_clone(tmp_path: Path) -> dict[str, str]:
    """A data folder as a fresh clone has it (the dataset, no descriptions), no O*NET files."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATASET, data)
    empty = tmp_path / "no-onet"
    empty.mkdir()
    return {"CATALOG_DATA_DIR": str(data), "ONET_DATA_DIR": str(empty), "LOG_LEVEL": "warning"}


def run_catalog(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.catalog", *args],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def expected_bytes() -> bytes:
    codes, elements = dataset_keys(json.loads(DATASET.read_bytes()))
    return dumps_descriptions(descriptions_document(onet_dir(), codes, elements))


def test_release_version_is_read_from_the_readme() -> None:
    assert release_version("O*NET 29.3 Database\nMay 2025 Release") == "29.3"
    assert release_version("nothing here") is None


def test_make_catalog_downloads_the_release_when_no_onet_files_are_here(
    release_server: str, fresh_clone: dict[str, str], artifacts_dir: Path
) -> None:
    env = {**fresh_clone, "ONET_TEXT_URL": release_server + "/db_29_3_text.zip"}
    done = run_catalog(["build"], env)
    assert done.returncode == 0, done.stderr
    target = Path(env["CATALOG_DATA_DIR"]) / "descriptions.json"
    assert target.read_bytes() == expected_bytes()
    # the committed dataset is untouched
    assert (Path(env["CATALOG_DATA_DIR"]) / "catalog.json").read_bytes() == DATASET.read_bytes()
    store = load_store(Path(env["CATALOG_DATA_DIR"]))
    assert store.has_descriptions
    description = store.career("15-2051.00")["description"]  # type: ignore[index]
    assert description and len(description) > 40
    # and the pages show it
    service = HttpService("services.catalog", env, artifacts_dir / "logs" / "catalog-described.log")
    service.start()
    try:
        page = requests.get(service.url + "/careers/15-2051.00", timeout=10).text
        assert description.split(".")[0] in page.replace("&#39;", "'")
        assert "not available on this server" not in page
    finally:
        service.stop()


def test_the_local_onet_files_win_over_the_download(fresh_clone: dict[str, str]) -> None:
    env = {
        **fresh_clone,
        "ONET_DATA_DIR": str(onet_dir()),
        "ONET_TEXT_URL": "http://127.0.0.1:9/x.zip",
    }
    done = run_catalog(["descriptions"], env)
    assert done.returncode == 0, done.stderr
    assert (Path(env["CATALOG_DATA_DIR"]) / "descriptions.json").read_bytes() == expected_bytes()
    again = run_catalog(["descriptions", "--if-missing"], env)
    assert again.returncode == 0 and "already has them" in again.stdout


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/old.zip", "O*NET 28.1"),
        ("/partial.zip", "lacks Task Statements.txt"),
        ("/not-a-zip.zip", "not a zip archive"),
        ("/missing.zip", "404"),
    ],
)
def test_a_wrong_archive_is_refused_and_writes_nothing(
    release_server: str, fresh_clone: dict[str, str], path: str, message: str
) -> None:
    env = {**fresh_clone, "ONET_TEXT_URL": release_server + path}
    done = run_catalog(["descriptions"], env)
    assert done.returncode == 1 and message in done.stderr, done.stderr
    assert "make catalog" in done.stderr
    assert not (Path(env["CATALOG_DATA_DIR"]) / "descriptions.json").exists()


def test_without_network_make_up_gives_up_quickly(
    release_server: str, fresh_clone: dict[str, str]
) -> None:
    env = {**fresh_clone, "ONET_TEXT_URL": release_server + "/hang"}
    started = time.monotonic()
    # what `make up` runs before it starts the stack (its failure is ignored there)
    done = run_catalog(["descriptions", "--if-missing", "--timeout", "1"], env, timeout=30)
    assert done.returncode == 1 and "timed out" in done.stderr.lower(), done.stderr
    assert time.monotonic() - started < 15
    makefile = (REPO_ROOT / "Makefile").read_text()
    assert "-@$(PY) -m services.catalog descriptions --if-missing --timeout" in makefile
