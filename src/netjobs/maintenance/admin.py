"""Admin for the maintenance app: sources, provider profiles, notifications and the maintenances."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html

from netjobs.maintenance.models import (
    CircuitImpact,
    CircuitMaintenance,
    MaintenanceNote,
    Notification,
    NotificationSource,
    ParsedNotification,
    ProviderMaintenanceProfile,
)


@admin.register(NotificationSource)
class NotificationSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "source_type", "enabled", "where", "last_fetched", "has_error"]
    list_filter = ["source_type", "enabled"]
    search_fields = ["name", "host", "account", "path", "description"]
    readonly_fields = ["imap_uidvalidity", "imap_last_uid", "last_key", "last_fetched", "last_error"]
    actions = ["reset_cursor"]
    fieldsets = [
        (None, {"fields": ["name", "source_type", "enabled", "description"]}),
        ("IMAP", {"fields": ["host", "port", "security", "verify_tls", "account", "secret_ref", "folder"]}),
        ("Maildir / mbox", {"fields": ["path"]}),
        ("Fetch state", {"fields": readonly_fields}),
    ]

    @admin.display(description="where")
    def where(self, obj: NotificationSource) -> str:
        if obj.source_type == "imap":
            return f"{obj.account}@{obj.host}:{obj.effective_port()}/{obj.folder}"
        return obj.path

    @admin.display(description="error", boolean=True)
    def has_error(self, obj: NotificationSource) -> bool:
        return bool(obj.last_error)

    @admin.action(description="Reset the fetch cursor (read the source again; stored messages are skipped)")
    def reset_cursor(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        count = queryset.update(imap_uidvalidity=None, imap_last_uid=None, last_key="")
        self.message_user(request, f"Cursor reset on {count} source(s).", messages.SUCCESS)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ProviderMaintenanceProfile
        fields = ["provider", "parser_type", "sender_addresses", "enabled"]
        widgets = {"sender_addresses": forms.Textarea(attrs={"rows": 3})}


@admin.register(ProviderMaintenanceProfile)
class ProviderMaintenanceProfileAdmin(admin.ModelAdmin):
    form = ProfileForm
    list_display = ["provider", "parser_type", "sender_addresses", "enabled"]
    list_filter = ["enabled", "parser_type"]
    search_fields = ["provider__name", "sender_addresses"]
    autocomplete_fields = ["provider"]


class ParsedNotificationInline(admin.TabularInline):
    model = ParsedNotification
    fk_name = "notification"
    extra = 0
    can_delete = False
    fields = ["maintenance", "status", "sequence", "stamp", "applied"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "sender", "date", "provider", "parse_status", "source", "fetched"]
    list_filter = ["parse_status", "source", "provider"]
    search_fields = ["subject", "sender", "message_id", "parse_error"]
    date_hierarchy = "fetched"
    list_select_related = ["provider", "source"]
    inlines = [ParsedNotificationInline]
    exclude = ["raw"]
    readonly_fields = [
        "source",
        "message_id",
        "source_key",
        "from_header",
        "sender",
        "subject",
        "date",
        "fetched",
        "provider",
        "parser_type",
        "parse_status",
        "parse_error",
        "raw_message",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # notifications come from sources, or from an upload through the UI or API

    @admin.display(description="raw message")
    def raw_message(self, obj: Notification) -> str:
        return format_html('<pre style="white-space:pre-wrap;max-height:40em;overflow:auto">{}</pre>', obj.raw_text())


@admin.register(ParsedNotification)
class ParsedNotificationAdmin(admin.ModelAdmin):
    list_display = ["maintenance", "status", "sequence", "stamp", "applied", "notification"]
    list_filter = ["status", "applied"]
    search_fields = ["maintenance__name", "notification__subject"]
    list_select_related = ["maintenance", "notification"]
    readonly_fields = ["notification", "maintenance", "data", "status", "sequence", "stamp", "applied", "created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class CircuitImpactInline(admin.TabularInline):
    model = CircuitImpact
    extra = 0
    autocomplete_fields = ["circuit"]


class MaintenanceNoteInline(admin.StackedInline):
    model = MaintenanceNote
    extra = 0
    fields = ["title", "level", "comment", "author"]
    readonly_fields = ["author"]


class ParsedOfMaintenanceInline(ParsedNotificationInline):
    fk_name = "maintenance"
    fields = ["notification", "status", "sequence", "stamp", "applied"]
    readonly_fields = fields


@admin.register(CircuitMaintenance)
class CircuitMaintenanceAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "status", "start", "end", "ack", "circuit_count"]
    list_filter = ["status", "ack", "provider"]
    search_fields = ["name", "description", "impacts__cid"]
    date_hierarchy = "start"
    list_select_related = ["provider"]
    autocomplete_fields = ["provider"]
    inlines = [CircuitImpactInline, MaintenanceNoteInline, ParsedOfMaintenanceInline]
    actions = ["acknowledge"]
    readonly_fields = ["sequence", "stamp"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).annotate(_circuits=models.Count("impacts"))

    @admin.display(description="circuits", ordering="_circuits")
    def circuit_count(self, obj: Any) -> int:
        return obj._circuits

    @admin.action(description="Acknowledge")
    def acknowledge(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        count = 0
        for maintenance in queryset.filter(ack=False):
            maintenance.ack = True
            maintenance.validated_save()  # one by one, so that each is change-logged
            count += 1
        self.message_user(request, f"{count} maintenance(s) acknowledged.", messages.SUCCESS)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.save(commit=False):
            if isinstance(obj, MaintenanceNote) and obj.author_id is None:
                obj.author = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(CircuitImpact)
class CircuitImpactAdmin(admin.ModelAdmin):
    list_display = ["cid", "circuit", "impact", "maintenance"]
    list_filter = ["impact", "maintenance__provider"]
    search_fields = ["cid", "maintenance__name"]
    autocomplete_fields = ["circuit", "maintenance"]
    list_select_related = ["circuit", "maintenance"]


@admin.register(MaintenanceNote)
class MaintenanceNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "maintenance", "level", "author", "created"]
    list_filter = ["level"]
    search_fields = ["title", "comment", "maintenance__name"]
    autocomplete_fields = ["maintenance"]
    readonly_fields = ["author"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
