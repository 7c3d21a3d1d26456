"""Results: the list (filters, bulk delete), a run's page, its output download and the run actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from netjobs.jobs import actions, permissions
from netjobs.jobs.choices import ACTIVE_STATES, LogLevel
from netjobs.jobs.models import JobLock, JobLogEntry, JobResult
from netjobs.jobs.registry import JobNotFoundError, get_job_class
from netjobs.jobs.submit import REDACTED
from netjobs.jobs.variables import FileVar, MultiObjectVar, ObjectVar
from netjobs.web.forms import ResultFilterForm
from netjobs.web.inventory import object_url
from netjobs.web.output import describe_output
from netjobs.web.views.jobs import job_url
from netjobs.web.views.logs import log_context, visible_result
from netjobs.web.views.options import option_label

__all__ = [
    "result_approve",
    "result_bulk_delete",
    "result_cancel",
    "result_detail",
    "result_list",
    "result_output",
    "result_rerun",
    "result_retention",
    "result_summary",
]

RESULTS_PER_PAGE = 50


@dataclass
class InputValue:
    label: str
    name: str
    value: Any
    links: list[tuple[str, str]]  # (text, url) for objects
    redacted: bool = False


def _input_values(result: JobResult) -> list[InputValue]:
    """The run's input with labels, and objects shown by name with links when the job can still be loaded."""
    stored = result.task_kwargs or {}
    try:
        job_class = get_job_class(result.job_class_path)
        variables = job_class.variables
    except JobNotFoundError:
        variables = {}
    values = []
    for name, value in stored.items():
        var = variables.get(name)
        label = var.display_label if var else name
        item = InputValue(label, name, value, [], redacted=value == REDACTED)
        if isinstance(var, ObjectVar) and value not in (None, "", []) and not item.redacted:
            pks = value if isinstance(var, MultiObjectVar) else [value]
            objects = var.model._default_manager.filter(pk__in=[pk for pk in pks if pk is not None])
            item.links = [(option_label(obj, var.display_field), object_url(obj)) for obj in objects[:50]]
        elif isinstance(var, FileVar) and isinstance(value, dict):
            item.value = value.get("name", "uploaded file")
        values.append(item)
    return values


def _group_summary(result: JobResult) -> list[dict[str, Any]]:
    """Lines per level for each method (run, test_*, post_run), in the order the methods ran."""
    rows = (
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .values("grouping", "log_level")
        .annotate(n=Count("id"), first=Min("id"))
    )
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(row["grouping"], {"name": row["grouping"], "first": row["first"], "counts": {}})
        group["first"] = min(group["first"], row["first"])
        group["counts"][row["log_level"]] = row["n"]
    ordered = sorted(groups.values(), key=lambda g: g["first"])
    for group in ordered:
        group["levels"] = [(level, group["counts"].get(level, 0)) for level in LogLevel.values]
    return ordered


def _summary_context(request: HttpRequest, result: JobResult) -> dict[str, Any]:
    user = request.user
    definition = result.job_definition
    return {
        "result": result,
        "definition": definition,
        "job_url": job_url(definition) if definition else "",
        "output": describe_output(result.result),
        "inputs": _input_values(result),
        "groups": _group_summary(result),
        "levels": LogLevel.choices,
        "locks": list(JobLock.objects.filter(job_result_id=result.pk)),
        "can_cancel": not result.is_finished and permissions.can_cancel_result(user, result),
        "can_rerun": result.is_finished and definition is not None and permissions.can_run_job(user, definition),
        "can_approve": result.status == "approval_required" and permissions.can_approve_result(user, result),
        "can_delete": result.is_finished and permissions.can_delete_result(user, result),
    }


@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = visible_result(request, pk)
    context = _summary_context(request, result)
    context.update(log=log_context(request, result))
    return render(request, "web/result.html", context)


