"""Scheduling models: ScheduledJob, RuntimeSetting and EventLog, all on the bookkeeping ("jobs") alias.

They sit next to JobResult so that a schedule fire (the compare-and-set on `next_run`) and the run it creates
commit in one transaction. The user a schedule runs as lives in the data database: the relation is declared
with `db_constraint=False` and `DO_NOTHING`, like `JobResult.user`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from netjobs.core.models import BaseModel
from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.models import JobDefinition
from netjobs.scheduling.choices import EventLevel, IntervalType
from netjobs.scheduling.timing import Timing, crontab_error, describe, next_fire_time

__all__ = ["EventLog", "RuntimeSetting", "ScheduledJob"]

#: Fields only the scheduler writes. A plain save() (admin, API) never writes them, so an edit that raced a
#: fire cannot put back a `next_run` the scheduler already consumed (which would fire that slot twice).
SCHEDULER_FIELDS = ("next_run", "last_run", "run_count", "last_result_id", "last_error")
_TIMING_FIELDS = ("interval_type", "interval_minutes", "crontab", "start_time", "end_time", "enabled")
#: A start time of "now", set when the object was built a moment before save(), still counts as due now.
START_GRACE = dt.timedelta(seconds=5)


class ScheduledJob(BaseModel):
    """A job to run at a time or on a recurring schedule, with its input, as a user.

    `next_run` is not null exactly when the schedule will fire; the scheduler fires a schedule by moving
    `next_run` from the due value to the following one in the same transaction as it submits the run.
    """

    name = models.CharField(max_length=255, unique=True)
    job = models.ForeignKey(JobDefinition, on_delete=models.CASCADE, related_name="schedules")
    description = models.TextField(blank=True)
    interval_type = models.CharField(max_length=20, choices=IntervalType.choices, default=IntervalType.ONCE)
    interval_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="For 'every N minutes': N (at least 1)"
    )
    crontab = models.CharField(max_length=255, blank=True, help_text="For crontab schedules, e.g. */5 * * * *")
    start_time = models.DateTimeField(
        default=timezone.now, help_text="The first run (once: the only run); recurring runs are laid from it"
    )
    end_time = models.DateTimeField(null=True, blank=True, help_text="No run starts after this time")
    enabled = models.BooleanField(default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        help_text="The user each run runs as",
    )
    created_by = models.CharField(max_length=150, blank=True, help_text="Recorded as each run's scheduled_by")
    data = models.JSONField(default=dict, blank=True, help_text="The job's input, validated by the job's form")
    commit = models.BooleanField(default=True)
    queue = models.CharField(max_length=100, blank=True, help_text="Empty: the job's own queue")
    system_job = models.BooleanField(
        default=False,
        editable=False,
        help_text="Created by schedule_system_jobs(); re-created when its interval changes",
    )
    # Written by the scheduler only (SCHEDULER_FIELDS).
    next_run = models.DateTimeField(null=True, blank=True, editable=False)
    last_run = models.DateTimeField(null=True, blank=True, editable=False)
    run_count = models.PositiveIntegerField(default=0, editable=False)
    last_result_id = models.BigIntegerField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False, help_text="Why the last due run could not be queued")
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_run"], name="scheduledjob_due_idx")]
        constraints = [
            # schedule_system_jobs() keeps exactly one schedule per system job, even when two processes race.
            models.UniqueConstraint(
                fields=["job"], condition=models.Q(system_job=True), name="scheduledjob_one_per_system_job"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db: str | None, field_names: list[str], values: list[Any]) -> Self:
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=False))
        instance._loaded_timing = tuple(loaded.get(name) for name in _TIMING_FIELDS)
        return instance

    # --- timing ----------------------------------------------------------------------------------------------
    @property
    def timing(self) -> Timing:
        return Timing(
            interval_type=self.interval_type,
            start_time=self.start_time,
            interval_minutes=self.interval_minutes,
            crontab=self.crontab,
            end_time=self.end_time,
        )

    def describe(self) -> str:
        return describe(self.timing)

    def first_run_from(self, now: dt.datetime) -> dt.datetime | None:
        """The first fire time at or after `now` (None: the schedule would never fire)."""
        return next_fire_time(self.timing, now, inclusive=True) if self.enabled else None

    def _timing_changed(self) -> bool:
        loaded = getattr(self, "_loaded_timing", None)
        return loaded is None or loaded != tuple(getattr(self, name) for name in _TIMING_FIELDS)

    # --- validation ------------------------------------------------------------------------------------------
    def clean(self) -> None:
        """Check the schedule's definition and its input against the job's form, naming the bad field."""
        errors: dict[str, list[str]] = {}
        kind = self.interval_type
        if kind == IntervalType.MINUTES and (not self.interval_minutes or self.interval_minutes < 1):
            errors["interval_minutes"] = ["Every N minutes needs N of at least 1."]
        if kind != IntervalType.MINUTES and self.interval_minutes:
            errors["interval_minutes"] = [f"Only 'every N minutes' schedules take minutes, not {kind!r} ones."]
        if kind == IntervalType.CRONTAB:
            problem = crontab_error(self.crontab)
            if problem:
                errors["crontab"] = [problem[0].upper() + problem[1:] + "."]
        elif self.crontab.strip():
            errors["crontab"] = [f"Only crontab schedules take a crontab expression, not {kind!r} ones."]
        if self.end_time is not None and self.start_time is not None and self.end_time <= self.start_time:
            errors["end_time"] = ["The end time must be after the start time."]
        if self.user_id is not None and not get_user_model().objects.filter(pk=self.user_id).exists():
            errors["user"] = [f"No user with id {self.user_id}."]
        if self.job_id is not None:
            errors.update(_input_problems(self.job, self.data))
        if errors:
            raise ValidationError(errors)

    # --- saving ----------------------------------------------------------------------------------------------
    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save the definition; compute `next_run` when the timing changed. Scheduler fields are never rewritten.

        The scheduler updates its own fields with compare-and-set UPDATEs, not through save(); leaving them out
        of an edit's UPDATE is what keeps an edit and a fire from undoing each other.
        """
        if self._state.adding:
            if self.next_run is None:
                self.next_run = self.first_run_from(timezone.now() - START_GRACE)
            super().save(*args, **kwargs)
            self._loaded_timing = tuple(getattr(self, name) for name in _TIMING_FIELDS)
            return
        recompute = False
        if kwargs.get("update_fields") is None:  # explicit update_fields are the caller's to choose
            fields = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in SCHEDULER_FIELDS and f.name != "created"
            ]
            recompute = self._timing_changed()
            kwargs["update_fields"] = [*fields, "next_run"] if recompute else fields
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            if recompute:
                self.next_run = self._next_run_after_edit()
            super().save(*args, **kwargs)
        self._loaded_timing = tuple(getattr(self, name) for name in _TIMING_FIELDS)

    def _next_run_after_edit(self) -> dt.datetime | None:
        """The next fire of an edited schedule: from now, but never a slot at or before the last fire."""
        candidate = self.first_run_from(timezone.now() - START_GRACE)
        # Row-locked read: a fire that committed a moment ago is seen (on SQLite the IMMEDIATE transaction
        # already serialises us with the scheduler).
        last_run = (
            ScheduledJob.objects.select_for_update().filter(pk=self.pk).values_list("last_run", flat=True).first()
        )
        if candidate is not None and last_run is not None and candidate <= last_run and self.enabled:
            candidate = next_fire_time(self.timing, last_run)
        return candidate


