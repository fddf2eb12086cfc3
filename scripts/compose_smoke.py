"""``make test-compose``: build the images, run the compose stack for real, push work through it.

1. A Docker engine: the running one, or ``dockerd`` started here (and stopped at the end).
2. A base image: ``BASE_IMAGE`` if given, the official slim Python image if the engine has
   it, else a Debian bookworm image built with debootstrap (``deploy/docker/base-image.sh``,
   mirror read from this machine's apt sources; the engine keeps it for the next run).
3. pip inside the build gets this machine's CA bundle and http(s) index settings, staged in
   ``deploy/docker/pip/`` (git-ignored) for the time of the build.
4. ``up --scale matcher=3`` with the ``monitoring`` profile; 200 submissions through the
   quiz's published port; every one must end ``done``, each matcher container must have
   done some (its metrics port), and Prometheus must scrape every service.
5. ``down --volumes``, whatever happened.

Without an engine that can be started it skips (exit 0, saying so); with CI=true it fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess  # nosec B404 - it drives docker and compose, with fixed arguments
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from scripts.docker_engine import (
    base_image,
    compose_command,
    engine_up,
    run,
    say,
    stage_pip_config,
    start_dockerd,
)
from scripts.sample_answers import random_answers

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class Compose:
    def __init__(self, command: list[str], project: str, env: dict[str, str]) -> None:
        self.project = project
        self.base = [
            *command,
            "-p",
            project,
            "-f",
            str(REPO_ROOT / "docker-compose.yml"),
            "-f",
            str(REPO_ROOT / "deploy" / "compose" / "local-images.yml"),
            "--profile",
            "monitoring",
        ]
        self.env = {**os.environ, **env}

    def __call__(self, *args: str, capture: bool = False, timeout: float = 900) -> str:
        proc = run(
            [*self.base, *args],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=capture,
            timeout=timeout,
        )
        if proc.returncode != 0:
            detail = (proc.stdout or "") + (proc.stderr or "") if capture else ""
            raise RuntimeError(f"compose {' '.join(args)} failed ({proc.returncode}) {detail}")
        return proc.stdout or ""


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def done_by_container(container: str) -> float:
    """``career_match_tasks_total{task="match",outcome="done"}`` of one matcher container."""
    probe = (
        "import urllib.request as u;"
        "print(u.urlopen('http://127.0.0.1:9100/metrics', timeout=5).read().decode())"
    )
    proc = run(["docker", "exec", container, "python", "-c", probe], capture_output=True)
    total = 0.0
    for line in proc.stdout.splitlines():
        if line.startswith("career_match_tasks_total{") and 'outcome="done"' in line:
            if 'task="match"' in line:
                total += float(line.rsplit(" ", 1)[1])
    return total


def smoke(compose: Compose, submissions: int, matchers: int) -> dict[str, Any]:
    """Build, start, send ``submissions`` and wait for each to end; what was seen."""
    started = time.monotonic()
    say("building images")
    compose("build")
    built = time.monotonic()
    say(f"starting the stack with {matchers} matchers")
    compose("up", "-d", "--scale", f"matcher={matchers}")
    quiz = published(compose, "quiz", 8000)
    wait_for(lambda: requests.get(quiz + "/readyz", timeout=3).ok, 180, f"the quiz at {quiz}")
    definition = requests.get(quiz + "/v1/quizzes/career-match", timeout=10).json()
    bodies = [random_answers(definition, seed=2026 + i) for i in range(submissions)]
    say(f"sending {submissions} submissions to {quiz}")
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda answers: submit(quiz, answers), bodies))
    sent = time.monotonic()
    statuses = wait_all_final(quiz, ids)
    finished = time.monotonic()
    containers = compose("ps", "-q", "matcher", capture=True).split()
    per_container = {c[:12]: done_by_container(c) for c in containers}
    prometheus = published(compose, "prometheus", 9090)
    say("waiting for Prometheus to scrape every service's metrics port")
    targets = wait_scraped(prometheus, matchers + 2)
    return {
        "containers": containers_listing(compose.project),
        "images": image_sizes(),
        "done": sum(1 for s in statuses.values() if s == "done"),
        "failed": sum(1 for s in statuses.values() if s == "failed"),
        "done_per_matcher": per_container,
        "prometheus_targets": sorted(targets.values()),
        "seconds": {
            "build": round(built - started, 1),
            "start_and_send": round(sent - built, 1),
            "until_all_done": round(finished - sent, 1),
        },
    }


def published(compose: Compose, service: str, port: int) -> str:
    """The loopback URL where ``service``'s ``port`` is published."""
    line = compose("port", service, str(port), capture=True).strip().splitlines()[-1]
    return f"http://127.0.0.1:{line.rsplit(':', 1)[1]}"


