"""The inventory as the UI sees it: which models have pages, and what their list and detail pages show.

One set of generic views and templates serves every inventory model; everything they need is read from the
model's metadata here (columns, search fields, filters, related lists). A model gets nicer defaults by naming
its columns in `LIST_COLUMNS`; nothing in the inventory apps has to know about the UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse

__all__ = [
    "INVENTORY_APPS",
    "InventoryModel",
    "filter_queryset",
    "get_inventory_model",
    "inventory_models",
    "inventory_url",
    "object_url",
]

#: App labels whose models are inventory, in menu order; `core` contributes statuses and tags.
INVENTORY_APPS = ("dcim", "ipam", "circuits", "tenancy", "core")
_CORE_MODELS = {"status", "tag"}

#: Preferred list columns per model (`app_label.model_name`); other models get columns from their fields.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "dcim.device": ("status", "role", "device_type", "location", "tenant", "primary_ip4"),
    "dcim.devicetype": ("model", "manufacturer", "part_number", "u_height"),
    "dcim.location": ("location_type", "parent", "status", "tenant", "facility"),
    "dcim.interface": ("name", "device", "type", "enabled", "mgmt_only"),
    "ipam.prefix": ("prefix", "status", "type", "location", "tenant", "description"),
    "ipam.ipaddress": ("address", "status", "role", "dns_name", "tenant", "description"),
    "circuits.circuit": ("cid", "provider", "circuit_type", "status", "tenant", "commit_rate_kbps"),
}
_MAX_DEFAULT_COLUMNS = 6
_SEARCH_FIELD_TYPES = (models.CharField, models.TextField)
_SKIPPED_FIELDS = {"id", "created", "last_updated", "comments", "_path"}


@dataclass(frozen=True)
class InventoryModel:
    """A model with inventory pages, and the metadata those pages are built from."""

    model: type[models.Model]

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def model_name(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.model_name}"

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def app_verbose_name(self) -> str:
        return str(apps.get_app_config(self.app_label).verbose_name)

    def list_url(self) -> str:
        return reverse("web:inventory-list", args=[self.app_label, self.model_name])

    def detail_url(self, pk: Any) -> str:
        return reverse("web:inventory-detail", args=[self.app_label, self.model_name, pk])

    # --- list pages ------------------------------------------------------------------------------------------
    def columns(self) -> list[models.Field]:
        """The fields shown as columns of the list page (the object itself is always the first column)."""
        meta = self.model._meta
        names = LIST_COLUMNS.get(self.label)
        if names:
            return [meta.get_field(name) for name in names if _has_field(self.model, name)]  # type: ignore[misc]
        columns = []
        for field in meta.concrete_fields:
            if field.name in (*_SKIPPED_FIELDS, "name") or field.primary_key or isinstance(field, models.JSONField):
                continue
            if isinstance(field, models.TextField) and field.name != "description":
                continue
            columns.append(field)
        return columns[:_MAX_DEFAULT_COLUMNS]

    def search_fields(self) -> list[str]:
        """Text fields searched by the list page's `q` (plain CharField/TextField only: no custom types)."""
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if type(field) in (*_SEARCH_FIELD_TYPES, models.SlugField) and field.name not in _SKIPPED_FIELDS
        ]

    def filter_fields(self) -> list[models.Field]:
        """Fields offered as filters: foreign keys, fields with choices and booleans."""
        fields: list[models.Field] = []
        for field in self.model._meta.concrete_fields:
            if field.name in _SKIPPED_FIELDS or isinstance(field, models.OneToOneField):
                continue
            if isinstance(field, models.ForeignKey) or field.choices or isinstance(field, models.BooleanField):
                fields.append(field)
        return fields

    def related_lists(self) -> list[tuple[models.ForeignObjectRel, InventoryModel]]:
        """Reverse foreign keys from other inventory models (a device's interfaces, a site's devices)."""
        related = []
        for rel in self.model._meta.related_objects:
            if rel.one_to_many and not rel.field.many_to_many:
                target = get_inventory_model(rel.related_model._meta.app_label, rel.related_model._meta.model_name)
                if target is not None:
                    related.append((rel, target))
        return related

    def queryset(self) -> QuerySet[Any]:
        foreign_keys = [c.name for c in self.columns() if isinstance(c, models.ForeignKey)]
        return self.model._default_manager.select_related(*foreign_keys)


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


@cache
def inventory_models() -> tuple[InventoryModel, ...]:
    """Every inventory model, by app then by verbose name. Proxy models (Site, Region…) share their base's pages."""
    found = []
    for label in INVENTORY_APPS:
        if not apps.is_installed(f"netjobs.{label}"):
            continue
        for model in apps.get_app_config(label).get_models():
            meta = model._meta
            if meta.proxy or meta.abstract or (label == "core" and meta.model_name not in _CORE_MODELS):
                continue
            found.append(InventoryModel(model))
    order = {label: i for i, label in enumerate(INVENTORY_APPS)}
    return tuple(sorted(found, key=lambda m: (order[m.app_label], m.verbose_name_plural.lower())))


def get_inventory_model(app_label: str, model_name: str | None) -> InventoryModel | None:
    for item in inventory_models():
        if item.app_label == app_label and item.model_name == model_name:
            return item
    return None


def inventory_url(model: type[models.Model], pk: Any) -> str:
    """The inventory page of an object of `model` (its concrete model for proxies), or ""."""
    concrete = model._meta.concrete_model or model
    item = get_inventory_model(concrete._meta.app_label, concrete._meta.model_name)
    return item.detail_url(pk) if item is not None else ""


def object_url(obj: Any) -> str:
    """Where a link to `obj` goes: its inventory page when it has one, else its own URL."""
    if isinstance(obj, models.Model):
        url = inventory_url(type(obj), obj.pk)
        if url:
            return url
    getter = getattr(obj, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:
        return ""


def filter_queryset(item: InventoryModel, queryset: QuerySet[Any], params: Any) -> tuple[QuerySet[Any], dict]:
    """Apply the list page's search (`q`) and field filters from `params`. Returns the queryset and the
    filters that were applied (field name → value), ignoring parameters that name no filterable field."""
    applied: dict[str, str] = {}
    query = (params.get("q") or "").strip()
    if query:
        condition = Q()
        for name in item.search_fields():
            condition |= Q(**{f"{name}__icontains": query})
        if query.isdigit():
            condition |= Q(pk=int(query))
        queryset = queryset.filter(condition)
    for field in item.filter_fields():
        value = (params.get(field.name) or "").strip()
        if not value:
            continue
        if isinstance(field, models.ForeignKey):
            if value == "null" and field.null:
                queryset = queryset.filter(**{f"{field.name}__isnull": True})
            elif value.isdigit():
                queryset = queryset.filter(**{field.attname: int(value)})
            else:
                continue
        elif isinstance(field, models.BooleanField):
            if value not in ("true", "false"):
                continue
            queryset = queryset.filter(**{field.name: value == "true"})
        else:
            queryset = queryset.filter(**{field.name: value})
        applied[field.name] = value
    return queryset, applied
