"""Django admin for job hooks and job buttons."""

from __future__ import annotations

from django.contrib import admin

from netjobs.automation.forms import JobButtonForm, JobHookForm
from netjobs.automation.models import JobButton, JobHook


@admin.register(JobHook)
class JobHookAdmin(admin.ModelAdmin):
    form = JobHookForm
    list_display = ("name", "enabled", "job_class_path", "type_create", "type_update", "type_delete", "user")
    list_filter = ("enabled", "type_create", "type_update", "type_delete")
    search_fields = ("name", "job_class_path", "description")
    filter_horizontal = ("content_types",)


@admin.register(JobButton)
class JobButtonAdmin(admin.ModelAdmin):
    form = JobButtonForm
    list_display = ("name", "enabled", "label", "job_class_path", "group_name", "weight", "confirmation")
    list_filter = ("enabled", "confirmation", "group_name")
    search_fields = ("name", "label", "job_class_path")
    filter_horizontal = ("content_types",)
