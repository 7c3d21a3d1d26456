"""What a user can do to an existing run: cancel it, approve or deny it, run it again.

The UI, the API and the CLI call these; each checks its own permission and raises PermissionDenied or
ActionError (a message fit to show the user) instead of half-doing anything.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import notify
from netjobs.jobs.choices import TERMINAL_STATES, JobResultStatus
from netjobs.jobs.models import JobResult
from netjobs.jobs.permissions import APPROVE_JOB, can_cancel_result, can_run_job

__all__ = ["ActionError", "approve", "cancel", "deny", "rerun"]

_CANCELLABLE_AT_ONCE = (
    JobResultStatus.PENDING,
    JobResultStatus.SCHEDULED,
    JobResultStatus.APPROVAL_REQUIRED,
)


class ActionError(ValueError):
    """The action does not apply to the run in its current state."""


def _name(user: Any) -> str:
    return user.get_username() if user is not None and user.is_authenticated else "system"


def cancel(result: JobResult, user: Any = None, reason: str = "") -> JobResult:
    """Cancel a queued run at once; ask a running run to stop (its worker ends it after NETJOBS_CANCEL_GRACE).

    Only the user who started the run or one who may run the job can cancel it.
    """
    if user is not None and not can_cancel_result(user, result):
        raise PermissionDenied("You may not cancel this run")
    who = _name(user)
    now = timezone.now()
    updated = JobResult.objects.filter(pk=result.pk, status__in=_CANCELLABLE_AT_ONCE).update(
        status=JobResultStatus.CANCELLED,
        sensitive_payload=None,
        cancelled_by=who,
        cancel_reason=reason,
        cancel_requested=True,
        error=f"Cancelled by {who}" + (f": {reason}" if reason else ""),
        finished=now,
    )
    if updated:
        from netjobs.jobs.queue import get_backend

        get_backend().revoke(result)
    else:
        updated = JobResult.objects.filter(pk=result.pk, status=JobResultStatus.RUNNING).update(
            cancel_requested=True, cancelled_by=who, cancel_reason=reason
        )
        if not updated:
            raise ActionError(f"Run {result.pk} has already finished ({result.get_status_display().lower()})")
    result.refresh_from_db()
    notify.send(notify.DONE, str(result.pk))
    return result


def approve(result: JobResult, user: Any) -> JobResult:
    """Release a run waiting for approval. The approver needs the approve permission and is not the requester."""
    from netjobs.jobs.queue import get_backend

    if not (user.is_authenticated and user.has_perm(APPROVE_JOB)):
        raise PermissionDenied("You need the approve permission to approve runs")
    if result.user_id is not None and result.user_id == user.pk:
        raise PermissionDenied("A run cannot be approved by the user who requested it")
    with transaction.atomic(using=BOOKKEEPING_ALIAS):
        updated = JobResult.objects.filter(pk=result.pk, status=JobResultStatus.APPROVAL_REQUIRED).update(
            status=JobResultStatus.PENDING, approved_by_id=user.pk, approved_at=timezone.now()
        )
        if not updated:
            raise ActionError(f"Run {result.pk} is not waiting for approval")
        result.refresh_from_db()
        backend = get_backend()
        transaction.on_commit(lambda: backend.dispatch(result), using=BOOKKEEPING_ALIAS)
    return result


def deny(result: JobResult, user: Any, reason: str = "") -> JobResult:
    """Refuse a run waiting for approval (it ends cancelled)."""
    if not (user.is_authenticated and user.has_perm(APPROVE_JOB)):
        raise PermissionDenied("You need the approve permission to deny runs")
    updated = JobResult.objects.filter(pk=result.pk, status=JobResultStatus.APPROVAL_REQUIRED).update(
        status=JobResultStatus.CANCELLED,
        sensitive_payload=None,
        cancelled_by=_name(user),
        cancel_reason=reason or "denied",
        error=f"Denied by {_name(user)}" + (f": {reason}" if reason else ""),
        finished=timezone.now(),
    )
    if not updated:
        raise ActionError(f"Run {result.pk} is not waiting for approval")
    result.refresh_from_db()
    return result


def rerun(result: JobResult, user: Any) -> JobResult:
    """Submit the same job again with the same input. Runs with sensitive input cannot be re-run (it is gone)."""
    from netjobs.jobs.submit import REDACTED, submit

    if result.job_definition is None:
        raise ActionError("This run's job no longer exists")
    if not can_run_job(user, result.job_definition):
        raise PermissionDenied("You may not run this job")
    if any(value == REDACTED for value in (result.task_kwargs or {}).values()):
        raise ActionError("This run had sensitive input, which is not kept; start a new run from the job's form")
    if any(isinstance(v, dict) and "file_proxy" in v for v in (result.task_kwargs or {}).values()):
        raise ActionError("This run had an uploaded file, which is not kept; start a new run from the job's form")
    if result.status not in TERMINAL_STATES:
        raise ActionError(f"Run {result.pk} has not finished yet")
    return submit(result.job_definition, result.task_kwargs, user=user, commit=result.commit, queue=result.queue)
