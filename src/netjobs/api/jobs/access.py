"""What a user may see and run, as the API asks it: `netjobs.jobs.permissions` plus per-job group limits.

A job whose `allowed_groups` is non-empty is seen and run only by members of one of those groups (and by
superusers); for everyone else it, and its results other than their own, do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from netjobs.jobs import permissions
from netjobs.jobs.models import JobDefinition, JobResult

__all__ = [
    "can_list_jobs",
    "can_list_results",
    "can_run",
    "forbidden_job_ids",
    "in_allowed_groups",
    "visible_jobs",
    "visible_results",
]


def _group_names(user: Any) -> set[str]:
    cache = getattr(user, "_netjobs_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._netjobs_group_names = cache
    return cache


def in_allowed_groups(user: Any, definition: JobDefinition) -> bool:
    allowed = definition.allowed_groups or []
    return not allowed or user.is_superuser or bool(_group_names(user) & set(allowed))


def forbidden_job_ids(user: Any) -> list[int]:
    """Ids of the group-limited jobs the user is in none of the groups of."""
    if user.is_superuser:
        return []
    return [
        pk
        for pk, allowed in JobDefinition.objects.values_list("pk", "allowed_groups")
        if allowed and not (_group_names(user) & set(allowed))
    ]


def can_list_jobs(user: Any) -> bool:
    return user.is_authenticated and user.has_perm(permissions.VIEW_JOB)


def visible_jobs(user: Any) -> QuerySet[JobDefinition]:
    queryset = permissions.visible_job_definitions(user)
    forbidden = forbidden_job_ids(user) if user.is_authenticated else []
    return queryset.exclude(pk__in=forbidden) if forbidden else queryset


def can_run(user: Any, definition: JobDefinition) -> bool:
    return permissions.can_run_job(user, definition) and in_allowed_groups(user, definition)


def can_list_results(user: Any) -> bool:
    """Listing results needs a permission: to view results, or to run jobs (a runner lists their own runs)."""
    return user.is_authenticated and (user.has_perm(permissions.VIEW_RESULT) or user.has_perm(permissions.RUN_JOB))


def visible_results(user: Any) -> QuerySet[JobResult]:
    queryset = permissions.visible_results(user)
    forbidden = forbidden_job_ids(user) if user.is_authenticated else []
    if forbidden:
        queryset = queryset.exclude(Q(job_definition_id__in=forbidden) & ~Q(user_id=user.pk))
    return queryset
