"""When a schedule fires: pure functions of the schedule's definition and a point in time.

Fire times lie on the schedule's own grid (start + k x period, or the crontab's matches), so a late scheduler
never drifts: after a fire at 10:07, an every-15-minutes schedule that started at 10:00 next fires at 10:15, not
10:22. Daily and weekly grids are laid on the configured time zone's wall clock, so "daily at 02:00" stays 02:00
across daylight-saving changes; minute and hourly grids are absolute. Crontabs are read in that time zone too,
as cron does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from croniter import CroniterBadCronError, CroniterBadDateError, croniter
from django.utils import timezone

from netjobs.scheduling.choices import IntervalType

__all__ = ["Timing", "crontab_error", "describe", "next_fire_time"]

_FIXED_PERIODS = {IntervalType.HOURLY: dt.timedelta(hours=1)}
_WALL_CLOCK_DAYS = {IntervalType.DAILY: 1, IntervalType.WEEKLY: 7}


@dataclass(frozen=True)
class Timing:
    """What decides a schedule's fire times (a ScheduledJob without its bookkeeping)."""

    interval_type: str
    start_time: dt.datetime
    interval_minutes: int | None = None
    crontab: str = ""
    end_time: dt.datetime | None = None


def crontab_error(expression: str) -> str | None:
    """Why `expression` is not a usable crontab, or None when it is.

    Only the classic five fields (or an @macro such as @daily) are accepted: croniter would also take a sixth
    "seconds" field, and a schedule that fires every second is never what an operator meant.
    """
    text = expression.strip()
    if not text:
        return "a crontab expression is required, e.g. '*/5 * * * *'"
    if not text.startswith("@") and len(text.split()) != 5:
        return f"{text!r} must have five fields: minute hour day-of-month month day-of-week"
    if not croniter.is_valid(text):
        return f"{text!r} is not a valid crontab expression"
    try:
        croniter(text, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).get_next(dt.datetime)
    except (CroniterBadDateError, CroniterBadCronError):
        return f"{text!r} never matches a date (e.g. 31 February)"
    return None


def _local_zone() -> dt.tzinfo:
    return timezone.get_default_timezone()


def _satisfies(candidate: dt.datetime, after: dt.datetime, inclusive: bool) -> bool:
    return candidate >= after if inclusive else candidate > after


def _fixed_grid(start: dt.datetime, period: dt.timedelta, after: dt.datetime, inclusive: bool) -> dt.datetime:
    if _satisfies(start, after, inclusive):
        return start
    candidate = start + ((after - start) // period) * period
    while not _satisfies(candidate, after, inclusive):
        candidate += period
    return candidate


def _wall_clock_grid(start: dt.datetime, days: int, after: dt.datetime, inclusive: bool) -> dt.datetime:
    zone = _local_zone()
    local_start = start.astimezone(zone).replace(tzinfo=None)
    step = dt.timedelta(days=days)

    def slot(k: int) -> dt.datetime:
        # Wall-clock arithmetic, then the zone's offset for that day (zoneinfo resolves gaps and folds).
        return (local_start + k * step).replace(tzinfo=zone)

    # The absolute estimate is off by at most one step around a DST change; scan forward from just before it.
    k = max(0, (after - start) // step - 1)
    while not _satisfies(slot(k), after, inclusive) or slot(k) < start:
        k += 1
    return slot(k)


def _crontab_grid(expression: str, start: dt.datetime, after: dt.datetime, inclusive: bool) -> dt.datetime:
    zone = _local_zone()
    floor = max(after, start)
    # Start a minute early: croniter returns matches strictly after its base, and truncates sub-seconds.
    iterator = croniter(expression.strip(), (floor - dt.timedelta(minutes=1)).astimezone(zone))
    while True:
        candidate: dt.datetime = iterator.get_next(dt.datetime)
        if candidate >= start and _satisfies(candidate, after, inclusive):
            return candidate


def next_fire_time(timing: Timing, after: dt.datetime, *, inclusive: bool = False) -> dt.datetime | None:
    """The schedule's first fire time after `after` (or at it, when `inclusive`); None when it never fires again.

    The scheduler asks with `inclusive=False` and `after=<the time it fired>`: every slot missed while it was
    down is skipped, so a catch-up after downtime is one run, not a burst.
    """
    kind = timing.interval_type
    start = timing.start_time
    candidate: dt.datetime | None
    if kind == IntervalType.ONCE:
        candidate = start if _satisfies(start, after, inclusive) else None
    elif kind == IntervalType.MINUTES:
        if not timing.interval_minutes or timing.interval_minutes < 1:
            return None
        candidate = _fixed_grid(start, dt.timedelta(minutes=timing.interval_minutes), after, inclusive)
    elif kind in _FIXED_PERIODS:
        candidate = _fixed_grid(start, _FIXED_PERIODS[IntervalType(kind)], after, inclusive)
    elif kind in _WALL_CLOCK_DAYS:
        candidate = _wall_clock_grid(start, _WALL_CLOCK_DAYS[IntervalType(kind)], after, inclusive)
    elif kind == IntervalType.CRONTAB:
        if crontab_error(timing.crontab):
            return None
        candidate = _crontab_grid(timing.crontab, start, after, inclusive)
    else:
        raise ValueError(f"unknown interval type {kind!r}")
    if candidate is None or (timing.end_time is not None and candidate > timing.end_time):
        return None
    return candidate.astimezone(dt.UTC)


def describe(timing: Timing) -> str:
    """A short human description: "every 15 minutes", "daily at 02:00", "cron */5 * * * *"."""
    kind = timing.interval_type
    local = timing.start_time.astimezone(_local_zone())
    if kind == IntervalType.ONCE:
        text = f"once at {local:%Y-%m-%d %H:%M %Z}"
    elif kind == IntervalType.MINUTES:
        n = timing.interval_minutes or 0
        text = "every minute" if n == 1 else f"every {n} minutes"
    elif kind == IntervalType.HOURLY:
        text = f"hourly at :{local:%M}"
    elif kind == IntervalType.DAILY:
        text = f"daily at {local:%H:%M}"
    elif kind == IntervalType.WEEKLY:
        text = f"weekly on {local:%A} at {local:%H:%M}"
    else:
        text = f"cron {timing.crontab.strip()}"
    if timing.end_time is not None:
        text += f" until {timing.end_time.astimezone(_local_zone()):%Y-%m-%d %H:%M}"
    return text
