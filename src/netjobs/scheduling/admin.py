"""Django admin for schedules, runtime settings and events (the full UI is built in netjobs.web)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from netjobs.scheduling.models import EventLog, RuntimeSetting, ScheduledJob
from netjobs.scheduling.runtime import get_spec
from netjobs.scheduling.scheduler import describe_next
from netjobs.scheduling.schedules import set_enabled


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ("name", "job", "schedule", "enabled", "next_run_display", "last_run", "run_count", "system_job")
    list_filter = ("enabled", "interval_type", "system_job")
    search_fields = ("name", "job__class_path", "job__name", "description")
    raw_id_fields = ("user",)
    readonly_fields = ("system_job", "next_run", "last_run", "run_count", "last_result_id", "last_error", "created")
    fieldsets = (
        (None, {"fields": ("name", "job", "description", "enabled", "user", "data", "commit", "queue")}),
        ("When", {"fields": ("interval_type", "interval_minutes", "crontab", "start_time", "end_time")}),
        ("State", {"fields": readonly_fields}),
    )
    actions = ("enable_schedules", "disable_schedules")

    @admin.display(description="Schedule")
    def schedule(self, obj: ScheduledJob) -> str:
        return obj.describe()

    @admin.display(description="Next run", ordering="next_run")
    def next_run_display(self, obj: ScheduledJob) -> str:
        return describe_next(obj)

    @admin.action(description="Enable selected schedules")
    def enable_schedules(self, request: HttpRequest, queryset: QuerySet[ScheduledJob]) -> None:
        for schedule in queryset:
            set_enabled(schedule, True)
        self.message_user(request, f"Enabled {queryset.count()} schedule(s)", messages.SUCCESS)

    @admin.action(description="Disable selected schedules")
    def disable_schedules(self, request: HttpRequest, queryset: QuerySet[ScheduledJob]) -> None:
        for schedule in queryset:
            set_enabled(schedule, False)
        self.message_user(request, f"Disabled {queryset.count()} schedule(s)", messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: ScheduledJob, form: Any, change: bool) -> None:
        if not change and not obj.created_by:
            obj.created_by = request.user.get_username()
        super().save_model(request, obj, form, change)


@admin.register(RuntimeSetting)
class RuntimeSettingAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "default", "description", "last_updated")
    search_fields = ("key", "description")
    readonly_fields = ("default", "last_updated")

    @admin.display(description="Default")
    def default(self, obj: RuntimeSetting) -> Any:
        spec = get_spec(obj.key)
        return spec.default if spec is not None else "-"

    def get_readonly_fields(self, request: HttpRequest, obj: RuntimeSetting | None = None) -> Any:
        # The key is what code looks up: renaming a row would silently detach it from its setting.
        return (*self.readonly_fields, "key") if obj is not None else self.readonly_fields


@admin.register(EventLog)
class EventLogAdmin(admin.ModelAdmin):
    list_display = ("created", "level", "name", "message", "job_result_id")
    list_filter = ("level", "name")
    search_fields = ("name", "message")
    date_hierarchy = "created"
    readonly_fields = ("created", "level", "name", "message", "data", "job_result_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
