"""Which API endpoint serves which model: for object URLs, nested representations and ObjectVar option lists."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

__all__ = ["api_list_url", "object_url", "register"]

# model label ("dcim.device") -> [(namespace, basename)], first registered first
_endpoints: dict[str, list[tuple[str, str]]] = {}


def _label(model: type[models.Model] | models.Model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register(model: type[models.Model], namespace: str, basename: str) -> None:
    entries = _endpoints.setdefault(_label(model), [])
    if (namespace, basename) not in entries:
        entries.append((namespace, basename))


def _endpoint(model: type[models.Model] | models.Model, request: Any = None) -> tuple[str, str] | None:
    entries = _endpoints.get(_label(model))
    if not entries:
        return None
    current = getattr(getattr(request, "resolver_match", None), "namespace", "") if request is not None else ""
    for namespace, basename in entries:
        if f"api:{namespace}" == current:
            return namespace, basename
    return entries[0]


def _absolute(request: Any, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def object_url(obj: models.Model, request: Any = None) -> str | None:
    """The API URL of `obj`, preferring the namespace of the current request (extras vs netjobs' own)."""
    endpoint = _endpoint(obj, request)
    if endpoint is None or obj.pk is None:
        return None
    try:
        return _absolute(request, reverse(f"api:{endpoint[0]}:{endpoint[1]}-detail", args=[obj.pk]))
    except NoReverseMatch:
        return None


def api_list_url(model: type[models.Model], request: Any = None) -> str | None:
    """The list endpoint of `model` (what an ObjectVar's options are fetched from), or None."""
    endpoint = _endpoint(model, request)
    if endpoint is None:
        return None
    try:
        return _absolute(request, reverse(f"api:{endpoint[0]}:{endpoint[1]}-list"))
    except NoReverseMatch:
        return None
