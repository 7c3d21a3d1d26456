"""Built-in system jobs, discovered as `app/netjobs.scheduling.jobs/<Class>` like any installed app's jobs.

- ResultRetentionJob: delete finished results (with their log lines) and events older than N days.
- DeadWorkerCleanupJob: error the runs of workers that stopped heart-beating. Workers already reap each other;
  this job covers the hours when no worker is alive to do it. Stale-lock clean-up joins it with the locks work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.base import Job
from netjobs.jobs.choices import TERMINAL_STATES
from netjobs.jobs.models import JobLogEntry, JobResult
from netjobs.jobs.variables import IntegerVar
from netjobs.jobs.worker import reap_dead_workers
from netjobs.scheduling.models import EventLog
from netjobs.scheduling.runtime import (
    DEAD_WORKER_CLEANUP_INTERVAL,
    RESULT_RETENTION_DAYS,
    RESULT_RETENTION_INTERVAL,
)
from netjobs.scheduling.system_jobs import AtomicJobRunner, register_system_job

__all__ = ["DeadWorkerCleanupJob", "ResultRetentionJob", "purge_results"]

name = "System jobs"
RESULT_BATCH = 500
LOG_BATCH = 5000


def _delete_logs_of(result_ids: list[int]) -> int:
    """Delete the log lines of `result_ids`, a bounded batch per transaction (a run may have 100,000 lines)."""
    deleted = 0
    while True:
        ids = list(JobLogEntry.objects.filter(job_result_id__in=result_ids).values_list("pk", flat=True)[:LOG_BATCH])
        if not ids:
            return deleted
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            deleted += JobLogEntry.objects.filter(pk__in=ids).delete()[0]


def purge_results(cutoff: dt.datetime, *, batch_size: int = RESULT_BATCH) -> dict[str, int]:
    """Delete finished results created before `cutoff`, their log lines, and older events.

    Each batch is its own short transaction on the bookkeeping database: one transaction over months of results
    would hold the writer lock that every running job needs for its status and log lines. A crash part-way
    leaves only whole batches deleted; the next run carries on. Pending and running results are never touched.
    """
    results = logs = 0
    old = JobResult.objects.filter(created__lt=cutoff, status__in=TERMINAL_STATES).order_by("pk")
    while True:
        ids = list(old.values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        logs += _delete_logs_of(ids)
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            # Through the collector: chained results pointing here are set to NULL, not left dangling.
            deleted = JobResult.objects.filter(pk__in=ids).delete()[1]
        results += deleted.get(JobResult._meta.label, 0)
    events = 0
    while True:
        ids = list(EventLog.objects.filter(created__lt=cutoff).values_list("pk", flat=True)[:LOG_BATCH])
        if not ids:
            break
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            events += EventLog.objects.filter(pk__in=ids).delete()[0]
    return {"results": results, "logs": logs, "events": events}


@register_system_job(RESULT_RETENTION_INTERVAL.get)
class ResultRetentionJob(AtomicJobRunner):
    days = IntegerVar(
        required=False, min_value=1, description="Keep this many days for this run only (default: the setting)"
    )

    # Bookkeeping rows are deleted in batches of their own (see purge_results), not in one data transaction.
    atomic_databases = ()

    class Meta:
        name = "Result retention"
        description = "Delete finished job results, their log lines and events older than the retention period."
        commit_default = True

    def perform(self, data: dict[str, Any]) -> dict[str, Any]:
        days = data.get("days") or RESULT_RETENTION_DAYS.get()
        cutoff = timezone.now() - dt.timedelta(days=days)
        deleted = purge_results(cutoff)
        self.log_success(
            f"Deleted {deleted['results']} result(s), {deleted['logs']} log line(s) and {deleted['events']} "
            f"event(s) older than {days} day(s)"
        )
        return {"days": days, "cutoff": cutoff.isoformat(), "deleted": deleted}


@register_system_job(DEAD_WORKER_CLEANUP_INTERVAL.get)
class DeadWorkerCleanupJob(AtomicJobRunner):
    atomic_databases = (BOOKKEEPING_ALIAS,)

    class Meta:
        name = "Dead-worker clean-up"
        description = "Error the runs of workers that stopped heart-beating, and forget those workers."
        commit_default = True

    def perform(self, data: dict[str, Any]) -> dict[str, Any]:
        errored = reap_dead_workers()
        if errored:
            self.log_warning(f"Errored {errored} run(s) of dead workers")
        else:
            self.log_info("No dead workers")
        return {"errored_runs": errored}


jobs: list[type[Job]] = [ResultRetentionJob, DeadWorkerCleanupJob]
