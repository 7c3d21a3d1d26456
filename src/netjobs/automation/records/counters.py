"""Count runs started and finished, per job, in `RunCounter` rows (one UPDATE per event, an INSERT the first time)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from netjobs.automation.records.models import RunCounter
from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import signals
from netjobs.jobs.models import JobResult

__all__ = ["connect", "increment"]

logger = logging.getLogger(__name__)


def increment(job_class_path: str, event: str) -> None:
    """Add one to a counter. Atomic: UPDATE … count+1, else INSERT; a racing INSERT falls back to the UPDATE."""
    rows = RunCounter.objects.filter(job_class_path=job_class_path, event=event)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            RunCounter.objects.create(job_class_path=job_class_path, event=event, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


def _on_started(sender: Any, result: JobResult, **kwargs: Any) -> None:
    increment(result.job_class_path, "started")


def _on_finished(sender: Any, result: JobResult, **kwargs: Any) -> None:
    increment(result.job_class_path, str(result.status))


def connect() -> None:
    signals.run_started.connect(_on_started, dispatch_uid="automation-count-started")
    signals.run_finished.connect(_on_finished, dispatch_uid="automation-count-finished")
