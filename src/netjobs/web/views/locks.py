"""Named job locks: who holds which lock since when, and clearing one by hand (after a confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from netjobs.jobs import locks, permissions
from netjobs.jobs.models import JobLock, JobResult

__all__ = ["lock_clear", "lock_list"]


@login_required
def lock_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_locks(request.user):
        raise PermissionDenied("You may not view job locks")
    held = list(JobLock.objects.order_by("name"))
    holders = JobResult.objects.in_bulk([lock.job_result_id for lock in held])
    rows = []
    for lock in held:
        holder = holders.get(lock.job_result_id)
        rows.append(
            {
                "lock": lock,
                "holder": holder,
                "holder_visible": holder is not None and permissions.can_view_result(request.user, holder),
            }
        )
    context = {"rows": rows, "can_clear": permissions.can_clear_locks(request.user)}
    return render(request, "web/locks.html", context)


@login_required
def lock_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask for confirmation. POST: remove the lock (its holder, if still running, keeps running)."""
    if not permissions.can_clear_locks(request.user):
        raise PermissionDenied("You may not clear job locks")
    lock = JobLock.objects.filter(pk=pk).first()
    if lock is None:
        if request.method == "POST":
            messages.info(request, "That lock was already released.")
            return redirect("web:lock-list")
        raise Http404("No such lock")
    holder = JobResult.objects.filter(pk=lock.job_result_id).first()
    if request.method == "POST":
        if locks.clear(lock.name):
            messages.success(request, f"Lock {lock.name} was cleared.")
        else:
            messages.info(request, f"Lock {lock.name} was already released.")
        return redirect("web:lock-list")
    return render(request, "web/lock_clear.html", {"lock": lock, "holder": holder})
