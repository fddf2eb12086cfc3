"""A Docker engine and what an image build needs, for ``make test-compose``.

The running engine, or ``dockerd`` started here; Compose v2 or docker-compose; the base
image (given, official slim, or built with debootstrap); and this machine's pip settings
staged for the build (``deploy/docker/pip/``, git-ignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 - it drives docker and compose, with fixed arguments
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
PIP_STAGE = REPO_ROOT / "deploy" / "docker" / "pip"
SLIM_IMAGE = "python:3.11-slim-bookworm"
LOCAL_BASE = "career-match-base:bookworm"
#: dockerd flag sets tried in turn when no engine runs: the defaults, then what a sandbox
#: without overlayfs or iptables needs.
DOCKERD_FLAGS: tuple[tuple[str, ...], ...] = (
    (),
    ("--storage-driver=vfs",),
    ("--storage-driver=vfs", "--iptables=false", "--ip-masq=false"),
)


def say(message: str) -> None:
    print(f"test-compose: {message}", flush=True)


def run(cmd: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), text=True, check=False, **kwargs)  # nosec B603


def engine_up() -> bool:
    if shutil.which("docker") is None:
        return False
    return run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


def start_dockerd(log_path: Path) -> subprocess.Popen[bytes] | None:
    """Start dockerd with the first flag set that gives a working engine."""
    if shutil.which("dockerd") is None or os.geteuid() != 0:
        return None
    for flags in DOCKERD_FLAGS:
        say(f"starting dockerd {' '.join(flags)}".rstrip())
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log:
            # dockerd from PATH, as root, with our own fixed flags
            proc = subprocess.Popen(  # nosec B603 B607
                ["dockerd", *flags], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if engine_up():
                return proc
            time.sleep(1)
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return None


def compose_command() -> list[str] | None:
    """Compose v2 (``docker compose``) when present, else docker-compose 1.29."""
    if run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def image_present(name: str) -> bool:
    return run(["docker", "image", "inspect", name], capture_output=True).returncode == 0


def base_image() -> str:
    given = os.environ.get("BASE_IMAGE", "").strip()
    if given:
        return given
    if image_present(SLIM_IMAGE):
        return SLIM_IMAGE
    proc = run([str(REPO_ROOT / "deploy" / "docker" / "base-image.sh"), LOCAL_BASE])
    if proc.returncode != 0:
        raise RuntimeError("could not build the debootstrap base image")
    return LOCAL_BASE


def pip_settings() -> dict[str, str]:
    """This machine's pip settings (``pip config list``, then PIP_* variables)."""
    proc = run([sys.executable, "-m", "pip", "config", "list"], capture_output=True)
    found: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition("=")
        found[key.split(".", 1)[-1]] = value.strip().strip("'\"")
    for key in ("cert", "index-url", "extra-index-url"):
        env = os.environ.get("PIP_" + key.upper().replace("-", "_"))
        if env:
            found[key] = env
    return found


def stage_pip_config() -> list[Path]:
    """Write ``pip.conf`` (and the CA bundle) for the build; the files written."""
    settings = pip_settings()
    lines = ["[global]"]
    written: list[Path] = []
    cert = settings.get("cert")
    if cert and Path(cert).is_file():
        shutil.copyfile(cert, PIP_STAGE / "ca.pem")
        written.append(PIP_STAGE / "ca.pem")
        lines.append("cert = /tmp/pip/ca.pem")
    for key in ("index-url", "extra-index-url"):
        urls = [u for u in settings.get(key, "").split() if u.startswith(("http://", "https://"))]
        local = [u for u in settings.get(key, "").split() if u not in urls]
        if urls:
            lines.append(f"{key} = {' '.join(urls)}")
        if local:
            say(f"pip {key} {' '.join(local)} is on this machine's disk: not used in the build")
    if settings.get("find-links"):
        say(f"pip find-links {settings['find-links']} is on this disk: not used in the build")
    (PIP_STAGE / "pip.conf").write_text("\n".join(lines) + "\n")
    written.append(PIP_STAGE / "pip.conf")
    return written
