"""`{% job_buttons object %}` for detail pages and `{% output_files result %}` for the result page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.contenttypes.models import ContentType

from netjobs.automation.buttons import buttons_for
from netjobs.automation.records.models import OutputFile

register = template.Library()


@register.inclusion_tag("automation/buttons.html", takes_context=True)
def job_buttons(context: Any, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    groups = buttons_for(user, obj) if user is not None and user.is_authenticated else []
    return {
        "groups": groups,
        "object": obj,
        "content_type_id": ContentType.objects.get_for_model(obj, for_concrete_model=False).pk if groups else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("automation/htmx/result_files.html")
def output_files(result: Any) -> dict[str, Any]:
    files = list(OutputFile.objects.filter(job_result_id=result.pk).defer("content").order_by("name"))
    return {"result": result, "files": files}
