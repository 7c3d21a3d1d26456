"""The scheduler loop with a controllable clock: every schedule type, end time, catch-up and broken schedules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.scheduler import Scheduler, fire
from netjobs.scheduling.schedules import create_schedule
from netjobs.scheduling.tests.conftest import ECHO, NEEDS_COUNT, T0, FakeClock

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])


def schedule(interval_type: str, **kwargs: Any) -> ScheduledJob:
    kwargs.setdefault("start_time", T0)
    return create_schedule(kwargs.pop("job", ECHO), interval_type=interval_type, now=T0, **kwargs)


def run_until(scheduler: Scheduler, clock: FakeClock, end: dt.datetime, step: dt.timedelta) -> list[dt.datetime]:
    """Tick every `step` until `end`; return the clock time of each run queued."""
    fired = []
    while clock.now <= end:
        fired += [clock.now for outcome in scheduler.tick() if outcome.result_id is not None]
        clock.advance(seconds=step.total_seconds())
    return fired


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def test_every_n_minutes_fires_once_per_slot(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=15)
    fired = run_until(Scheduler(clock=clock), clock, minutes(60), dt.timedelta(minutes=1))
    assert fired == [minutes(0), minutes(15), minutes(30), minutes(45), minutes(60)]
    s.refresh_from_db()
    assert s.run_count == 5
    assert s.next_run == minutes(75)
    assert JobResult.objects.filter(scheduled_job_id=s.pk).count() == 5


def test_a_tick_at_the_same_time_fires_nothing_twice(clock: FakeClock) -> None:
    schedule(IntervalType.MINUTES, interval_minutes=5)
    scheduler = Scheduler(clock=clock)
    assert len(scheduler.tick()) == 1
    assert scheduler.tick() == []
    assert JobResult.objects.count() == 1


def test_a_one_off_fires_once_and_is_finished(clock: FakeClock) -> None:
    s = schedule(IntervalType.ONCE, start_time=minutes(10))
    fired = run_until(Scheduler(clock=clock), clock, minutes(40), dt.timedelta(minutes=1))
    assert fired == [minutes(10)]
    s.refresh_from_db()
    assert (s.enabled, s.next_run, s.run_count) == (False, None, 1)


def test_hourly_fires_every_hour(clock: FakeClock) -> None:
    schedule(IntervalType.HOURLY, start_time=minutes(30))
    fired = run_until(Scheduler(clock=clock), clock, minutes(4 * 60), dt.timedelta(minutes=10))
    assert fired == [minutes(30), minutes(90), minutes(150), minutes(210)]


def test_daily_fires_once_a_day(clock: FakeClock) -> None:
    schedule(IntervalType.DAILY)
    fired = run_until(Scheduler(clock=clock), clock, T0 + dt.timedelta(days=3), dt.timedelta(hours=1))
    assert fired == [T0 + dt.timedelta(days=d) for d in range(4)]


def test_weekly_fires_once_a_week(clock: FakeClock) -> None:
    schedule(IntervalType.WEEKLY)
    fired = run_until(Scheduler(clock=clock), clock, T0 + dt.timedelta(days=20), dt.timedelta(hours=6))
    assert fired == [T0 + dt.timedelta(days=d) for d in (0, 7, 14)]


def test_crontab_fires_on_each_match(clock: FakeClock) -> None:
    schedule(IntervalType.CRONTAB, crontab="*/5 * * * *")
    fired = run_until(Scheduler(clock=clock), clock, minutes(59), dt.timedelta(minutes=1))
    assert fired == [minutes(m) for m in range(0, 60, 5)]


def test_a_schedule_stops_at_its_end_time(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=10, end_time=minutes(25))
    fired = run_until(Scheduler(clock=clock), clock, minutes(60), dt.timedelta(minutes=1))
    assert fired == [minutes(0), minutes(10), minutes(20)]
    s.refresh_from_db()
    assert (s.enabled, s.next_run) == (False, None)


def test_catching_up_after_downtime_is_one_run_on_the_schedules_grid(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=15)
    scheduler = Scheduler(clock=clock)
    assert len(scheduler.tick()) == 1
    clock.set(minutes(3 * 60 + 7))  # down for three hours: 12 slots missed
    outcomes = scheduler.tick()
    assert [o.result_id is not None for o in outcomes] == [True]
    assert scheduler.tick() == []
    s.refresh_from_db()
    assert s.run_count == 2
    assert s.next_run == minutes(3 * 60 + 15)  # on the grid, not now + 15


def test_no_run_starts_after_the_end_time_even_when_catching_up(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=10, end_time=minutes(25))
    clock.set(minutes(90))
    outcomes = Scheduler(clock=clock).tick()
    assert [o.result_id for o in outcomes] == [None]
    s.refresh_from_db()
    assert (s.enabled, s.next_run, s.run_count) == (False, None, 0)
    assert JobResult.objects.count() == 0


def test_a_run_carries_the_schedules_user_input_commit_and_id(clock: FakeClock) -> None:
    user = get_user_model().objects.create_user("ops", password="x")
    s = schedule(IntervalType.MINUTES, interval_minutes=5, data={"message": "hello"}, user=user, commit=False)
    Scheduler(clock=clock).tick()
    result = JobResult.objects.get()
    assert result.status == JobResultStatus.PENDING
    assert result.task_kwargs == {"message": "hello"}
    assert (result.user_id, result.commit, result.scheduled_job_id, result.scheduled_by) == (
        user.pk,
        False,
        s.pk,
        "ops",
    )
    s.refresh_from_db()
    assert s.last_result_id == result.pk


def test_a_schedule_whose_input_no_longer_validates_is_recorded_and_skipped(clock: FakeClock) -> None:
    broken = schedule(IntervalType.MINUTES, job=NEEDS_COUNT, interval_minutes=5, data={"count": 3})
    healthy = schedule(IntervalType.MINUTES, interval_minutes=5)
    ScheduledJob.objects.filter(pk=broken.pk).update(data={"count": "many"})  # e.g. the job's form changed
    outcomes = Scheduler(clock=clock).tick()
    by_id = {o.schedule_id: o for o in outcomes}
    assert "count" in by_id[broken.pk].error
    assert by_id[healthy.pk].result_id is not None
    broken.refresh_from_db()
    assert "count" in broken.last_error
    assert broken.run_count == 0
    assert broken.next_run == minutes(5)  # moved on: not retried in a tight loop
    assert JobResult.objects.filter(scheduled_job_id=broken.pk).count() == 0


def test_a_schedule_whose_job_was_disabled_or_user_deleted_is_recorded(clock: FakeClock) -> None:
    user = get_user_model().objects.create_user("gone", password="x")
    with_user = schedule(IntervalType.MINUTES, interval_minutes=5, user=user)
    other = schedule(IntervalType.MINUTES, job=NEEDS_COUNT, interval_minutes=5, data={"count": 1})
    user.delete()
    JobDefinition.objects.filter(class_path=NEEDS_COUNT).update(enabled=False)
    Scheduler(clock=clock).tick()
    with_user.refresh_from_db()
    other.refresh_from_db()
    assert "no longer exists" in with_user.last_error
    assert "disabled" in other.last_error
    assert JobResult.objects.count() == 0


def test_a_fire_for_a_slot_already_taken_does_nothing(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=5)
    assert fire(s.pk, T0, clock()).result_id is not None
    stale = fire(s.pk, T0, clock())  # a second scheduler that read the same due row
    assert stale.lost
    assert JobResult.objects.count() == 1


def test_editing_a_schedule_never_rewinds_what_the_scheduler_wrote(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=5)
    loaded = ScheduledJob.objects.get(pk=s.pk)  # an admin form opened before the fire
    Scheduler(clock=clock).tick()
    loaded.description = "edited"
    loaded.save()
    s.refresh_from_db()
    assert (s.description, s.run_count, s.next_run) == ("edited", 1, minutes(5))
    assert Scheduler(clock=clock).tick() == []


def test_disabled_schedules_do_not_fire_and_enabling_starts_from_now(clock: FakeClock) -> None:
    s = schedule(IntervalType.MINUTES, interval_minutes=5, enabled=False)
    assert s.next_run is None
    assert Scheduler(clock=clock).tick() == []
    s.enabled = True
    s.save()
    assert s.next_run is not None and s.next_run > T0  # laid from the real now, on the 5-minute grid


def test_seconds_until_next_sleeps_until_the_earliest_due_time(clock: FakeClock) -> None:
    scheduler = Scheduler(clock=clock, max_sleep=3600)
    assert scheduler.seconds_until_next() == 3600
    schedule(IntervalType.ONCE, start_time=minutes(10))
    assert scheduler.seconds_until_next() == 600