def submit(quiz: str, answers: dict[str, int]) -> str:
    """POST one submission, retrying a refusal a few times; its id."""
    for _attempt in range(5):
        response = requests.post(
            quiz + "/v1/quizzes/career-match/submissions",
            json={"answers": answers},
            timeout=30,
        )
        if response.status_code == 202:
            return str(response.json()["id"])
        time.sleep(1)
    raise RuntimeError(f"submission refused: {response.status_code} {response.text}")


def wait_all_final(quiz: str, ids: list[str]) -> dict[str, str]:
    """Poll each submission until every one is done or failed; their statuses."""
    statuses: dict[str, str] = {}

    def all_final() -> bool:
        for sid in ids:
            if statuses.get(sid) not in ("done", "failed"):
                doc = requests.get(f"{quiz}/v1/results/{sid}", timeout=10).json()
                statuses[sid] = doc["status"]
        return all(s in ("done", "failed") for s in statuses.values()) and len(statuses) == len(ids)

    wait_for(all_final, 600, "every submission to be done")
    return statuses


def wait_scraped(prometheus: str, expected: int) -> dict[str, str]:
    """Wait until Prometheus scrapes ``expected`` targets, all up; scrape URL: job and health."""
    targets: dict[str, str] = {}

    def scraped() -> bool:
        doc = requests.get(prometheus + "/api/v1/targets", timeout=5).json()
        targets.clear()
        for target in doc["data"]["activeTargets"]:
            targets[target["scrapeUrl"]] = f"{target['labels']['job']} {target['health']}"
        return len(targets) == expected and all(v.endswith(" up") for v in targets.values())

    wait_for(scraped, 90, f"Prometheus to scrape every service (has {targets})")
    return targets


def containers_listing(project: str) -> list[str]:
    """Name, image and status of each container of the compose project."""
    listing = run(
        [
            "docker",
            "ps",
            "--filter",
            f"label=com.docker.compose.project={project}",
            "--format",
            "{{.Names}}\t{{.Image}}\t{{.Status}}",
        ],
        capture_output=True,
    ).stdout
    return listing.strip().splitlines()


def image_sizes() -> list[str]:
    """``name:tag size`` of each of the project's images."""
    sizes = run(
        ["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"],
        capture_output=True,
    ).stdout.split("\n")
    return [line for line in sizes if line.startswith("career-match")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--matchers", type=int, default=3)
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    dockerd = None
    if not engine_up():
        dockerd = start_dockerd(REPO_ROOT / "var" / "dockerd.log")
        if dockerd is None:
            reason = "no Docker engine runs and none could be started (docker.io, as root)"
            if IN_CI:
                say(f"FAILED: CI=true and {reason}")
                return 1
            say(f"SKIPPED: {reason}")
            return 0
    command = compose_command()
    if command is None:
        say("FAILED: neither `docker compose` nor docker-compose is installed")
        return 1
    try:
        report = build_and_smoke(command, args.submissions, args.matchers)
    finally:
        if dockerd is not None:
            dockerd.terminate()
            dockerd.wait(60)
    if report is None:
        return 1
    report["seconds"]["total"] = round(time.monotonic() - t0, 1)
    print(json.dumps(report, indent=2))
    problems = report_problems(report, args.submissions, args.matchers)
    for problem in problems:
        say(f"FAILED: {problem}")
    if not problems:
        say(f"passed in {report['seconds']['total']} s")
    return 1 if problems else 0


def build_and_smoke(command: list[str], submissions: int, matchers: int) -> dict[str, Any] | None:
    """:func:`smoke` on a fresh compose project, torn down after; None when it failed."""
    staged: list[Path] = []
    compose = None
    try:
        base = base_image()
        say(f"base image {base}; compose: {' '.join(command)}")
        staged = stage_pip_config()
        compose = Compose(
            command,
            f"cmsmoke{os.getpid()}",
            # 200 submissions arrive through one NAT address in seconds: lift that limit
            {"BASE_IMAGE": base, "SUBMIT_LIMIT_PER_ADDRESS": "100000/minute"},
        )
        return smoke(compose, submissions, matchers)
    except (RuntimeError, TimeoutError, subprocess.TimeoutExpired) as exc:
        say(f"FAILED: {exc}")
        if compose is not None:
            compose("logs", "--tail", "30")
        return None
    finally:
        if compose is not None:
            say("tearing down (volumes included)")
            compose("down", "--volumes", "--remove-orphans", "--timeout", "90")
        for path in staged:
            path.unlink(missing_ok=True)


def report_problems(report: dict[str, Any], submissions: int, matchers: int) -> list[str]:
    """What in the report falls short: submissions not done, matchers that did nothing."""
    per = report["done_per_matcher"]
    problems = []
    if report["done"] != submissions:
        problems.append(f"{report['done']} of {submissions} submissions done")
    if len(per) != matchers or not all(v > 0 for v in per.values()):
        problems.append(f"not every matcher container did work: {per}")
    if sum(per.values()) != submissions:
        problems.append(f"the matchers' done counts add up to {sum(per.values())}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