@login_required
def result_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything on the result page but the log (htmx: refreshed when the run finishes)."""
    result = visible_result(request, pk)
    return render(request, "web/htmx/result_summary.html", _summary_context(request, result))


@login_required
def result_output(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The return value as a file: `output.csv`, `output.json` or `output.txt`."""
    result = visible_result(request, pk)
    output = describe_output(result.result)
    if output.kind == "none" or fmt != output.extension:
        raise Http404("This run has no output in that format")
    response = HttpResponse(output.text, content_type=f"{output.content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="result-{result.pk}.{output.extension}"'
    return response


@require_POST
@login_required
def result_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    result = visible_result(request, pk)
    try:
        actions.cancel(result, request.user, reason=request.POST.get("reason", "").strip()[:500])
    except actions.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Run #{result.pk} was cancelled.")
    return redirect("web:result", pk=result.pk)


@require_POST
@login_required
def result_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the job again with the same input; input that was not kept is asked for on the job's form."""
    result = visible_result(request, pk)
    try:
        new = actions.rerun(result, request.user)
    except actions.ActionError as exc:
        if result.job_definition is not None and result.is_finished:
            messages.info(request, str(exc))
            return redirect(f"{job_url(result.job_definition)}?from={result.pk}")
        messages.error(request, str(exc))
        return redirect("web:result", pk=result.pk)
    messages.success(request, f"Run #{result.pk} was started again as run #{new.pk}.")
    return redirect("web:result", pk=new.pk)


@require_POST
@login_required
def result_approve(request: HttpRequest, pk: int) -> HttpResponse:
    result = visible_result(request, pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            actions.approve(result, request.user)
            messages.success(request, f"Run #{result.pk} was approved and queued.")
        elif decision == "deny":
            actions.deny(result, request.user, reason=request.POST.get("reason", "").strip()[:500])
            messages.success(request, f"Run #{result.pk} was denied.")
        else:
            messages.error(request, "Choose approve or deny.")
    except actions.ActionError as exc:
        messages.error(request, str(exc))
    return redirect("web:result", pk=result.pk)


def _filtered_results(request: HttpRequest) -> tuple[Any, ResultFilterForm]:
    user = request.user
    results = permissions.visible_results(user)
    jobs = list(permissions.visible_job_definitions(user).order_by("name").values_list("pk", "name"))
    users = list(
        results.exclude(user_name="").order_by("user_name").values_list("user_name", flat=True).distinct()[:200]
    )
    form = ResultFilterForm(request.GET or None, jobs=jobs, users=users)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["job"]:
            results = results.filter(job_definition_id=data["job"])
        if data["status"]:
            results = results.filter(status=data["status"])
        if data["user"]:
            results = results.filter(user_name=data["user"])
        if data["since"]:
            results = results.filter(created__date__gte=data["since"])
        if data["until"]:
            results = results.filter(created__date__lte=data["until"])
    return results.order_by("-created", "-id"), form


def _retention() -> dict[str, Any] | None:
    """The result-retention setting (days, and minutes between clean-ups), when scheduling is installed."""
    if not apps.is_installed("netjobs.scheduling"):
        return None
    from netjobs.scheduling.runtime import RESULT_RETENTION_DAYS, RESULT_RETENTION_INTERVAL

    return {"days": RESULT_RETENTION_DAYS.get(), "interval": RESULT_RETENTION_INTERVAL.get()}


@login_required
def result_list(request: HttpRequest) -> HttpResponse:
    results, form = _filtered_results(request)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_delete": permissions.can_delete_results(request.user),
        "query": request.GET.urlencode(),
        "retention": _retention(),
        "can_change_retention": permissions.can_change_retention(request.user),
    }
    if request.htmx and request.htmx.target == "results-table":
        return render(request, "web/htmx/result_table.html", context)
    return render(request, "web/results.html", context)


@require_POST
@login_required
def result_bulk_delete(request: HttpRequest) -> HttpResponse:
    """Delete the chosen results after a confirmation page. Active runs and runs the user may not delete stay."""
    ids = [int(pk) for pk in request.POST.getlist("pk") if pk.isdigit()]
    chosen = list(permissions.visible_results(request.user).filter(pk__in=ids))
    deletable = [r for r in chosen if r.status not in ACTIVE_STATES and permissions.can_delete_result(request.user, r)]
    if chosen and not deletable:
        raise PermissionDenied("You may not delete these results")
    return_url = request.POST.get("return_url", "")
    if not url_has_allowed_host_and_scheme(return_url, allowed_hosts={request.get_host()}):
        return_url = ""
    return_url = return_url or reverse("web:result-list")
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "web/result_delete.html",
            {"results": deletable, "kept": [r for r in chosen if r not in deletable], "return_url": return_url},
        )
    deleted = JobResult.objects.filter(pk__in=[r.pk for r in deletable]).delete()[1].get("jobs.JobResult", 0)
    messages.success(request, f"Deleted {deleted} result{'s' if deleted != 1 else ''}.")
    skipped = len(chosen) - len(deletable)
    if skipped:
        messages.warning(request, f"Kept {skipped} result{'s' if skipped != 1 else ''} that are still active.")
    return redirect(return_url)


@require_POST
@login_required
def result_retention(request: HttpRequest) -> HttpResponse:
    """Change how many days finished results are kept (the result-retention system job deletes older ones)."""
    if not apps.is_installed("netjobs.scheduling") or not permissions.can_change_retention(request.user):
        raise PermissionDenied("You may not change the retention of results")
    from netjobs.scheduling.runtime import RESULT_RETENTION_DAYS

    try:
        days = RESULT_RETENTION_DAYS.set(request.POST.get("days", "").strip())
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Finished results are now kept for {days} days.")
    return redirect("web:result-list")
