"""Live workers: name, backend, queues, the run each is busy with, and how fresh its heartbeat is."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from netjobs.jobs import permissions
from netjobs.jobs.models import JobResult, Worker

__all__ = ["worker_list"]


@login_required
def worker_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_workers(request.user):
        raise PermissionDenied("You may not view workers")
    workers = list(Worker.objects.order_by("name"))
    current = JobResult.objects.in_bulk([w.current_result_id for w in workers if w.current_result_id])
    stale_after = timezone.now() - timedelta(seconds=settings.NETJOBS_WORKER_TIMEOUT)
    rows = []
    for worker in workers:
        run = current.get(worker.current_result_id)
        rows.append(
            {
                "worker": worker,
                "run": run,
                "run_visible": run is not None and permissions.can_view_result(request.user, run),
                "stale": worker.last_heartbeat < stale_after,
            }
        )
    return render(request, "web/workers.html", {"rows": rows, "timeout": settings.NETJOBS_WORKER_TIMEOUT})
