"""The built-in system jobs: result retention and dead-worker clean-up, run as real jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobLogEntry, JobResult, Worker
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.scheduling.jobs import purge_results
from netjobs.scheduling.models import EventLog
from netjobs.scheduling.runtime import RESULT_RETENTION_DAYS

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

RETENTION = "app/netjobs.scheduling.jobs/ResultRetentionJob"
CLEANUP = "app/netjobs.scheduling.jobs/DeadWorkerCleanupJob"


def make_result(age_days: float, status: str = JobResultStatus.COMPLETED, logs: int = 3) -> JobResult:
    created = timezone.now() - dt.timedelta(days=age_days)
    result = JobResult.objects.create(name="old", job_class_path="local/x/Y", status=status, created=created)
    JobLogEntry.objects.bulk_create(JobLogEntry(job_result=result, message=f"line {i}") for i in range(logs))
    return result


def test_retention_deletes_only_old_finished_results_and_their_logs() -> None:
    old = [make_result(100), make_result(95, JobResultStatus.FAILED), make_result(91, JobResultStatus.ERRORED)]
    old_pending = make_result(120, JobResultStatus.PENDING)
    recent = make_result(10)
    EventLog.objects.create(name="x", message="old", created=timezone.now() - dt.timedelta(days=100))
    EventLog.objects.create(name="x", message="new")

    run = submit(RETENTION)
    execute(run.pk)
    run.refresh_from_db()

    assert run.status == JobResultStatus.COMPLETED, run.traceback
    assert run.result["days"] == 90
    assert run.result["deleted"] == {"results": 3, "logs": 9, "events": 1}
    assert not JobResult.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert not JobLogEntry.objects.filter(job_result_id__in=[r.pk for r in old]).exists()
    assert set(JobResult.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk, run.pk}
    assert JobLogEntry.objects.filter(job_result=recent).count() == 3
    assert list(EventLog.objects.filter(name="x").values_list("message", flat=True)) == ["new"]


def test_retention_reads_its_period_from_the_runtime_setting_or_the_run_input() -> None:
    month_old = make_result(40)
    RESULT_RETENTION_DAYS.set(60)
    execute(submit(RETENTION).pk)
    assert JobResult.objects.filter(pk=month_old.pk).exists()
    RESULT_RETENTION_DAYS.set(30)
    execute(submit(RETENTION).pk)
    assert not JobResult.objects.filter(pk=month_old.pk).exists()
    week_old = make_result(8)
    execute(submit(RETENTION, {"days": 7}).pk)
    assert not JobResult.objects.filter(pk=week_old.pk).exists()


def test_retention_deletes_in_batches() -> None:
    old = [make_result(100, logs=2) for _ in range(5)]
    deleted = purge_results(timezone.now() - dt.timedelta(days=90), batch_size=2)
    assert deleted == {"results": 5, "logs": 10, "events": 0}
    assert not JobResult.objects.filter(pk__in=[r.pk for r in old]).exists()


def test_retention_unlinks_chained_results_instead_of_leaving_dangling_ids() -> None:
    parent = make_result(100)
    child = make_result(1)
    child.parent_result = parent
    child.save(update_fields=["parent_result"])
    purge_results(timezone.now() - dt.timedelta(days=90))
    child.refresh_from_db()
    assert child.parent_result_id is None


def test_dead_worker_cleanup_errors_the_runs_of_silent_workers() -> None:
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Worker.objects.create(name="dead:1", hostname="dead", pid=1, last_heartbeat=long_ago)
    orphan = JobResult.objects.create(
        name="stuck", job_class_path="local/x/Y", status=JobResultStatus.RUNNING, worker="dead:1", started=long_ago
    )
    run = submit(CLEANUP)
    execute(run.pk)
    run.refresh_from_db()
    orphan.refresh_from_db()
    assert run.status == JobResultStatus.COMPLETED, run.traceback
    assert run.result == {"errored_runs": 1}
    assert orphan.status == JobResultStatus.ERRORED
    assert "worker lost" in orphan.error
    assert not Worker.objects.filter(name="dead:1").exists()
