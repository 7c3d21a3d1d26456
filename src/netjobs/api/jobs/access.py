"""What a user may see and run, as the API asks it: `netjobs.jobs.permissions` (group limits included).

A job whose `allowed_groups` is non-empty is seen, run and scheduled only by members of one of those groups (and by
superusers); for everyone else it, and its results other than their own, do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from netjobs.jobs import permissions
from netjobs.jobs.models import JobDefinition
from netjobs.scheduling.models import ScheduledJob

__all__ = [
    "can_list_jobs",
    "can_list_results",
    "can_run",
    "forbidden_job_ids",
    "in_allowed_groups",
    "visible_jobs",
    "visible_results",
    "visible_schedules",
]


in_allowed_groups = permissions.in_allowed_groups
forbidden_job_ids = permissions.forbidden_job_ids
visible_jobs = permissions.visible_job_definitions
visible_results = permissions.visible_results


def can_list_jobs(user: Any) -> bool:
    return user.is_authenticated and user.has_perm(permissions.VIEW_JOB)


def can_run(user: Any, definition: JobDefinition) -> bool:
    return permissions.can_run_job(user, definition)


def can_list_results(user: Any) -> bool:
    """Listing results needs a permission: to view results, or to run jobs (a runner lists their own runs)."""
    return user.is_authenticated and (user.has_perm(permissions.VIEW_RESULT) or user.has_perm(permissions.RUN_JOB))


def visible_schedules(user: Any) -> QuerySet[ScheduledJob]:
    """Schedules need the permission to view them; those of group-limited jobs the user is not in do not exist."""
    if not permissions.can_view_schedules(user):
        return ScheduledJob.objects.none()
    forbidden = forbidden_job_ids(user)
    queryset = ScheduledJob.objects.all()
    return queryset.exclude(job_id__in=forbidden) if forbidden else queryset
