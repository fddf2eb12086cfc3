"""O*NET's sentences (descriptions, tasks, element and Job Zone texts) on any machine.

They are never committed. ``ensure_descriptions`` writes the git-ignored descriptions file
beside the committed dataset from O*NET's text files: those in ``ONET_DATA_DIR`` when they
are there, else the official O*NET text release downloaded from the O*NET Resource Center
(``ONET_TEXT_URL``), checked for the files the build reads and for database version 29.3.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from services.catalog.layout import DATASET_FILE, DESCRIPTIONS_FILE, FORMAT, INTEREST_IDS

log = logging.getLogger(__name__)

ONET_VERSION = "29.3"
#: The text files the descriptions come from.
SENTENCE_FILES = (
    "Occupation Data.txt",
    "Task Statements.txt",
    "Content Model Reference.txt",
    "Job Zone Reference.txt",
)
README = "Read Me.txt"
#: The release's zip is about 30 MB; refuse anything far bigger.
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
_VERSION_LINE = re.compile(r"O\*NET\s+(\d+\.\d+)\s+Database")


class DescriptionsError(RuntimeError):
    """The O*NET text files could not be had, or are not the release the dataset needs."""


@dataclass(frozen=True)
class DescriptionsResult:
    """Where the descriptions came from and where they went."""

    path: Path
    source: str
    careers: int


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _na(value: str) -> str | None:
    return None if value in {"", "n/a"} else value


def has_sentence_files(onet_dir: Path) -> bool:
    """Whether ``onet_dir`` holds every text file the descriptions are built from."""
    return all((onet_dir / name).is_file() for name in SENTENCE_FILES)


def descriptions_document(
    onet_dir: Path, codes: Iterable[str], element_ids: Iterable[str]
) -> dict[str, Any]:
    """The descriptions of ``codes`` and ``element_ids`` read from O*NET's text files."""
    missing = [name for name in SENTENCE_FILES if not (onet_dir / name).is_file()]
    if missing:
        raise DescriptionsError(f"missing O*NET text files: {', '.join(missing)}")
    codes = list(codes)
    wanted = set(codes)
    occupations = {
        r["O*NET-SOC Code"]: r["Description"] for r in _rows(onet_dir / "Occupation Data.txt")
    }
    absent = wanted - set(occupations)
    if absent:
        raise DescriptionsError(f"occupations missing from the release: {sorted(absent)[:5]}")
    tasks: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in _rows(onet_dir / "Task Statements.txt"):
        if row["O*NET-SOC Code"] in wanted:
            tasks[row["O*NET-SOC Code"]].append(
                {"text": row["Task"], "type": _na(row["Task Type"])}
            )
    elements = {
        r["Element ID"]: r["Description"] for r in _rows(onet_dir / "Content Model Reference.txt")
    }
    zones = list(_rows(onet_dir / "Job Zone Reference.txt"))
    return {
        "format": FORMAT,
        "onet_version": ONET_VERSION,
        "careers": {
            code: {"description": occupations[code], "tasks": tasks.get(code, [])} for code in codes
        },
        "elements": {i: elements[i] for i in element_ids if i in elements},
        "job_zones": {
            r["Job Zone"]: {
                "experience": r["Experience"],
                "education": r["Education"],
                "training": r["Job Training"],
                "examples": r["Examples"],
            }
            for r in zones
        },
    }


def dataset_keys(dataset: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The career codes and element ids (interests, values, skills, knowledge) of a dataset."""
    codes = [c["code"] for c in dataset["careers"]]
    elements = list(INTEREST_IDS) + [
        item["id"] for key in ("work_values", "skills", "knowledge") for item in dataset[key]
    ]
    return codes, elements


def release_version(readme: str) -> str | None:
    """The database version a release's ``Read Me.txt`` names (``O*NET 29.3 Database``)."""
    match = _VERSION_LINE.search(readme)
    return match.group(1) if match else None


def download_release(url: str, dest: Path, timeout: float) -> Path:
    """Download the O*NET text release from ``url`` and unpack the files needed into ``dest``.

    The archive must hold every file in ``SENTENCE_FILES`` and a ``Read Me.txt`` naming
    database version 29.3 (all in one folder, as in ``db_29_3_text.zip``).
    """
    try:
        with requests.get(url, stream=True, timeout=timeout) as response:
            response.raise_for_status()
            buffer = io.BytesIO()
            for chunk in response.iter_content(1 << 16):
                buffer.write(chunk)
                if buffer.tell() > MAX_ARCHIVE_BYTES:
                    raise DescriptionsError(f"{url}: the archive is larger than expected")
    except requests.RequestException as exc:
        raise DescriptionsError(f"could not download {url}: {exc}") from None
    try:
        archive = zipfile.ZipFile(buffer)
    except zipfile.BadZipFile:
        raise DescriptionsError(f"{url} is not a zip archive") from None
    with archive:
        by_name = {Path(info.filename).name: info for info in archive.infolist()}
        needed = (*SENTENCE_FILES, README)
        missing = [name for name in needed if name not in by_name]
        if missing:
            raise DescriptionsError(f"{url}: the archive lacks {', '.join(missing)}")
        version = release_version(archive.read(by_name[README]).decode("utf-8", "replace"))
        if version != ONET_VERSION:
            raise DescriptionsError(
                f"{url}: the archive is O*NET {version or 'of unknown version'}, "
                f"the dataset needs {ONET_VERSION}"
            )
        dest.mkdir(parents=True, exist_ok=True)
        for name in SENTENCE_FILES:
            (dest / name).write_bytes(archive.read(by_name[name]))
    return dest


def ensure_descriptions(
    data_dir: Path,
    onet_dir: Path | None,
    url: str,
    timeout: float,
    *,
    force: bool = False,
) -> DescriptionsResult | None:
    """Write ``data_dir/descriptions.json`` unless it is there (or ``force``).

    The O*NET text files come from ``onet_dir`` when it holds them, else from ``url``.
    Returns ``None`` when the file was already there; raises :class:`DescriptionsError`.
    """
    target = data_dir / DESCRIPTIONS_FILE
    if target.is_file() and not force:
        return None
    try:
        dataset = json.loads((data_dir / DATASET_FILE).read_bytes())
    except (OSError, ValueError) as exc:
        raise DescriptionsError(
            f"cannot read the dataset {DATASET_FILE} in {data_dir}: {exc}"
        ) from None
    codes, elements = dataset_keys(dataset)
    if onet_dir is not None and has_sentence_files(onet_dir):
        document = descriptions_document(onet_dir, codes, elements)
        source = str(onet_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="onet-text-") as tmp:
            log.info("downloading the O*NET %s text release from %s", ONET_VERSION, url)
            document = descriptions_document(
                download_release(url, Path(tmp), timeout), codes, elements
            )
        source = url
    write_descriptions(target, document)
    return DescriptionsResult(path=target, source=source, careers=len(document["careers"]))


def dumps_descriptions(document: dict[str, Any]) -> bytes:
    """The descriptions file's bytes: compact, sorted keys, deterministic."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def write_descriptions(path: Path, document: dict[str, Any]) -> int:
    """Write the descriptions file atomically; returns its size in bytes."""
    data = dumps_descriptions(document)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)