def _input_problems(definition: JobDefinition, data: Any) -> dict[str, list[str]]:
    """Problems with the job and its stored input, keyed by the model field they belong to."""
    from netjobs.jobs.registry import JobNotFoundError, get_job_class
    from netjobs.jobs.submit import input_errors

    try:
        job_class = get_job_class(definition.class_path)
    except JobNotFoundError as exc:
        return {"job": [str(exc)]}
    if job_class.sensitive_variable_names():
        names = ", ".join(sorted(job_class.sensitive_variable_names()))
        return {"job": [f"This job has sensitive input ({names}), which a schedule cannot store; run it by hand."]}
    if not isinstance(data, dict):
        return {"data": ['The input must be a JSON object, e.g. {"name": "value"}.']}
    problems = input_errors(job_class, data)
    if problems:
        return {"data": [f"{name}: {' '.join(messages)}" for name, messages in problems.items()]}
    return {}


class RuntimeSetting(BaseModel):
    """One setting an administrator may change while netjobs runs (key → JSON value).

    The typed accessors and defaults live in `netjobs.scheduling.runtime`; a row exists only once the value was
    stored (or seeded at scheduler start so that it shows in the admin).
    """

    key = models.CharField(max_length=100, unique=True)
    value = models.JSONField(null=True, blank=True)
    description = models.TextField(blank=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        from netjobs.scheduling.runtime import get_spec

        spec = get_spec(self.key)
        if spec is not None:
            try:
                self.value = spec.coerce(self.value)
            except ValueError as exc:
                raise ValidationError({"value": [str(exc)]}) from None


class EventLog(models.Model):
    """A structured event of a system job (or any app): what happened, how bad, and its data.

    Written through the bookkeeping alias, so an event about a failed run survives the run's rollback.
    """

    name = models.CharField(max_length=255, db_index=True, help_text="What emitted it, e.g. the job's class path")
    level = models.CharField(max_length=10, choices=EventLevel.choices, default=EventLevel.INFO, db_index=True)
    message = models.TextField()
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    job_result_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"[{self.level}] {self.name}: {self.message[:80]}"
