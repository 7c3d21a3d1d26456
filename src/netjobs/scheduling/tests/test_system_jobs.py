"""System jobs: exactly one schedule per registered job, re-created when its interval setting changes;
AtomicJobRunner's transaction, error and event semantics."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.registry import get_job_class
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.scheduling.choices import EventLevel, IntervalType
from netjobs.scheduling.models import EventLog, RuntimeSetting, ScheduledJob
from netjobs.scheduling.runtime import RESULT_RETENTION_DAYS, RESULT_RETENTION_INTERVAL, get_spec
from netjobs.scheduling.system_jobs import (
    get_current_job_interval,
    registered_system_jobs,
    schedule_system_jobs,
    system_jobs_scheduled,
)
from netjobs.tenancy.models import Tenant

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

FIXTURE_SYSTEM_JOB = "local/sched_fixture_jobs/FixtureSystemJob"
RETENTION = "app/netjobs.scheduling.jobs/ResultRetentionJob"
CLEANUP = "app/netjobs.scheduling.jobs/DeadWorkerCleanupJob"


def system_schedules(class_path: str) -> list[ScheduledJob]:
    return list(ScheduledJob.objects.filter(job__class_path=class_path, system_job=True))


def test_the_built_in_system_jobs_are_registered() -> None:
    assert {RETENTION, CLEANUP} <= set(registered_system_jobs())


def test_schedule_system_jobs_creates_one_schedule_each_and_keeps_it() -> None:
    first = schedule_system_jobs()
    assert first[RETENTION] is not None and first[RETENTION].interval_minutes == 1440
    assert first[CLEANUP] is not None and first[CLEANUP].interval_minutes == 5
    assert system_jobs_scheduled()
    again = schedule_system_jobs()
    assert again[RETENTION] is not None and again[RETENTION].pk == first[RETENTION].pk
    assert len(system_schedules(RETENTION)) == 1
    # Every declared setting is seeded so that the admin lists it.
    assert RuntimeSetting.objects.filter(key="result_retention_days", value=90).exists()


def test_a_new_system_schedule_runs_at_once() -> None:
    schedule = schedule_system_jobs()[CLEANUP]
    assert schedule is not None and schedule.next_run == schedule.start_time


def test_changing_an_interval_setting_recreates_exactly_one_schedule() -> None:
    before = schedule_system_jobs()[RETENTION]
    assert before is not None
    RESULT_RETENTION_INTERVAL.set(60)  # saved like the admin saves it: the signal re-schedules
    schedules = system_schedules(RETENTION)
    assert len(schedules) == 1
    assert schedules[0].pk != before.pk
    assert schedules[0].interval_minutes == 60
    assert get_current_job_interval(get_job_class(RETENTION)) == 60
    assert system_jobs_scheduled()


def test_an_interval_changed_in_the_admin_row_recreates_the_schedule() -> None:
    schedule_system_jobs()
    row = RuntimeSetting.objects.get(key="dead_worker_cleanup_interval")
    row.value = 2
    row.full_clean()
    row.save()
    assert [s.interval_minutes for s in system_schedules(CLEANUP)] == [2]


def test_an_interval_of_zero_unschedules_the_job() -> None:
    schedule_system_jobs()
    RESULT_RETENTION_INTERVAL.set(0)
    assert system_schedules(RETENTION) == []
    assert get_current_job_interval(get_job_class(RETENTION)) is None
    assert system_jobs_scheduled()  # nothing is expected of an unscheduled job


def test_a_disabled_system_schedule_is_kept_and_reported() -> None:
    schedule = schedule_system_jobs()[CLEANUP]
    assert schedule is not None
    schedule.enabled = False
    schedule.save()
    schedule_system_jobs()
    assert [s.pk for s in system_schedules(CLEANUP)] == [schedule.pk]
    assert not system_jobs_scheduled()


def test_two_processes_scheduling_at_once_leave_exactly_one_schedule_each() -> None:
    get_job_class(FIXTURE_SYSTEM_JOB)  # local modules register their system jobs when imported
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            schedule_system_jobs()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for class_path in (RETENTION, CLEANUP, FIXTURE_SYSTEM_JOB):
        assert len(system_schedules(class_path)) == 1, class_path


def test_runtime_settings_are_typed_and_validated() -> None:
    assert RESULT_RETENTION_DAYS.get() == 90
    RESULT_RETENTION_DAYS.set("30")
    assert RESULT_RETENTION_DAYS.get() == 30
    with pytest.raises(ValueError, match="at least 1"):
        RESULT_RETENTION_DAYS.set(0)
    row = RuntimeSetting.objects.get(key="result_retention_days")
    row.value = "lots"
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "value" in excinfo.value.message_dict
    RuntimeSetting.objects.filter(key="result_retention_days").update(value="lots")
    assert RESULT_RETENTION_DAYS.get() == 90  # an unusable stored value falls back to the default
    assert get_spec("result_retention_days") is RESULT_RETENTION_DAYS


def test_atomic_job_commits_and_logs_an_event() -> None:
    result = submit("local/sched_fixture_jobs/AtomicCreatesTenant", {"tenant_name": "Acme"})
    execute(result.pk)
    result.refresh_from_db()
    assert result.status == JobResultStatus.COMPLETED
    assert Tenant.objects.filter(name="Acme").exists()
    event = EventLog.objects.get(job_result_id=result.pk)
    assert event.level == EventLevel.INFO
    assert event.data["summary"] == {"created": "Acme"}


def test_atomic_job_error_rolls_back_ends_errored_and_logs_an_error_event() -> None:
    result = submit("local/sched_fixture_jobs/AtomicCreatesThenFails", {"tenant_name": "Acme"})
    execute(result.pk)
    result.refresh_from_db()
    assert result.status == JobResultStatus.ERRORED
    assert "boom after writing" in result.traceback
    assert not Tenant.objects.filter(name="Acme").exists()
    event = EventLog.objects.get(job_result_id=result.pk)
    assert event.level == EventLevel.ERROR
    assert event.data["exception"] == "RuntimeError"
    assert "boom after writing" in event.data["traceback"]


def test_atomic_job_called_directly_reraises_and_rolls_back() -> None:
    job = get_job_class("local/sched_fixture_jobs/AtomicCreatesThenFails")()
    with pytest.raises(RuntimeError, match="boom"):
        job.run({"tenant_name": "Direct"}, True)
    assert not Tenant.objects.filter(name="Direct").exists()
    assert EventLog.objects.filter(level=EventLevel.ERROR).count() == 1


def test_a_system_job_reschedules_itself_after_a_run_when_its_interval_changed() -> None:
    schedule_system_jobs()
    assert [s.interval_minutes for s in system_schedules(FIXTURE_SYSTEM_JOB)] == [10]
    # Changed without the save signal (e.g. by another process's raw UPDATE): the next run catches it.
    RuntimeSetting.objects.filter(key="test_fixture_system_interval").update(value=3)
    result = submit(FIXTURE_SYSTEM_JOB)
    execute(result.pk)
    assert [(s.interval_minutes, s.interval_type) for s in system_schedules(FIXTURE_SYSTEM_JOB)] == [
        (3, IntervalType.MINUTES)
    ]
