"""Options for the searchable ObjectVar dropdowns: `/ui/options/<app_label>.<model>/?q=&<query params>`.

The job form's JavaScript resolves `$field` references in an ObjectVar's `query_params` to the other fields'
current values and asks here for matching objects. Only lookups on the model's own fields are honoured
(`<fk>_id`, `<fk>` by id, slug or name, `<field>` by value), so a query parameter can never reach a related
model's private fields. Unknown parameters are ignored and named in the answer, as the REST API would.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse

from netjobs.jobs.permissions import can_view_objects

__all__ = ["object_options", "option_label"]

_RESERVED = frozenset({"q", "display", "limit", "offset"})
_DEFAULT_LIMIT = 50
_MAX_LIMIT = 200
_NAME_FIELDS = ("name", "slug", "model", "cid", "address", "prefix", "dns_name", "username", "description")


def option_label(obj: models.Model, display_field: str = "display") -> str:
    """How an object reads in a dropdown: its `display_field` when that is one of its fields, else str()."""
    if display_field and display_field != "display":
        try:
            field = obj._meta.get_field(display_field)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.concrete and not field.is_relation:
            value = getattr(obj, field.attname, None)
            if value not in (None, ""):
                return str(value)
    return str(obj)


def _resolve_field(model: type[models.Model], queryset: QuerySet[Any], key: str) -> tuple[models.Field, bool] | None:
    """The model field a query parameter names, and whether it was named as `<field>_id`."""
    aliases: dict[str, str] = getattr(queryset, "lookup_aliases", {}) or {}
    by_id = key.endswith("_id")
    name = key[:-3] if by_id else key
    try:
        field = model._meta.get_field(aliases.get(name, name))
    except FieldDoesNotExist:
        return None
    if not (getattr(field, "concrete", False) or field.many_to_many) or (by_id and not field.is_relation):
        return None
    return field, by_id  # type: ignore[return-value]


def _condition(field: models.Field, by_id: bool, values: list[str]) -> Q | None:
    if field.is_relation:
        ids = [v for v in values if v.isdigit()]
        if by_id or len(ids) == len(values):
            return Q(**{f"{field.name}__pk__in": ids}) if ids else Q(pk__in=[])
        related = field.related_model
        for lookup in ("slug", "name"):
            try:
                related._meta.get_field(lookup)  # type: ignore[union-attr]
            except FieldDoesNotExist:
                continue
            return Q(**{f"{field.name}__{lookup}__in": values})
        return None
    if by_id:
        return None
    if isinstance(field, models.BooleanField):
        return Q(**{field.name: values[-1].lower() in ("1", "true", "yes", "on")})
    return Q(**{f"{field.name}__in": values})


def _search(model: type[models.Model], text: str) -> Q:
    condition = Q()
    for name in _NAME_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if type(field) in (models.CharField, models.SlugField, models.TextField):
            condition |= Q(**{f"{name}__icontains": text})
    if text.isdigit():
        condition |= Q(pk=int(text))
    return condition


@login_required
def object_options(request: HttpRequest, model_label: str) -> JsonResponse:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404(f"No model {model_label}") from None
    if not can_view_objects(request.user, model):
        return JsonResponse({"error": f"You may not view {model._meta.verbose_name_plural}."}, status=403)

    queryset = model._default_manager.all()
    ignored: list[str] = []
    for key in request.GET:
        if key in _RESERVED:
            continue
        values = [v for raw in request.GET.getlist(key) for v in raw.split(",") if v != ""]
        resolved = _resolve_field(model, queryset, key)
        condition = _condition(*resolved, values) if resolved and values else None
        if condition is None:
            if not values and resolved:
                continue  # an empty `$field` reference: no filter, as in the API
            ignored.append(key)
            continue
        queryset = queryset.filter(condition)
    text = request.GET.get("q", "").strip()
    if text:
        queryset = queryset.filter(_search(model, text))
    try:
        limit = min(max(int(request.GET.get("limit", _DEFAULT_LIMIT)), 1), _MAX_LIMIT)
        offset = max(int(request.GET.get("offset", 0)), 0)
    except ValueError:
        return JsonResponse({"error": "limit and offset must be integers"}, status=400)
    display_field = request.GET.get("display", "display")
    page = list(queryset.distinct()[offset : offset + limit + 1])
    return JsonResponse(
        {
            "results": [{"id": obj.pk, "display": option_label(obj, display_field)} for obj in page[:limit]],
            "more": len(page) > limit,
            "ignored": ignored,
        }
    )
