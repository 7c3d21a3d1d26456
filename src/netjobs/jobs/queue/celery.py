"""The `celery` backend: Celery workers on Redis or RabbitMQ execute runs by id.

Dispatch happens after the JobResult commit; a broker that is down makes dispatch fail fast (logged), and the
sweeper re-sends every run still pending after NETJOBS_REDISPATCH_AFTER seconds — so an outage delays runs but
never loses them, and a duplicate message never runs a job twice (the claim is a compare-and-set).
Each Celery pool process registers as a netjobs Worker and heart-beats like an embedded worker, so the reaper,
time limits and cancellation behave the same in both modes.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from celery.signals import worker_process_init, worker_process_shutdown
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from netjobs.celery import app
from netjobs.jobs import signals
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.queue.base import QueueBackend

if TYPE_CHECKING:
    from netjobs.jobs.models import JobResult
    from netjobs.jobs.worker import WorkerProcess

__all__ = ["CeleryBackend", "execute_task"]

logger = logging.getLogger(__name__)
TASK_NAME = "netjobs.execute"
_process: WorkerProcess | None = None


def task_id_for(result_id: int) -> str:
    return f"netjobs-run-{result_id}"


class CeleryBackend(QueueBackend):
    name: ClassVar[str] = "celery"

    def dispatch(self, result: JobResult) -> None:
        try:
            execute_task.apply_async(
                args=[result.pk],
                queue=result.queue,
                task_id=task_id_for(result.pk),
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5},
            )
        except Exception as exc:  # the broker is down: the sweeper will send it again
            logger.warning("Could not send run %s to the broker (%s); it will be re-sent", result.pk, exc)

    def revoke(self, result: JobResult) -> None:
        try:
            app.control.revoke(task_id_for(result.pk))
        except Exception as exc:
            logger.warning("Could not revoke run %s: %s", result.pk, exc)

    def sweep(self) -> int:
        """Re-send runs that are still pending long after they were queued (a lost message, a broker outage)."""
        from netjobs.jobs.models import JobResult

        cutoff = timezone.now() - timedelta(seconds=settings.NETJOBS_REDISPATCH_AFTER)
        stale = list(JobResult.objects.filter(status=JobResultStatus.PENDING, created__lt=cutoff).order_by("id")[:500])
        for result in stale:
            self.dispatch(result)
        if stale:
            logger.info("Re-sent %d pending run(s) to the broker", len(stale))
        return len(stale)


@app.task(name=TASK_NAME, ignore_result=True, acks_late=True)
def execute_task(result_id: int) -> None:
    """Run one JobResult (idempotent: a run that is not pending any more is skipped)."""
    from netjobs.jobs.runner import execute

    close_old_connections()
    name = _process.name if _process is not None else f"{socket.gethostname()}:{os.getpid()}"
    if _process is not None:
        _process.current_result_id = result_id
    try:
        execute(result_id, worker_name=name)
    finally:
        if _process is not None:
            _process.current_result_id = None
        close_old_connections()


@worker_process_init.connect
def _register_pool_process(**kwargs: Any) -> None:
    """Each pool process is a netjobs Worker with a heartbeat (reaper, cancellation, worker list)."""
    global _process
    from netjobs.jobs.worker import WorkerProcess

    queues = [q for q in os.environ.get("NETJOBS_CELERY_QUEUES", settings.NETJOBS_DEFAULT_QUEUE).split(",") if q]
    _process = WorkerProcess(queues, backend="celery")
    _process.register()
    _process.start_heartbeat()
    signals.send_robust(signals.worker_started, worker=_process)


@worker_process_shutdown.connect
def _unregister_pool_process(**kwargs: Any) -> None:
    if _process is not None:
        _process.stopping.set()
        signals.send_robust(signals.worker_stopping, worker=_process)
        _process.unregister()
