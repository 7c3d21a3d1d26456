"""Who may see and run which jobs and results: the one place the UI, the API and the CLI ask.

Permissions are Django model permissions on the bookkeeping models (`jobs.view_jobdefinition`, `jobs.run_job`,
`jobs.approve_job`, `jobs.change_jobdefinition`, `jobs.view_jobresult`, `jobs.delete_jobresult`), granted to
users or groups; superusers have them all. Anonymous users have none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netjobs.jobs.models import JobDefinition, JobResult

if TYPE_CHECKING:
    from django.db.models import QuerySet

__all__ = [
    "APPROVE_JOB",
    "RUN_JOB",
    "can_run_job",
    "can_view_job",
    "can_view_result",
    "visible_job_definitions",
    "visible_results",
]

RUN_JOB = "jobs.run_job"
APPROVE_JOB = "jobs.approve_job"
VIEW_JOB = "jobs.view_jobdefinition"
VIEW_RESULT = "jobs.view_jobresult"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_job(user: Any, definition: JobDefinition) -> bool:
    return _active(user) and user.has_perm(VIEW_JOB)


def can_run_job(user: Any, definition: JobDefinition) -> bool:
    """Run permission on jobs, and the job visible to the user."""
    return can_view_job(user, definition) and user.has_perm(RUN_JOB)


def visible_job_definitions(user: Any) -> QuerySet[JobDefinition]:
    if not _active(user) or not user.has_perm(VIEW_JOB):
        return JobDefinition.objects.none()
    return JobDefinition.objects.all()


def visible_results(user: Any) -> QuerySet[JobResult]:
    """Results the user may see: all with `view_jobresult`, else only their own runs."""
    if not _active(user):
        return JobResult.objects.none()
    if user.has_perm(VIEW_RESULT):
        return JobResult.objects.all()
    return JobResult.objects.filter(user_id=user.pk)


def can_view_result(user: Any, result: JobResult) -> bool:
    return _active(user) and (user.has_perm(VIEW_RESULT) or result.user_id == user.pk)
