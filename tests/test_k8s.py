"""Kubernetes manifests: rendered with kustomize, each object valid, KEDA's as KEDA documents."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import kubernetes_validate
import pytest
from ruamel.yaml import YAML

from shared.settings import Settings, parse_sentinel_url
from tests.support import REPO_ROOT, skip_or_fail

K8S = REPO_ROOT / "deploy" / "k8s"
OVERLAYS = ("base", "overlays/example", "overlays/ha")
K8S_VERSION = kubernetes_validate.latest_version()

#: Metadata fields KEDA documents for its Redis list scalers (keda.sh/docs/2.x/scalers/).
KEDA_TRIGGER_FIELDS = {
    "redis": {
        "required": {"listName"},
        "one_of": ({"address"}, {"host", "port"}),
        "allowed": {
            "address",
            "host",
            "port",
            "listName",
            "listLength",
            "activationListLength",
            "databaseIndex",
            "enableTLS",
            "unsafeSsl",
            "usernameFromEnv",
            "passwordFromEnv",
        },
    },
    "redis-sentinel": {
        "required": {"listName", "sentinelMaster"},
        "one_of": ({"addresses"}, {"hosts", "ports"}),
        "allowed": {
            "addresses",
            "hosts",
            "ports",
            "sentinelMaster",
            "sentinelMasterFromEnv",
            "listName",
            "listLength",
            "activationListLength",
            "databaseIndex",
            "enableTLS",
            "unsafeSsl",
            "usernameFromEnv",
            "passwordFromEnv",
            "sentinelUsernameFromEnv",
            "sentinelPasswordFromEnv",
        },
    },
}
SCALED_OBJECT_SPEC = {
    "scaleTargetRef",
    "pollingInterval",
    "cooldownPeriod",
    "initialCooldownPeriod",
    "idleReplicaCount",
    "minReplicaCount",
    "maxReplicaCount",
    "fallback",
    "advanced",
    "triggers",
}


def render(path: str) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        skip_or_fail("kubectl is not installed: the Kubernetes manifests were not rendered")
    proc = subprocess.run(
        [str(kubectl), "kustomize", str(K8S / path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return [doc for doc in YAML(typ="safe").load_all(proc.stdout) if doc]


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_object_is_valid(overlay: str) -> None:
    docs = render(overlay)
    assert docs
    for doc in docs:
        if doc["apiVersion"].startswith("keda.sh/"):
            continue  # a CRD: checked against KEDA's documented fields below
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_probes_resources_and_budgets(overlay: str) -> None:
    docs = render(overlay)
    deployments = by_kind(docs, "Deployment")
    assert set(deployments) == {"quiz", "catalog", "matcher"}
    settings = Settings.from_env({})
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert "readinessProbe" in container and "livenessProbe" in container, name
        assert container["resources"]["requests"] and container["resources"]["limits"], name
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["metrics"] == settings.metrics_port, name
        assert pod["securityContext"]["runAsNonRoot"] is True
    matcher = deployments["matcher"]["spec"]["template"]["spec"]
    assert matcher["terminationGracePeriodSeconds"] > settings.match_time_limit
    assert {"quiz", "catalog"} <= set(by_kind(docs, "Service"))
    assert set(by_kind(docs, "PodDisruptionBudget")) == {"quiz", "catalog", "matcher"}
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    assert set(hpas) == {"quiz", "catalog"}  # the matcher is KEDA's
    config = by_kind(docs, "ConfigMap")["career-match-config"]["data"]
    assert config["PUBLIC_URL"].startswith("https://")  # required with sites
    assert config["WORKER_CONCURRENCY"] == "1"  # with prefetch 1: the list length is the work
    assert int(config["MATCH_TIME_LIMIT"]) < matcher["terminationGracePeriodSeconds"]


@pytest.mark.parametrize(
    ("overlay", "trigger_type"),
    [
        ("overlays/example", "redis"),
        ("overlays/ha", "redis-sentinel"),
    ],
)
def test_keda_scales_the_matcher_on_the_match_list(overlay: str, trigger_type: str) -> None:
    docs = render(overlay)
    scaled = by_kind(docs, "ScaledObject")["matcher"]
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    spec = scaled["spec"]
    assert set(spec) <= SCALED_OBJECT_SPEC, set(spec) - SCALED_OBJECT_SPEC
    assert spec["scaleTargetRef"]["name"] == "matcher"
    assert spec["minReplicaCount"] >= 1 and spec["maxReplicaCount"] > spec["minReplicaCount"]
    (trigger,) = spec["triggers"]
    assert trigger["type"] == trigger_type
    fields = KEDA_TRIGGER_FIELDS[trigger_type]
    meta = trigger["metadata"]
    assert all(isinstance(v, str) for v in meta.values()), "KEDA metadata values are strings"
    assert fields["required"] <= set(meta)
    assert any(group <= set(meta) for group in fields["one_of"])
    assert set(meta) <= fields["allowed"], set(meta) - fields["allowed"]
    assert meta["listName"] == "match"
    assert int(meta["listLength"]) >= 1
    config = by_kind(docs, "ConfigMap")["career-match-config"]["data"]
    if trigger_type == "redis-sentinel":
        url = parse_sentinel_url(config["REDIS_URL"])
        assert meta["sentinelMaster"] == url.master
        assert meta["addresses"] == ",".join(f"{h}:{p}" for h, p in url.sentinels)
        assert meta["databaseIndex"] == str(url.db)
    else:
        assert config["REDIS_URL"] == f"redis://{meta['address']}/{meta['databaseIndex']}"
        assert "redis" in by_kind(docs, "StatefulSet")
        claims = by_kind(docs, "StatefulSet")["redis"]["spec"]["volumeClaimTemplates"]
        assert claims and claims[0]["spec"]["resources"]["requests"]["storage"]
