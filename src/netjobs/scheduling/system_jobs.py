"""System jobs: recurring jobs an app registers with an interval getter, kept scheduled by the product itself.

    @register_system_job(RESULT_RETENTION_INTERVAL.get)
    class ResultRetentionJob(AtomicJobRunner):
        def perform(self, data): ...

`schedule_system_jobs()` (called when the scheduler starts, and when a runtime setting is saved) reads each
registered job's interval and keeps exactly one ScheduledJob for it: left alone while the interval is unchanged,
re-created when it changed, deleted when the interval is 0 or None. A partial unique constraint backs the "exactly
one" when two processes do this at once.

`AtomicJobRunner` is the base for such jobs: the whole run in one transaction, exceptions re-raised (so the run
ends `errored` instead of a job swallowing its own failure), an EventLog entry for every outcome, and a check
after each run that its schedule still matches the current interval.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs.base import Job
from netjobs.jobs.models import JobDefinition
from netjobs.jobs.registry import LOCAL_PACKAGE, sync_module_of
from netjobs.scheduling.choices import EventLevel, IntervalType
from netjobs.scheduling.events import log_event
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.runtime import seed_runtime_settings

__all__ = [
    "AtomicJobRunner",
    "IntervalGetter",
    "class_path_of",
    "get_current_job_interval",
    "register_system_job",
    "registered_system_jobs",
    "schedule_system_job",
    "schedule_system_jobs",
    "system_jobs_scheduled",
]

logger = logging.getLogger(__name__)
J = TypeVar("J", bound=type[Job])
#: Returns the interval in minutes; 0 or None means "not scheduled".
IntervalGetter = Callable[[], int | None]


@dataclass(frozen=True)
class _Registration:
    job_class: type[Job]
    interval_getter: IntervalGetter


_REGISTRY: dict[str, _Registration] = {}  # class path -> registration (a reloaded module re-registers)


def class_path_of(job_class: type[Job]) -> str:
    """The class path the job registry gives `job_class` (`app/<module>/<Class>` or `local/<module>/<Class>`)."""
    module = job_class.__module__
    if module.startswith(f"{LOCAL_PACKAGE}."):
        return f"local/{module.removeprefix(LOCAL_PACKAGE + '.')}/{job_class.__name__}"
    return f"app/{module}/{job_class.__name__}"


def register_system_job(interval_getter: IntervalGetter) -> Callable[[J], J]:
    """Class decorator: schedule this job every `interval_getter()` minutes (read again at each re-scheduling)."""

    def decorator(job_class: J) -> J:
        _REGISTRY[class_path_of(job_class)] = _Registration(job_class, interval_getter)
        return job_class

    return decorator


def registered_system_jobs() -> dict[str, type[Job]]:
    """Class path → class of every registered system job (after importing each installed app's `jobs`)."""
    _import_app_job_modules()
    return {path: registration.job_class for path, registration in sorted(_REGISTRY.items())}


def _import_app_job_modules() -> None:
    """Import `<app>.jobs` of every installed app, so their decorators have run. One broken module is logged."""
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.jobs"
        try:
            if importlib.util.find_spec(name) is None:
                continue
            importlib.import_module(name)
        except Exception:
            logger.exception("Could not import %s to find its system jobs", name)


def _definition_for(class_path: str) -> JobDefinition | None:
    definition = JobDefinition.objects.filter(class_path=class_path).first()
    return definition if definition is not None else sync_module_of(class_path)


def _interval_of(registration: _Registration) -> int | None:
    value = registration.interval_getter()
    return int(value) if value else None


def schedule_system_job(job_class: type[Job], interval: int | None) -> ScheduledJob | None:
    """Keep exactly one schedule running `job_class` every `interval` minutes (none when interval is falsy).

    An existing schedule with that interval is kept as it is (an administrator may have disabled it); one with
    another interval is replaced by a new one whose first run is now.
    """
    class_path = class_path_of(job_class)
    definition = _definition_for(class_path)
    if definition is None:
        logger.warning("System job %s has no job definition; is its app installed?", class_path)
        return None
    with transaction.atomic(using=BOOKKEEPING_ALIAS):
        existing = list(ScheduledJob.objects.select_for_update().filter(job=definition, system_job=True))
        if interval and len(existing) == 1:
            current = existing[0]
            if current.interval_type == IntervalType.MINUTES and current.interval_minutes == interval:
                return current
        for schedule in existing:
            schedule.delete()
        if not interval:
            if existing:
                logger.info("Unscheduled system job %s", class_path)
            return None
        name = f"System: {job_class.meta.name}"
        if ScheduledJob.objects.filter(name=name).exists():
            name = f"System: {class_path}"  # a user's schedule already has the short name
        now = timezone.now()
        schedule = ScheduledJob(
            name=name[:255],
            job=definition,
            description=f"Created by schedule_system_jobs(); runs every {interval} minute(s).",
            interval_type=IntervalType.MINUTES,
            interval_minutes=interval,
            start_time=now,
            next_run=now,  # a new or changed system schedule runs at once, then on its grid
            system_job=True,
            created_by="system",
            commit=True,
        )
        try:
            with transaction.atomic(using=BOOKKEEPING_ALIAS):
                schedule.save()
        except IntegrityError:
            # Another process created it between our read and our insert: theirs is the one.
            return ScheduledJob.objects.filter(job=definition, system_job=True).first()
    logger.info("Scheduled system job %s every %d minute(s)", class_path, interval)
    return schedule


def schedule_system_jobs() -> dict[str, ScheduledJob | None]:
    """Create, re-create or remove each registered system job's schedule to match its current interval.

    Called when the scheduler starts and whenever a runtime setting is saved. A job whose interval getter or
    scheduling fails is logged and skipped; the others are still scheduled.
    """
    seed_runtime_settings()
    _import_app_job_modules()
    outcome: dict[str, ScheduledJob | None] = {}
    for class_path, registration in sorted(_REGISTRY.items()):
        try:
            outcome[class_path] = schedule_system_job(registration.job_class, _interval_of(registration))
        except Exception:
            logger.exception("Could not schedule system job %s", class_path)
    return outcome


def system_jobs_scheduled() -> bool:
    """True when every registered system job with an interval has its one enabled schedule at that interval."""
    _import_app_job_modules()
    for class_path, registration in _REGISTRY.items():
        interval = _interval_of(registration)
        if not interval:
            continue
        schedules = list(
            ScheduledJob.objects.filter(job__class_path=class_path, system_job=True).values_list(
                "interval_minutes", "enabled", "next_run"
            )
        )
        if len(schedules) != 1:
            return False
        minutes, enabled, next_run = schedules[0]
        if minutes != interval or not enabled or next_run is None:
            return False
    return True


def get_current_job_interval(job_class: type[Job]) -> int | None:
    """The interval (minutes) the job's system schedule currently has; None when it is not scheduled."""
    return (
        ScheduledJob.objects.filter(job__class_path=class_path_of(job_class), system_job=True)
        .values_list("interval_minutes", flat=True)
        .first()
    )


class AtomicJobRunner(Job):
    """Base class of system jobs: implement `perform(data)`; `run()` adds the system-job semantics.

    - the whole of `perform()` runs in one transaction on each alias of `atomic_databases` (the runner's own
      data transaction when run by a worker, a real one when called directly);
    - an exception is recorded as an error event and re-raised, so the run ends `errored` with its traceback
      and every change is rolled back;
    - each outcome is written to EventLog (`event_logging = False` turns that off);
    - after each run, a registered system job whose interval setting changed is re-scheduled.
    """

    atomic_databases: ClassVar[tuple[str, ...]] = (DEFAULT_DB_ALIAS,)
    event_logging: ClassVar[bool] = True

    def perform(self, data: dict[str, Any]) -> Any:
        """Override with the job's work; return a JSON-able summary."""
        raise NotImplementedError(f"{type(self).__name__} must implement perform(data)")

    def run(self, data: dict[str, Any], commit: bool) -> Any:
        name = class_path_of(type(self))
        result_id = self.result.pk if self.result is not None else None
        started = time.monotonic()
        try:
            with contextlib.ExitStack() as stack:
                for alias in self.atomic_databases:
                    stack.enter_context(transaction.atomic(using=alias))
                summary = self.perform(data)
                if not commit:
                    for alias in self.atomic_databases:
                        transaction.set_rollback(True, using=alias)
        except Exception as exc:
            if self.event_logging:
                log_event(
                    name,
                    f"{self.meta.name} failed: {type(exc).__name__}: {exc}",
                    level=EventLevel.ERROR,
                    data={
                        "exception": type(exc).__name__,
                        "error": str(exc),
                        "traceback": traceback.format_exc(),
                        "duration_s": round(time.monotonic() - started, 3),
                    },
                    job_result_id=result_id,
                )
            raise
        finally:
            self.reschedule()
        if self.event_logging:
            log_event(
                name,
                f"{self.meta.name} finished",
                data={"summary": summary, "commit": commit, "duration_s": round(time.monotonic() - started, 3)},
                job_result_id=result_id,
            )
        return summary

    @classmethod
    def schedule(cls, interval: int | None = None) -> ScheduledJob | None:
        """Schedule this job every `interval` minutes (default: its registered interval getter's value)."""
        if interval is None:
            registration = _REGISTRY.get(class_path_of(cls))
            interval = _interval_of(registration) if registration is not None else None
        return schedule_system_job(cls, interval)

    @classmethod
    def reschedule(cls) -> None:
        """Re-create this job's system schedule if its interval setting changed. Never fails the run."""
        registration = _REGISTRY.get(class_path_of(cls))
        if registration is None:
            return
        try:
            interval = _interval_of(registration)
            if interval != get_current_job_interval(cls):
                schedule_system_job(cls, interval)
        except Exception:
            logger.exception("Could not re-schedule system job %s", class_path_of(cls))
