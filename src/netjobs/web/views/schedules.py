"""Scheduled jobs: the list (what runs when, as whom, how its last run went), and scheduling from a job's form."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from netjobs.jobs import permissions
from netjobs.jobs.base import Job
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.submit import input_errors
from netjobs.web.forms import ScheduleForm

__all__ = ["schedule_form", "schedule_list", "schedule_run", "schedule_toggle", "scheduling_installed"]


def scheduling_installed() -> bool:
    return apps.is_installed("netjobs.scheduling")


def schedule_form(request: HttpRequest, definition: JobDefinition) -> ScheduleForm | None:
    """The "when" part of a job's form, for users who may schedule the job; None otherwise."""
    if not scheduling_installed() or not permissions.can_schedule_job(request.user, definition):
        return None
    from netjobs.scheduling.choices import IntervalType

    data = request.POST if request.method == "POST" else None
    return ScheduleForm(data, interval_choices=list(IntervalType.choices))


def schedule_run(
    request: HttpRequest,
    definition: JobDefinition,
    job_class: type[Job],
    form: ScheduleForm,
    data: dict[str, Any],
    commit: bool,
) -> tuple[Any, dict[str, list[str]]]:
    """Create the schedule the form asks for. Returns (schedule, {}) or (None, errors by variable or field).

    The input is checked through the job's form first, so its errors show next to the job's own fields;
    `create_schedule` then checks the timing, keyed by its fields (`crontab`, `start_time`…).
    """
    from netjobs.scheduling.schedules import create_schedule

    # `data` names every variable (read through the widgets), so no default is filled in behind the user's back.
    errors = input_errors(job_class, data)
    if request.FILES:
        errors.setdefault("__all__", []).append("Uploaded files are not kept: a run needing one cannot be scheduled.")
    if errors:
        return None, errors
    cleaned = form.cleaned_data
    try:
        schedule = create_schedule(
            definition,
            interval_type=cleaned["when"],
            start_time=cleaned["start_time"],
            interval_minutes=cleaned["interval_minutes"],
            crontab=cleaned["crontab"] or "",
            data=data,
            user=request.user,
            commit=commit,
            name=cleaned["name"] or "",
        )
    except ValidationError as exc:
        fields = {"interval_type": "when"}  # the model's field names → the form's
        return None, {f"schedule-{fields.get(key, key)}": list(msgs) for key, msgs in exc.message_dict.items()}
    return schedule, {}


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    if not scheduling_installed():
        raise Http404("Scheduling is not installed")
    if not permissions.can_view_schedules(request.user):
        raise PermissionDenied("You may not view schedules")
    from netjobs.scheduling.models import ScheduledJob
    from netjobs.scheduling.scheduler import describe_next

    schedules = list(ScheduledJob.objects.select_related("job").order_by("-enabled", "next_run", "name"))
    last = JobResult.objects.in_bulk([s.last_result_id for s in schedules if s.last_result_id])
    rows = [
        {
            "schedule": schedule,
            "timing": schedule.describe(),
            "next": describe_next(schedule),
            "last": last.get(schedule.last_result_id) if schedule.last_result_id else None,
        }
        for schedule in schedules
    ]
    context = {"rows": rows, "can_change": permissions.can_change_schedules(request.user)}
    return render(request, "web/schedules.html", context)


@require_POST
@login_required
def schedule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Enable or disable a schedule (enabling lays its next run from now: missed runs are not caught up)."""
    if not scheduling_installed() or not permissions.can_change_schedules(request.user):
        raise PermissionDenied("You may not change schedules")
    from netjobs.scheduling.models import ScheduledJob
    from netjobs.scheduling.schedules import set_enabled

    schedule = get_object_or_404(ScheduledJob, pk=pk)
    set_enabled(schedule, request.POST.get("enabled") == "true")
    messages.success(request, f"Schedule “{schedule.name}” is {'enabled' if schedule.enabled else 'disabled'}.")
    return redirect("web:schedule-list")
