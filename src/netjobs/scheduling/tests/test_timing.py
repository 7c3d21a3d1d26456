"""Fire times of every schedule type, as pure functions of the definition and a point in time."""

from __future__ import annotations

import datetime as dt

import pytest

from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.tests.conftest import T0
from netjobs.scheduling.timing import Timing, crontab_error, describe, next_fire_time


def at(minutes: float = 0, *, hours: float = 0, days: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes, hours=hours, days=days)


def test_a_one_off_fires_at_its_start_and_never_again() -> None:
    once = Timing(IntervalType.ONCE, start_time=at(30))
    assert next_fire_time(once, at(0)) == at(30)
    assert next_fire_time(once, at(30), inclusive=True) == at(30)
    assert next_fire_time(once, at(30)) is None


def test_every_n_minutes_stays_on_the_grid_of_its_start_time() -> None:
    every = Timing(IntervalType.MINUTES, start_time=at(0), interval_minutes=15)
    assert next_fire_time(every, at(0), inclusive=True) == at(0)
    assert next_fire_time(every, at(0)) == at(15)
    # Fired late at 10:07: the next run is 10:15, not 10:22.
    assert next_fire_time(every, at(7)) == at(15)
    assert next_fire_time(every, at(15)) == at(30)


def test_after_downtime_the_next_run_is_the_first_slot_after_now_not_a_backlog() -> None:
    every = Timing(IntervalType.MINUTES, start_time=at(0), interval_minutes=15)
    assert next_fire_time(every, at(hours=5, minutes=1)) == at(hours=5, minutes=15)


def test_hourly_runs_at_the_start_times_minute() -> None:
    hourly = Timing(IntervalType.HOURLY, start_time=at(20))
    assert next_fire_time(hourly, at(0)) == at(20)
    assert next_fire_time(hourly, at(20)) == at(80)
    assert next_fire_time(hourly, at(hours=3)) == at(hours=3, minutes=20)


def test_daily_and_weekly_run_at_the_start_times_wall_clock() -> None:
    daily = Timing(IntervalType.DAILY, start_time=at(0))
    weekly = Timing(IntervalType.WEEKLY, start_time=at(0))
    assert next_fire_time(daily, at(1)) == at(days=1)
    assert next_fire_time(daily, at(days=3, hours=5)) == at(days=4)
    assert next_fire_time(weekly, at(1)) == at(days=7)
    assert next_fire_time(weekly, at(days=8)) == at(days=14)


def test_daily_keeps_its_local_time_across_a_daylight_saving_change(settings: pytest.FixtureRequest) -> None:
    settings.TIME_ZONE = "Europe/Stockholm"  # type: ignore[attr-defined]
    # 02:30 local on 2025-03-29 (CET, UTC+1); clocks go forward on 2025-03-30.
    start = dt.datetime(2025, 3, 29, 1, 30, tzinfo=dt.UTC)
    daily = Timing(IntervalType.DAILY, start_time=dt.datetime(2025, 3, 28, 7, 0, tzinfo=dt.UTC))
    assert next_fire_time(daily, start) == dt.datetime(2025, 3, 29, 7, 0, tzinfo=dt.UTC)  # 08:00 CET
    assert next_fire_time(daily, dt.datetime(2025, 3, 29, 8, tzinfo=dt.UTC)) == dt.datetime(
        2025, 3, 30, 6, 0, tzinfo=dt.UTC
    )  # 08:00 CEST


def test_crontab_fires_on_its_matches_in_the_configured_time_zone() -> None:
    cron = Timing(IntervalType.CRONTAB, start_time=at(0), crontab="*/5 * * * *")
    assert next_fire_time(cron, at(0), inclusive=True) == at(0)
    assert next_fire_time(cron, at(0)) == at(5)
    assert next_fire_time(cron, at(7.5)) == at(10)
    weekdays = Timing(IntervalType.CRONTAB, start_time=at(0), crontab="0 2 * * 1-5")
    # From Friday 2025-03-07 03:00 UTC the next weekday 02:00 is Monday 2025-03-10.
    assert next_fire_time(weekdays, dt.datetime(2025, 3, 7, 3, tzinfo=dt.UTC)) == dt.datetime(
        2025, 3, 10, 2, tzinfo=dt.UTC
    )


def test_a_crontab_does_not_fire_before_its_start_time() -> None:
    cron = Timing(IntervalType.CRONTAB, start_time=at(12), crontab="*/5 * * * *")
    assert next_fire_time(cron, at(0), inclusive=True) == at(15)


def test_no_run_is_laid_after_the_end_time() -> None:
    every = Timing(IntervalType.MINUTES, start_time=at(0), interval_minutes=10, end_time=at(25))
    assert next_fire_time(every, at(10)) == at(20)
    assert next_fire_time(every, at(20)) is None


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("", "required"),
        ("*/5 * *", "five fields"),
        ("* * * * * *", "five fields"),
        ("61 * * * *", "not a valid"),
        ("every day", "five fields"),
        ("0 0 31 2 *", "never matches"),
    ],
)
def test_a_bad_crontab_is_explained(expression: str, problem: str) -> None:
    assert problem in (crontab_error(expression) or "")


def test_good_crontabs_and_macros_are_accepted() -> None:
    assert crontab_error("*/5 * * * *") is None
    assert crontab_error("0 2 * * mon-fri") is None
    assert crontab_error("@daily") is None


def test_each_schedule_type_describes_itself() -> None:
    assert describe(Timing(IntervalType.MINUTES, start_time=at(0), interval_minutes=15)) == "every 15 minutes"
    assert describe(Timing(IntervalType.DAILY, start_time=at(0))) == "daily at 10:00"
    assert describe(Timing(IntervalType.WEEKLY, start_time=at(0))) == "weekly on Monday at 10:00"
    assert describe(Timing(IntervalType.CRONTAB, start_time=at(0), crontab="*/5 * * * *")) == "cron */5 * * * *"
    assert describe(Timing(IntervalType.HOURLY, start_time=at(20))) == "hourly at :20"
