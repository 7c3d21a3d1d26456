"""Admin for the shared models (Status, Tag, the read-only change log) and the base of the inventory admins."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html

from netjobs.core.models import ObjectChange, Status, Tag

__all__ = ["InventoryAdmin", "ObjectChangeAdmin", "StatusAdmin", "TagAdmin", "color_swatch"]


def color_swatch(color: str) -> str:
    """A small coloured square followed by the hex code, for list displays."""
    return format_html(
        '<span style="display:inline-block;width:1em;height:1em;background:#{};vertical-align:middle"></span> {}',
        color,
        color,
    )


class InventoryAdmin(admin.ModelAdmin):
    """Base admin for inventory models: the status drop-down offers only the statuses that apply to the model."""

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "status" and db_field.related_model is Status:
            kwargs.setdefault("queryset", Status.objects.get_for_model(self.model))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Status)
class StatusAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "applies_to", "description"]
    search_fields = ["name", "slug", "description"]
    list_filter = ["content_types"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["content_types"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).prefetch_related("content_types")

    @admin.display(description="colour", ordering="color")
    def colour(self, obj: Status) -> str:
        return color_swatch(obj.color)

    @admin.display(description="applies to")
    def applies_to(self, obj: Status) -> str:
        return ", ".join(sorted(str(ct.model_class()._meta.verbose_name_plural) for ct in obj.content_types.all()))


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "colour", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="colour", ordering="color")
    def colour(self, obj: Tag) -> str:
        return color_swatch(obj.color)


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    """The change log is evidence: it can be read and searched, never edited."""

    list_display = ["time", "user_name", "action", "changed_object_type", "object_repr", "job_result_id"]
    list_filter = ["action", "changed_object_type", "time"]
    search_fields = ["object_repr", "user_name", "changed_object_id"]
    date_hierarchy = "time"
    list_select_related = ["changed_object_type"]

    def get_readonly_fields(self, request: HttpRequest, obj: ObjectChange | None = None) -> list[str]:
        return [field.name for field in self.model._meta.fields] + ["changed_fields"]

    @admin.display(description="changed fields")
    def changed_fields(self, obj: ObjectChange) -> str:
        return ", ".join(obj.changed_fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ObjectChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ObjectChange | None = None) -> bool:
        return False
