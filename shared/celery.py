"""The Celery app factory: one configuration for the matcher workers and the quiz's sender."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from celery import Celery
from kombu import Queue  # type: ignore[attr-defined]

from shared.broker import SENTINEL_TRANSPORT, TRANSPORT
from shared.redis import is_sentinel_url
from shared.settings import Settings, parse_sentinel_url

#: Task names are the contract between the quiz service and the matcher.
MATCH_TASK = "matcher.match_submission"
WEBHOOK_TASK = "matcher.deliver_webhook"
MATCH_QUEUE = "match"
WEBHOOK_QUEUE = "webhooks"


def broker_url(redis_url: str) -> tuple[str, dict[str, Any]]:
    """Kombu's broker URL for ``redis_url``, and the transport options Sentinel needs.

    ``redis+sentinel://h1:26379,h2:26379/mymaster/0`` becomes kombu's
    ``sentinel://h1:26379/0;sentinel://h2:26379/0`` with ``master_name`` set.
    """
    if not is_sentinel_url(redis_url):
        return redis_url, {}
    parts = parse_sentinel_url(redis_url)
    auth = f":{quote(parts.password, safe='')}@" if parts.password else ""
    url = ";".join(
        f"sentinel://{auth}{f'[{host}]' if ':' in host else host}:{port}/{parts.db}"
        for host, port in parts.sentinels
    )
    options: dict[str, Any] = {
        "master_name": parts.master,
        "sentinel_kwargs": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    return url, options


def create_celery(settings: Settings, *, name: str = "career-match") -> Celery:
    """A plain Celery app (no Flask) wired to ``settings.redis_url``.

    Late acks with rejection on a lost worker, prefetch of one and JSON only: a task is
    taken off the queue only once it finished, and a killed worker's task is redelivered.
    Results are not kept by Celery; the submission record in Redis holds them.
    """
    broker, sentinel_options = broker_url(settings.redis_url)
    app = Celery(name, broker=broker, set_as_current=False)
    app.conf.update(
        # kombu's Redis transports, keeping one client per channel (see shared.broker)
        broker_transport=(SENTINEL_TRANSPORT if is_sentinel_url(settings.redis_url) else TRANSPORT),
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        task_soft_time_limit=settings.match_soft_time_limit,
        task_time_limit=settings.match_time_limit,
        task_queues=[Queue(MATCH_QUEUE), Queue(WEBHOOK_QUEUE)],  # type: ignore[no-untyped-call]
        task_default_queue=MATCH_QUEUE,
        task_routes={MATCH_TASK: {"queue": MATCH_QUEUE}, WEBHOOK_TASK: {"queue": WEBHOOK_QUEUE}},
        task_create_missing_queues=False,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
            "retry_on_timeout": True,
            **sentinel_options,
        },
        broker_heartbeat=0,
        worker_hijack_root_logger=False,
        # Task events cost the worker three more publishes per task and the sender one:
        # off unless someone watches. Flower turns the workers' on while it runs
        # (its enable_events option, on by default).
        worker_send_task_events=False,
        task_send_sent_event=False,
        enable_utc=True,
        timezone="UTC",
    )
    return app
