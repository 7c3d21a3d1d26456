"""The jobs list and a job's page (its input form; submitting it queues a run)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from netjobs.jobs import permissions
from netjobs.jobs.base import Job
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.registry import JobNotFoundError, get_job_class
from netjobs.jobs.submit import JobDisabledError, JobInputError, submit
from netjobs.web.forms import (
    COMMIT_FIELD,
    ScheduleForm,
    initial_from_result,
    job_form,
    job_form_fields,
    posted_input,
)
from netjobs.web.views.schedules import schedule_form, schedule_run

__all__ = ["job_list", "job_run", "job_url"]

_RECENT_RUNS = 6
_REQUEST_META_KEYS = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT")


def job_url(definition: JobDefinition) -> str:
    source, module, job_class = definition.class_path.split("/", 2)
    return reverse("web:job", args=[source, module, job_class])


def _latest_results(user: Any, definitions: list[JobDefinition]) -> dict[int, JobResult]:
    """The latest run of each job that the user may see (one grouped query, one fetch)."""
    latest_ids = (
        permissions.visible_results(user)
        .filter(job_definition__in=[d.pk for d in definitions])
        .values("job_definition")
        .annotate(latest=Max("pk"))
        .values_list("latest", flat=True)
    )
    results = JobResult.objects.filter(pk__in=list(latest_ids)).only(
        "pk", "job_definition", "status", "created", "finished", "user_name"
    )
    return {r.job_definition_id: r for r in results if r.job_definition_id is not None}


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """Jobs grouped by their module's `name`, each with its latest run; modules that fail to import."""
    user = request.user
    definitions = permissions.visible_job_definitions(user).filter(installed=True, hidden=False)
    query = request.GET.get("q", "").strip()
    if query:
        definitions = definitions.filter(
            Q(name__icontains=query) | Q(description__icontains=query) | Q(grouping__icontains=query)
        )
    definitions = list(definitions.order_by("grouping", "name"))
    latest = _latest_results(user, definitions)
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for definition in definitions:
        groups.setdefault(definition.grouping, []).append(
            {
                "definition": definition,
                "url": job_url(definition),
                "last": latest.get(definition.pk),
                "can_run": definition.runnable and permissions.can_run_job(user, definition),
            }
        )
    broken = permissions.visible_job_modules(user).exclude(import_error="")
    context = {"groups": groups, "broken_modules": list(broken), "query": query, "total": len(definitions)}
    template = "web/htmx/job_groups.html" if request.htmx and request.htmx.target == "job-groups" else "web/jobs.html"
    return render(request, template, context)


def _definition_or_404(request: HttpRequest, source: str, module: str, job_class: str) -> JobDefinition:
    class_path = f"{source}/{module}/{job_class}"
    return get_object_or_404(permissions.visible_job_definitions(request.user), class_path=class_path)


def _request_meta(request: HttpRequest) -> dict[str, str]:
    return {key: str(request.META[key]) for key in _REQUEST_META_KEYS if key in request.META}


@login_required
def job_run(request: HttpRequest, source: str, module: str, job_class: str) -> HttpResponse:
    """GET: the job's form. POST: submit a run through `submit()` and go to its result page."""
    definition = _definition_or_404(request, source, module, job_class)
    can_run = permissions.can_run_job(request.user, definition)
    try:
        klass: type[Job] | None = get_job_class(definition.class_path)
        load_error = ""
    except JobNotFoundError as exc:
        klass, load_error = None, exc.import_error or str(exc)

    errors: dict[str, list[str]] = {}
    initial: dict[str, Any] = {}
    commit = definition.commit_default
    schedule = schedule_form(request, definition)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied("You may not run this job")
        if klass is None:
            messages.error(request, f"The job cannot be loaded: {load_error.strip().splitlines()[-1]}")
            return redirect(job_url(definition))
        form = job_form(klass, request.POST, request.FILES)
        commit = COMMIT_FIELD in request.POST
        data = posted_input(form, request.POST, request.FILES)
        when = schedule.cleaned_data["when"] if schedule is not None and schedule.is_valid() else "now"
        if when != "now":
            created, errors = schedule_run(request, definition, klass, schedule, data, commit)
            if created is not None:
                messages.success(request, f"Scheduled “{created.name}”: {created.describe()}.")
                return redirect("web:schedule-list")
            messages.error(request, "The job was not scheduled: please correct the errors below.")
            return _render_job(request, definition, klass, load_error, form, errors, commit, schedule)
        try:
            result = submit(
                definition,
                data,
                # A plain dict: submit() copies `files` with dict(), which turns a MultiValueDict into lists.
                files=request.FILES.dict(),
                user=request.user,
                commit=commit,
                request_meta=_request_meta(request),
            )
        except JobInputError as exc:
            errors = exc.errors
            messages.error(request, "The job was not started: please correct the errors below.")
        except (JobDisabledError, JobNotFoundError) as exc:
            messages.error(request, str(exc))
        else:
            return redirect("web:result", pk=result.pk)
    else:
        form = None
        rerun_of = request.GET.get("from", "")
        if klass is not None and rerun_of.isdigit():
            previous = permissions.visible_results(request.user).filter(pk=int(rerun_of), job_definition=definition)
            previous_result = previous.first()
            if previous_result is not None:
                initial, missing = initial_from_result(klass, previous_result.task_kwargs or {})
                commit = previous_result.commit
                if missing:
                    messages.info(
                        request,
                        f"The input of run #{previous_result.pk} is filled in, except {', '.join(missing)}: "
                        "sensitive values and uploaded files are not kept, so enter them again.",
                    )

    if klass is not None and form is None:
        form = job_form(klass, initial=initial)
    return _render_job(request, definition, klass, load_error, form, errors, commit, schedule)


def _render_job(
    request: HttpRequest,
    definition: JobDefinition,
    klass: type[Job] | None,
    load_error: str,
    form: Any,
    errors: dict[str, list[str]],
    commit: bool,
    schedule: ScheduleForm | None,
) -> HttpResponse:
    can_run = permissions.can_run_job(request.user, definition)
    fields = job_form_fields(form, errors) if form is not None else []
    schedule_fields = job_form_fields(schedule, errors) if schedule is not None else []
    known = {*(form.fields if form else ()), *(f"schedule-{name}" for name in (schedule.fields if schedule else ()))}
    unknown_errors = [
        " ".join(msgs) if name in ("__all__", "schedule-job", "schedule-data") else f"{name}: {' '.join(msgs)}"
        for name, msgs in errors.items()
        if name not in known
    ]
    recent = (
        permissions.visible_results(request.user)
        .filter(job_definition=definition)
        .only("pk", "status", "created", "user_name", "commit")[:_RECENT_RUNS]
    )
    context = {
        "definition": definition,
        "job_class": klass,
        "meta": klass.meta if klass else None,
        "load_error": load_error,
        "form": form,
        "fields": fields,
        "non_field_errors": unknown_errors,
        "commit": commit,
        "commit_field": COMMIT_FIELD,
        "can_run": can_run and definition.runnable and klass is not None,
        "recent": list(recent),
        "has_files": any(row.bound.field.widget.needs_multipart_form for row in fields),
        "schedule_fields": {row.bound.name: row for row in schedule_fields},
    }
    return render(request, "web/job.html", context, status=400 if errors else 200)
