"""Deployment files: the compose files validate against the Compose spec and fit each other."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from shared.settings import Settings
from tests.support import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"
LOCAL_IMAGES = REPO_ROOT / "deploy" / "compose" / "local-images.yml"
PROMETHEUS = REPO_ROOT / "deploy" / "prometheus" / "prometheus.yml"


@pytest.mark.parametrize("path", [COMPOSE, LOCAL_IMAGES])
def test_compose_files_match_the_compose_spec(path: Path) -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def load(path: Path) -> dict:  # type: ignore[type-arg]
    return YAML(typ="safe").load(path.read_text())  # type: ignore[no-any-return]


def test_compose_services_scale_and_start_in_order() -> None:
    compose = load(COMPOSE)
    assert "name" not in compose, "docker-compose 1.29 rejects a top-level name"
    services = compose["services"]
    assert {"redis", "catalog", "quiz", "matcher", "flower", "prometheus"} <= set(services)
    assert "--appendonly" in services["redis"]["command"]
    assert any(v.startswith("redis-data:") for v in services["redis"]["volumes"])
    for name in ("quiz", "matcher"):
        service = services[name]
        assert "container_name" not in service
        for port in service.get("ports", []):
            assert ":" not in str(port), f"{name} publishes a fixed host port: {port}"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["matcher"]["depends_on"]["catalog"]["condition"] == "service_healthy"
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["restart"] == "unless-stopped", name
    for name in ("flower", "prometheus"):
        assert services[name]["profiles"] == ["monitoring"]


def test_the_quiz_s_own_origin_is_configured() -> None:
    """The quiz refuses to start with sites and no PUBLIC_URL (tests/test_host_trust.py)."""
    quiz = load(COMPOSE)["services"]["quiz"]["environment"]
    default = re.fullmatch(r"\$\{PUBLIC_URL:-(.+)\}", quiz["PUBLIC_URL"])
    assert default and default.group(1).startswith("http"), quiz["PUBLIC_URL"]


def test_matcher_gets_time_to_finish_its_task() -> None:
    matcher = load(COMPOSE)["services"]["matcher"]
    limit = int(matcher["environment"]["MATCH_TIME_LIMIT"])
    grace = int(str(matcher["stop_grace_period"]).rstrip("s"))
    assert grace > limit


def test_images_are_overridable_and_buildable_locally() -> None:
    services = load(COMPOSE)["services"]
    for name, var in (("redis", "REDIS_IMAGE"), ("prometheus", "PROMETHEUS_IMAGE")):
        assert services[name]["image"].startswith("${" + var + ":-")
    assert services["flower"]["image"].startswith("${FLOWER_IMAGE:-")
    local = load(LOCAL_IMAGES)["services"]
    for name in ("redis", "prometheus"):
        assert (REPO_ROOT / local[name]["build"]["dockerfile"]).is_file()
        assert "BASE_IMAGE" in local[name]["build"]["args"]
    # Flower comes from the lock file: the matcher image carries it.
    assert "career-match-matcher" in local["flower"]["image"]
    assert re.search(r"^flower==", (REPO_ROOT / "requirements-runtime.lock").read_text(), re.M)


def test_prometheus_scrapes_every_service_on_the_metrics_port() -> None:
    config = load(PROMETHEUS)
    port = Settings.from_env({}).metrics_port
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"quiz", "catalog", "matcher"}
    for name, job in jobs.items():
        (sd,) = job["dns_sd_configs"]
        assert sd["names"] == [name] and sd["port"] == port
    services = load(COMPOSE)["services"]
    for name in jobs:
        assert services[name]["environment"]["METRICS_PORT"] == str(port)


def test_runtime_lock_agrees_with_the_full_lock() -> None:
    def pins(path: Path) -> dict[str, str]:
        text = path.read_text()
        return dict(re.findall(r"^([a-z0-9._-]+)==(\S+)", text, re.M))

    runtime = pins(REPO_ROOT / "requirements-runtime.lock")
    full = pins(REPO_ROOT / "requirements.lock")
    assert runtime and all(full.get(name) == version for name, version in runtime.items())
    assert "pytest" not in runtime and "mypy" not in runtime


def test_dockerfile_builds_from_an_argument_without_pulling_a_frontend() -> None:
    text = (REPO_ROOT / "Dockerfile").read_text()
    assert not re.search(r"^#\s*syntax=", text, re.M)
    assert re.search(r"^ARG BASE_IMAGE=python:3\.11-slim", text, re.M)
    assert "requirements-runtime.lock" in text and "--require-hashes" in text
    assert "USER 10001" in text and "STOPSIGNAL SIGTERM" in text
    for target in ("quiz", "catalog", "matcher"):
        section = text.split(f"AS {target}\n", 1)[1].split("\nFROM ", 1)[0]
        assert "HEALTHCHECK" in section, target
