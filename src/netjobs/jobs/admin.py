"""Django admin for the bookkeeping models (the full UI is netjobs.web)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from netjobs.jobs.models import JobDefinition, JobLogEntry, JobModule, JobResult, Worker


@admin.register(JobDefinition)
class JobDefinitionAdmin(admin.ModelAdmin):
    list_display = ("name", "class_path", "grouping", "enabled", "installed", "read_only", "hidden")
    list_filter = ("enabled", "installed", "source", "grouping")
    search_fields = ("name", "class_path", "description")
    readonly_fields = ("class_path", "source", "module_name", "job_class_name", "meta", "variables_schema")


@admin.register(JobModule)
class JobModuleAdmin(admin.ModelAdmin):
    list_display = ("module_name", "source", "grouping", "has_error", "last_synced")
    readonly_fields = ("source", "module_name", "grouping", "path", "import_error", "last_synced")

    @admin.display(boolean=True, description="Import error")
    def has_error(self, obj: JobModule) -> bool:
        return bool(obj.import_error)


class JobLogEntryInline(admin.TabularInline):
    model = JobLogEntry
    fields = ("created", "log_level", "grouping", "log_object", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0
    show_change_link = False


@admin.register(JobResult)
class JobResultAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "status_badge", "user_name", "created", "started", "finished", "worker")
    list_filter = ("status", "queue", "job_class_path")
    search_fields = ("name", "job_class_path", "user_name")
    date_hierarchy = "created"
    exclude = ("sensitive_payload",)
    readonly_fields = [f.name for f in JobResult._meta.fields if f.name != "sensitive_payload"]
    inlines = [JobLogEntryInline]

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj: JobResult) -> str:
        return format_html("<strong>{}</strong>", obj.get_status_display())


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("name", "pid", "queues", "started", "last_heartbeat", "current_result_id")
    readonly_fields = ("name", "hostname", "pid", "queues", "backend", "started", "last_heartbeat")
