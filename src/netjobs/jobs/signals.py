"""Run lifecycle signals, for features built beside the runner (webhooks, chaining, metrics, notifications).

Receivers run in the worker, after the bookkeeping write they describe; a receiver that raises is logged and
ignored — it can never change a run's outcome. Keep receivers fast: queue slow work (HTTP calls) elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import Signal

__all__ = ["run_finished", "run_log_flushed", "run_started", "send_robust", "worker_started", "worker_stopping"]

logger = logging.getLogger(__name__)

#: sender=JobResult class, result=<JobResult> (status running, just claimed)
run_started = Signal()
#: sender=JobResult class, result=<JobResult> (terminal status, outcome saved)
run_finished = Signal()
#: sender=JobResult class, result=<JobResult>, entries=[JobLogEntry…] (just written, with ids on PostgreSQL)
run_log_flushed = Signal()

#: sender=JobResult class, worker=<WorkerProcess>: a worker process is about to serve; start background
#: services (e.g. webhook delivery threads) that should live as long as it does.
worker_started = Signal()
#: sender=JobResult class, worker=<WorkerProcess>: the worker process is stopping; stop those services.
worker_stopping = Signal()


def send_robust(signal: Signal, **kwargs: Any) -> None:
    """Send `signal`, logging (never raising) receiver errors."""
    from netjobs.jobs.models import JobResult

    for receiver, response in signal.send_robust(sender=JobResult, **kwargs):
        if isinstance(response, Exception):
            logger.error("Receiver %r of %s failed: %s", receiver, signal, response, exc_info=response)
