"""Redis through Sentinel, for real on loopback: submissions flow while the master is killed.

A master, a replica and three sentinels, all from the same ``redis-server`` binary. The quiz
and a matcher reach Redis by ``REDIS_URL=redis+sentinel://...``. A client sends submissions
without pause, retrying a 503 with the same ``Idempotency-Key``; the master is killed
outright; the sentinels promote the replica; a supervisor brings the old master back, and
the sentinels make it the new master's replica. The quiz must answer 503 only during that
switch, and every submission it accepted must end ``done``.
"""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
import requests

from scripts.sample_answers import random_answers
from shared import records
from shared.redis import create_redis, wait_for_replica
from tests.conftest import start_worker, worker_env
from tests.support import HttpService, free_port, redis_server_binary, wait_final, wait_until

pytestmark = pytest.mark.integration

MASTER_NAME = "mymaster"


class RedisNode:
    """One redis-server (data node or, with ``sentinel``, a sentinel) on a loopback port."""

    def __init__(self, workdir: Path, lines: list[str], sentinel: bool = False) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.conf = workdir / f"node-{self.port}.conf"
        self.conf.write_text(
            "\n".join([f"port {self.port}", "bind 127.0.0.1", f"dir {workdir}", *lines]) + "\n"
        )
        self.sentinel = sentinel
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [redis_server_binary(), str(self.conf)]
        if self.sentinel:
            args.append("--sentinel")
        log = (self.workdir / f"node-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(self.client().ping, 15, f"redis node on {self.port}")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=0.5, decode_responses=True)


@dataclass
class Cluster:
    master: RedisNode
    replica: RedisNode
    sentinels: list[RedisNode]

    @property
    def url(self) -> str:
        hosts = ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)
        return f"redis+sentinel://{hosts}/{MASTER_NAME}/0"

    def replicated(self) -> bool:
        """Whether the sentinels' master has the other data node as a live replica."""
        port = self.master_port()
        primary, other = (
            (self.master, self.replica) if self.master.port == port else (self.replica, self.master)
        )
        return (
            primary.client().info("replication")["connected_slaves"] >= 1
            and other.client().info("replication")["master_link_status"] == "up"
        )

    def master_port(self) -> int:
        host_port = (
            self.sentinels[0]
            .client()
            .execute_command("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
        )
        return int(host_port[1])


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    data = ["appendonly yes", "appendfsync everysec", "save ''", "repl-diskless-sync no"]
    master = RedisNode(tmp_path, data)
    master.start()
    replica = RedisNode(tmp_path, [*data, f"replicaof 127.0.0.1 {master.port}"])
    replica.start()
    sentinels = [
        RedisNode(
            tmp_path,
            [
                f"sentinel monitor {MASTER_NAME} 127.0.0.1 {master.port} 2",
                f"sentinel down-after-milliseconds {MASTER_NAME} 1000",
                f"sentinel failover-timeout {MASTER_NAME} 10000",
                f"sentinel parallel-syncs {MASTER_NAME} 1",
            ],
            sentinel=True,
        )
        for _ in range(3)
    ]
    for node in sentinels:
        node.start()
    wait_until(
        lambda: master.client().info("replication")["connected_slaves"] == 1, 20, "the replica"
    )
    wait_until(
        lambda: all(_sentinels_known(s) >= 2 for s in sentinels),
        30,
        "the sentinels to find each other",
    )
    yield Cluster(master, replica, sentinels)
    for node in [*sentinels, replica, master]:
        node.kill()


def _sentinels_known(node: RedisNode) -> int:
    info = node.client().execute_command("SENTINEL", "sentinels", MASTER_NAME)
    return len(info)


@dataclass
class Client:
    """Sends submissions without pause; each retried on 503 with its Idempotency-Key."""

    quiz_url: str
    answers: dict[str, Any]
    accepted: dict[str, str] = field(default_factory=dict)  # key -> submission id
    ids_by_key: dict[str, set[str]] = field(default_factory=dict)
    unavailable_at: list[float] = field(default_factory=list)
    other: list[tuple[int, str]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            key = str(uuid.uuid4())
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    response = requests.post(
                        f"{self.quiz_url}/v1/quizzes/career-match/submissions",
                        json={"answers": self.answers},
                        headers={"Idempotency-Key": key},
                        timeout=15,
                    )
                except requests.RequestException as exc:
                    self.other.append((0, repr(exc)))
                    time.sleep(0.1)
                    continue
                if response.status_code == 202:
                    self.latencies.append(time.perf_counter() - started)
                    sid = response.json()["id"]
                    self.accepted[key] = sid
                    self.ids_by_key.setdefault(key, set()).add(sid)
                    break
                if response.status_code == 503:
                    self.unavailable_at.append(time.monotonic())
                    time.sleep(0.1)
                    continue
                self.other.append((response.status_code, response.text[:200]))
                break


def test_failover_loses_no_accepted_submission(
    cluster: Cluster, catalog_service: HttpService, artifacts_dir: Path
) -> None:
    logs = artifacts_dir / "logs"
    quiz = HttpService(
        "services.quiz",
        {"REDIS_URL": cluster.url, "LOG_LEVEL": "warning", "REDIS_REPLICA_WAIT_MS": "500"},
        logs / "quiz-sentinel.log",
    )
    quiz.start()
    worker = start_worker(
        {**worker_env(cluster.url, catalog_service.url), "STALE_AFTER_SECONDS": "10"},
        logs / "matcher-sentinel.log",
    )
    try:
        definition = requests.get(f"{quiz.url}/v1/quizzes/career-match", timeout=5).json()
        client = Client(quiz.url, random_answers(definition, seed=99))
        # What WAIT costs: a write and WAIT 1 on one connection, against the live replica.
        direct = create_redis(cluster.url)
        costs = []
        for _ in range(200):
            started = time.perf_counter()
            wait_for_replica(direct, 500)
            costs.append(time.perf_counter() - started)
        thread = threading.Thread(target=client.run, daemon=True)
        thread.start()
        wait_until(lambda: len(client.accepted) >= 30, 60, "submissions before the failover")
        before_kill = len(client.accepted)
        old_port = cluster.master.port
        killed_at = time.monotonic()
        cluster.master.kill()
        wait_until(lambda: cluster.master_port() != old_port, 30, "the sentinels to fail over")
        promoted_at = time.monotonic()
        # A supervisor restarts the old master; the sentinels make it the new one's replica.
        # On a loaded machine they may fail over once more (down-after is 1 s here), back to
        # the restarted node: either way, what counts is a master with its replica again.
        cluster.master.start()
        wait_until(cluster.replicated, 60, "the old master to rejoin as a replica")
        rejoined_at = time.monotonic()
        wait_until(lambda: len(client.accepted) >= before_kill + 30, 60, "submissions after")
        client.stop.set()
        thread.join(30)

        ids = set(client.accepted.values())
        deadline = time.monotonic() + 120  # for every accepted submission to end
        statuses = {
            sid: wait_final(quiz.url, sid, max(1.0, deadline - time.monotonic()))["status"]
            for sid in ids
        }
        counts = {
            "accepted": len(ids),
            "done": sum(1 for s in statuses.values() if s == "done"),
            "failed": sum(1 for s in statuses.values() if s == "failed"),
            "duplicates": sum(len(v) - 1 for v in client.ids_by_key.values()),
            "answered_503": len(client.unavailable_at),
            "other_answers": len(client.other),
            "failover_seconds": round(promoted_at - killed_at, 2),
            "until_replica_back_seconds": round(rejoined_at - killed_at, 2),
            "unavailable_seconds": round(
                max(client.unavailable_at, default=killed_at) - killed_at, 2
            ),
            "wait_for_replica_ms_median": round(statistics.median(costs) * 1000, 3),
            "post_202_ms_median": round(statistics.median(client.latencies) * 1000, 1),
        }
        (artifacts_dir / "sentinel-failover.json").write_text(json.dumps(counts, indent=2))
        print("sentinel failover:", json.dumps(counts))
        assert client.other == [], client.other
        assert counts["done"] == counts["accepted"], counts
        assert counts["duplicates"] == 0, counts
        assert client.unavailable_at, "the switch went unnoticed: was the master killed?"
        # 503 only during the switch: none before the kill, none once a replica is back.
        assert min(client.unavailable_at) >= killed_at
        assert max(client.unavailable_at) <= rejoined_at + 2.0, counts
    finally:
        worker.stop()
        quiz.stop()


def test_a_retry_is_accepted_only_once_a_replica_holds_the_submission(
    cluster: Cluster, artifacts_dir: Path
) -> None:
    """A first attempt answered 503 (no replica confirmed its record) left the record on
    the master; the retry with the same key must not accept it until a replica holds it,
    or a failover right then would lose a submission the client was told is accepted."""
    quiz = HttpService(
        "services.quiz",
        {"REDIS_URL": cluster.url, "LOG_LEVEL": "warning", "REDIS_REPLICA_WAIT_MS": "300"},
        artifacts_dir / "logs" / "quiz-sentinel-retry.log",
    )
    quiz.start()
    try:
        definition = requests.get(f"{quiz.url}/v1/quizzes/career-match", timeout=5).json()
        body = {"answers": random_answers(definition, seed=7)}
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        url = f"{quiz.url}/v1/quizzes/career-match/submissions"
        assert cluster.replica.proc is not None
        cluster.replica.proc.send_signal(signal.SIGSTOP)  # the replica hears nothing
        try:
            first = requests.post(url, json=body, headers=headers, timeout=10)
            retry = requests.post(url, json=body, headers=headers, timeout=10)
        finally:
            cluster.replica.proc.send_signal(signal.SIGCONT)
        assert first.status_code == 503, first.text
        assert retry.status_code == 503, retry.text
        wait_until(cluster.replicated, 30, "the replica to catch up")
        accepted = requests.post(url, json=body, headers=headers, timeout=10)
        assert accepted.status_code == 202, accepted.text
        assert cluster.replica.client().exists(records.submission_key(accepted.json()["id"]))
    finally:
        quiz.stop()
