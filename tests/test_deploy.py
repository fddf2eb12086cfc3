"""Deployment files: the compose file validates against the Compose spec and can scale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from tests.support import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"


def test_compose_file_matches_the_compose_spec() -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_compose_services_scale_and_start_in_order() -> None:
    compose = YAML(typ="safe").load(COMPOSE.read_text())
    services = compose["services"]
    assert {"redis", "catalog", "quiz", "matcher"} <= set(services)
    assert "--appendonly" in services["redis"]["command"]
    for name in ("quiz", "matcher"):
        service = services[name]
        assert "container_name" not in service
        for port in service.get("ports", []):
            assert ":" not in str(port), f"{name} publishes a fixed host port: {port}"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["matcher"]["depends_on"]["catalog"]["condition"] == "service_healthy"
    for name in ("redis", "catalog", "quiz", "matcher"):
        assert "healthcheck" in services[name], name
