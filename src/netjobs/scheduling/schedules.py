"""Creating and switching schedules: the one path the CLI, the API and the run form share.

`create_schedule()` validates everything a schedule needs (its timing, its user, and its input through the job's
form, exactly as `submit()` will when it fires) and raises Django's ValidationError keyed by field, so each
interface can name the bad field in its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from netjobs.jobs.models import JobDefinition
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.submit import JobDisabledError, prepare_input, resolve_job
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = ["create_schedule", "find_schedule", "set_enabled", "unique_name"]


def unique_name(base: str) -> str:
    """`base`, or `base (2)`, `base (3)`… whichever is free."""
    base = base[:240]
    name, n = base, 1
    while ScheduledJob.objects.filter(name=name).exists():
        n += 1
        name = f"{base} ({n})"
    return name


def create_schedule(
    job: str | JobDefinition,
    *,
    interval_type: str,
    start_time: dt.datetime | None = None,
    end_time: dt.datetime | None = None,
    interval_minutes: int | None = None,
    crontab: str = "",
    data: Mapping[str, Any] | None = None,
    user: AbstractBaseUser | None = None,
    commit: bool | None = None,
    queue: str = "",
    name: str = "",
    description: str = "",
    enabled: bool = True,
    now: dt.datetime | None = None,
) -> ScheduledJob:
    """Validate and save a new schedule. Raises ValidationError keyed by field ("job", "data", "crontab", …).

    The input is normalised through the job's form (defaults filled in, values serialised) and stored; it is
    validated again at every fire, because the job or the objects it names may have changed since.
    """
    now = now or timezone.now()
    try:
        definition, job_class = resolve_job(job)
    except (JobNotFoundError, JobDisabledError) as exc:
        raise ValidationError({"job": [str(exc)]}) from None
    if interval_type not in IntervalType.values:
        choices = ", ".join(IntervalType.values)
        raise ValidationError({"interval_type": [f"{interval_type!r} is not one of {choices}."]})
    schedule = ScheduledJob(
        name=name.strip(),
        job=definition,
        description=description,
        interval_type=interval_type,
        interval_minutes=interval_minutes,
        crontab=crontab,
        start_time=start_time or now,
        end_time=end_time,
        enabled=enabled,
        user=user,
        created_by=user.get_username() if user is not None else "",
        data=dict(data or {}),
        commit=job_class.meta.commit_default if commit is None else commit,
        queue=queue,
    )
    if not schedule.name:
        schedule.name = unique_name(f"{definition.name} {schedule.describe()}")
    schedule.full_clean()
    # Store the normalised input (defaults filled in), as a run created now would see it.
    schedule.data = prepare_input(job_class, schedule.data).public
    schedule.next_run = schedule.first_run_from(now)
    if enabled and schedule.next_run is None:
        field = "start_time" if interval_type == IntervalType.ONCE else "end_time"
        raise ValidationError({field: ["The schedule would never run: its time is already past."]})
    schedule.save()
    return schedule


def find_schedule(identifier: str) -> ScheduledJob | None:
    """A schedule by id or by exact name."""
    if identifier.isdigit():
        found = ScheduledJob.objects.filter(pk=int(identifier)).first()
        if found is not None:
            return found
    return ScheduledJob.objects.filter(name=identifier).first()


def set_enabled(schedule: ScheduledJob, enabled: bool) -> ScheduledJob:
    """Enable or disable; enabling lays the next run from now, so time spent disabled is not caught up."""
    schedule.enabled = enabled
    schedule.save()
    return schedule
