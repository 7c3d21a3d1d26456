"""Web views of the automation app: run a job button, download a run's output file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from netjobs.automation.buttons import button_input
from netjobs.automation.models import JobButton
from netjobs.automation.records.models import OutputFile
from netjobs.jobs import permissions
from netjobs.jobs.models import JobDefinition
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.submit import JobDisabledError, JobInputError, resolve_job, submit

__all__ = ["button_run", "file_download", "file_response"]

_MAX_ID = 2**63 - 1


@login_required
@require_POST
def button_run(request: HttpRequest, pk: int, content_type_id: int, object_id: int) -> HttpResponse:
    """Run the button's job with the object as input, then show the run."""
    if max(pk, content_type_id, object_id) > _MAX_ID:
        raise Http404
    button = get_object_or_404(JobButton, pk=pk, enabled=True)
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    if not button.content_types.filter(pk=content_type.pk).exists():
        raise Http404("This button does not apply to that kind of object")
    model = content_type.model_class()
    if model is None:
        raise Http404
    if not permissions.can_view_objects(request.user, model):
        raise PermissionDenied
    obj = get_object_or_404(model._default_manager.all(), pk=object_id)
    definition = JobDefinition.objects.filter(class_path=button.job_class_path).first()
    if definition is None or not permissions.can_run_job(request.user, definition):
        raise PermissionDenied("You may not run this job")
    back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
    try:
        _, job_class = resolve_job(definition)
        data = button_input(job_class, obj)
        if data is None:
            messages.error(request, f"{definition.name} takes no {content_type.name} as input.")
            return redirect(back)
        result = submit(definition, data, user=request.user, scheduled_by=f"button {button.name}"[:150])
    except (JobInputError, JobDisabledError, JobNotFoundError) as exc:
        messages.error(request, f"{definition.name} could not start: {exc}")
        return redirect(back)
    return redirect("web:result", result.pk)


def file_response(output: OutputFile) -> HttpResponse:
    """The file as an attachment (never shown inline: a job's HTML must not run in our origin)."""
    response = HttpResponse(bytes(output.content), content_type=output.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{output.name}"'
    response["Content-Length"] = str(output.size)
    return response


@login_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    if max(pk, file_id) > _MAX_ID:
        raise Http404
    result = permissions.visible_results(request.user).filter(pk=pk).first()
    if result is None or not permissions.can_view_result(request.user, result):
        raise Http404("No such run")
    output = get_object_or_404(OutputFile, pk=file_id, job_result_id=result.pk)
    return file_response(output)
