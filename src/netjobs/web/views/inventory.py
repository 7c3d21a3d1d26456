"""Inventory pages for every inventory model, from one set of generic views driven by model metadata.

A list page has search and field filters; a detail page shows the object's fields, its related objects, its
change log (`core.ObjectChange`) and the job runs and log lines that touched it (`JobLogEntry.object_*`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from netjobs.core.models import ObjectChange
from netjobs.jobs import permissions
from netjobs.jobs.models import JobLogEntry
from netjobs.web.inventory import InventoryModel, filter_queryset, get_inventory_model, inventory_models

__all__ = ["inventory_index", "object_detail", "object_list"]

OBJECTS_PER_PAGE = 50
_FILTER_CHOICES_LIMIT = 300
_HISTORY_LIMIT = 50
_TOUCHED_LIMIT = 25


def _inventory_model(request: HttpRequest, app_label: str, model_name: str) -> InventoryModel:
    item = get_inventory_model(app_label, model_name)
    if item is None:
        raise Http404("No such inventory model")
    if not permissions.can_view_objects(request.user, item.model):
        raise PermissionDenied(f"You may not view {item.verbose_name_plural}")
    return item


@login_required
def inventory_index(request: HttpRequest) -> HttpResponse:
    """Every inventory model the user may view, grouped by app, with how many objects each has."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in inventory_models():
        if permissions.can_view_objects(request.user, item.model):
            groups.setdefault(item.app_verbose_name, []).append(
                {"item": item, "count": item.model._default_manager.count()}
            )
    return render(request, "web/inventory.html", {"groups": groups})


def _filter_widgets(item: InventoryModel, applied: dict[str, str]) -> list[dict[str, Any]]:
    """The list page's filter selects: related objects, choices or yes/no for each filterable field."""
    widgets = []
    for field in item.filter_fields():
        if isinstance(field, models.ForeignKey):
            related = field.related_model._default_manager.all()[:_FILTER_CHOICES_LIMIT]
            choices = [(str(obj.pk), str(obj)) for obj in related]
            if field.null:
                choices.insert(0, ("null", "(none)"))
        elif isinstance(field, models.BooleanField):
            choices = [("true", "Yes"), ("false", "No")]
        else:
            choices = [(str(value), str(label)) for value, label in field.flatchoices]
        label = str(field.verbose_name)
        widgets.append(
            {
                "name": field.name,
                "label": label[:1].upper() + label[1:],
                "choices": choices,
                "value": applied.get(field.name, ""),
            }
        )
    return widgets


@login_required
def object_list(request: HttpRequest, app_label: str, model_name: str) -> HttpResponse:
    item = _inventory_model(request, app_label, model_name)
    queryset, applied = filter_queryset(item, item.queryset(), request.GET)
    page = Paginator(queryset, OBJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "item": item,
        "columns": item.columns(),
        "page": page,
        "query": request.GET.get("q", ""),
        "filters": _filter_widgets(item, applied),
        "applied": applied,
    }
    if request.htmx and request.htmx.target == "object-table":
        return render(request, "web/htmx/object_table.html", context)
    return render(request, "web/inventory_list.html", context)


def _attributes(obj: models.Model) -> list[tuple[models.Field, Any]]:
    fields: list[Any] = [
        f for f in obj._meta.concrete_fields if not f.primary_key and f.name not in ("created", "last_updated")
    ]
    fields += list(obj._meta.many_to_many)
    return [(field, obj) for field in fields]


def _related(item: InventoryModel, obj: models.Model) -> list[dict[str, Any]]:
    related = []
    for rel, target in item.related_lists():
        count = rel.related_model._default_manager.filter(**{rel.field.name: obj.pk}).count()
        related.append(
            {
                "label": target.verbose_name_plural[:1].upper() + target.verbose_name_plural[1:],
                "count": count,
                "url": f"{target.list_url()}?{rel.field.name}={obj.pk}",
            }
        )
    return related


def _touched_by_jobs(request: HttpRequest, content_type: ContentType, pk: Any) -> dict[str, Any]:
    """The latest log lines about this object, and the runs they belong to, among runs the user may see."""
    visible = permissions.visible_results(request.user)
    entries = list(
        JobLogEntry.objects.filter(object_type_id=content_type.pk, object_id=str(pk), job_result__in=visible)
        .order_by("-id")
        .only("pk", "job_result_id", "created", "log_level", "grouping", "message")[:_TOUCHED_LIMIT]
    )
    runs = visible.filter(pk__in={e.job_result_id for e in entries}).only(
        "pk", "name", "status", "created", "commit", "user_name"
    )
    return {"entries": entries, "runs": sorted(runs, key=lambda r: -r.pk)}


@login_required
def object_detail(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    item = _inventory_model(request, app_label, model_name)
    obj = get_object_or_404(item.queryset(), pk=pk)
    content_type = ContentType.objects.get_for_model(item.model)
    history = ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=str(obj.pk))
    context = {
        "item": item,
        "object": obj,
        "attributes": _attributes(obj),
        "related": _related(item, obj),
        "history": list(history[:_HISTORY_LIMIT]),
        "history_count": history.count(),
        "touched": _touched_by_jobs(request, content_type, obj.pk),
    }
    return render(request, "web/inventory_detail.html", context)
