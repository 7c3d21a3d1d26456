"""Who may see and run which jobs and results: the one place the UI, the API and the CLI ask.

Permissions are Django model permissions on the bookkeeping models (`jobs.view_jobdefinition`, `jobs.run_job`,
`jobs.approve_job`, `jobs.change_jobdefinition`, `jobs.view_jobresult`, `jobs.delete_jobresult`), granted to
users or groups; superusers have them all. Anonymous users have none. A job with `allowed_groups` is limited
further: for users in none of those groups it, and other people's runs of it, do not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from netjobs.jobs.models import JobDefinition, JobModule, JobResult

if TYPE_CHECKING:
    from django.db.models import QuerySet

__all__ = [
    "APPROVE_JOB",
    "RUN_JOB",
    "can_approve_result",
    "can_cancel_result",
    "can_change_retention",
    "can_change_schedules",
    "can_clear_locks",
    "can_delete_result",
    "can_delete_results",
    "can_run_job",
    "can_schedule_job",
    "can_view_job",
    "can_view_locks",
    "can_view_objects",
    "can_view_result",
    "can_view_schedules",
    "can_view_workers",
    "forbidden_job_ids",
    "in_allowed_groups",
    "visible_job_definitions",
    "visible_job_modules",
    "visible_results",
]

RUN_JOB = "jobs.run_job"
APPROVE_JOB = "jobs.approve_job"
VIEW_JOB = "jobs.view_jobdefinition"
VIEW_RESULT = "jobs.view_jobresult"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _group_names(user: Any) -> set[str]:
    cache = getattr(user, "_netjobs_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._netjobs_group_names = cache
    return cache


def in_allowed_groups(user: Any, definition: JobDefinition) -> bool:
    """A job with `allowed_groups` exists only for members of one of them (and superusers)."""
    allowed = definition.allowed_groups or []
    return not allowed or user.is_superuser or bool(_group_names(user) & set(allowed))


def forbidden_job_ids(user: Any) -> list[int]:
    """Ids of the group-limited jobs the user is in none of the groups of."""
    if user.is_superuser:
        return []
    return [
        pk
        for pk, allowed in JobDefinition.objects.exclude(allowed_groups=[]).values_list("pk", "allowed_groups")
        if allowed and not (_group_names(user) & set(allowed))
    ]


def can_view_job(user: Any, definition: JobDefinition) -> bool:
    return _active(user) and user.has_perm(VIEW_JOB) and in_allowed_groups(user, definition)


def can_run_job(user: Any, definition: JobDefinition) -> bool:
    """Run permission on jobs, and the job visible to the user (its group limit included)."""
    return can_view_job(user, definition) and user.has_perm(RUN_JOB)


def visible_job_definitions(user: Any) -> QuerySet[JobDefinition]:
    if not _active(user) or not user.has_perm(VIEW_JOB):
        return JobDefinition.objects.none()
    forbidden = forbidden_job_ids(user)
    queryset = JobDefinition.objects.all()
    return queryset.exclude(pk__in=forbidden) if forbidden else queryset


def visible_results(user: Any) -> QuerySet[JobResult]:
    """Results the user may see: all with `view_jobresult` (except other people's runs of group-limited jobs
    the user is not allowed), else only their own runs."""
    if not _active(user):
        return JobResult.objects.none()
    if not user.has_perm(VIEW_RESULT):
        return JobResult.objects.filter(user_id=user.pk)
    forbidden = forbidden_job_ids(user)
    queryset = JobResult.objects.all()
    if forbidden:
        queryset = queryset.exclude(Q(job_definition_id__in=forbidden) & ~Q(user_id=user.pk))
    return queryset


def can_view_result(user: Any, result: JobResult) -> bool:
    if not _active(user):
        return False
    if result.user_id == user.pk:
        return True
    if not user.has_perm(VIEW_RESULT):
        return False
    return result.job_definition_id is None or result.job_definition_id not in forbidden_job_ids(user)


# --- asked by the web UI (actions.py enforces the same rules when the action is taken) ----------------------
def can_cancel_result(user: Any, result: JobResult) -> bool:
    """The user who started the run, or one who may run its job (the rule of `actions.cancel`)."""
    if not _active(user):
        return False
    if user.is_superuser or result.user_id == user.pk:
        return True
    return result.job_definition is not None and can_run_job(user, result.job_definition)


def can_approve_result(user: Any, result: JobResult) -> bool:
    """The approve permission, and not the user who requested the run (the rule of `actions.approve`)."""
    return _active(user) and user.has_perm(APPROVE_JOB) and (result.user_id is None or result.user_id != user.pk)


def can_delete_results(user: Any) -> bool:
    return _active(user) and user.has_perm("jobs.delete_jobresult")


def can_delete_result(user: Any, result: JobResult) -> bool:
    return can_view_result(user, result) and can_delete_results(user)


def can_view_workers(user: Any) -> bool:
    return _active(user) and user.has_perm("jobs.view_worker")


def can_view_locks(user: Any) -> bool:
    return _active(user) and user.has_perm("jobs.view_joblock")


def can_clear_locks(user: Any) -> bool:
    return _active(user) and user.has_perm("jobs.clear_joblock")


def can_view_objects(user: Any, model: Any) -> bool:
    """View permission on a data model (inventory pages, ObjectVar dropdowns): `<app>.view_<model>`."""
    meta = model._meta.concrete_model._meta if model._meta.proxy else model._meta
    return _active(user) and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


def visible_job_modules(user: Any) -> QuerySet[JobModule]:
    """Job modules (with their import errors) are shown to whoever may see jobs."""
    if not _active(user) or not user.has_perm(VIEW_JOB):
        return JobModule.objects.none()
    return JobModule.objects.all()


def can_view_schedules(user: Any) -> bool:
    return _active(user) and user.has_perm("scheduling.view_scheduledjob")


def can_schedule_job(user: Any, definition: JobDefinition) -> bool:
    """Run permission on the job and permission to add schedules."""
    return can_run_job(user, definition) and user.has_perm("scheduling.add_scheduledjob")


def can_change_retention(user: Any) -> bool:
    """How long results are kept is a runtime setting: changing it needs the permission on those settings."""
    return _active(user) and user.has_perm("scheduling.change_runtimesetting")


def can_change_schedules(user: Any) -> bool:
    return _active(user) and user.has_perm("scheduling.change_scheduledjob")
