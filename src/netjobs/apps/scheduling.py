"""Scheduling for app authors: `from netjobs.apps.scheduling import register_system_job, AtomicJobRunner, …`."""

from netjobs.scheduling.choices import EventLevel, IntervalType
from netjobs.scheduling.events import log_event
from netjobs.scheduling.runtime import RuntimeSettingSpec, runtime_setting
from netjobs.scheduling.schedules import create_schedule
from netjobs.scheduling.system_jobs import (
    AtomicJobRunner,
    get_current_job_interval,
    register_system_job,
    schedule_system_jobs,
    system_jobs_scheduled,
)

__all__ = [
    "AtomicJobRunner",
    "EventLevel",
    "IntervalType",
    "RuntimeSettingSpec",
    "create_schedule",
    "get_current_job_interval",
    "log_event",
    "register_system_job",
    "runtime_setting",
    "schedule_system_jobs",
    "system_jobs_scheduled",
]
