"""Django admin for Git repositories: add, edit, sync (a job run), delete (its jobs are disabled)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from netjobs.gitsources.jobs import submit_sync
from netjobs.gitsources.models import GitRepository


@admin.register(GitRepository)
class GitRepositoryAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "display_url", "branch", "short_commit", "last_synced", "enabled", "healthy")
    list_filter = ("enabled",)
    search_fields = ("name", "slug", "remote_url")
    fields = (
        "name",
        "slug",
        "remote_url",
        "branch",
        "username",
        "secret_ref",
        "provides",
        "jobs_path",
        "enabled",
        "current_commit",
        "last_synced",
        "last_error",
        "last_sync",
    )
    readonly_fields = ("current_commit", "last_synced", "last_error", "last_sync")
    actions = ["sync_repositories"]

    def get_readonly_fields(self, request: HttpRequest, obj: GitRepository | None = None) -> Any:
        # The slug names the repository's jobs (git.<slug>/…): fixed once created.
        return (*self.readonly_fields, "slug") if obj is not None else self.readonly_fields

    @admin.display(description="Commit")
    def short_commit(self, obj: GitRepository) -> str:
        return obj.current_commit[:12] or "-"

    @admin.display(boolean=True, description="Last sync OK")
    def healthy(self, obj: GitRepository) -> bool | None:
        if not obj.current_commit and not obj.last_error:
            return None
        return not obj.last_error

    @admin.display(description="Last sync run")
    def last_sync(self, obj: GitRepository) -> str:
        if obj.last_sync_result_id is None:
            return "-"
        url = reverse("admin:jobs_jobresult_change", args=[obj.last_sync_result_id])
        return format_html('<a href="{}">run {}</a>', url, obj.last_sync_result_id)

    def has_sync_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("gitsources.sync_gitrepository")

    @admin.action(description="Sync the selected repositories", permissions=["sync"])
    def sync_repositories(self, request: HttpRequest, queryset: QuerySet[GitRepository]) -> None:
        queued = []
        for repo in queryset.filter(enabled=True):
            result = submit_sync(repo, user=request.user, request_meta={"REMOTE_ADDR": request.META.get("REMOTE_ADDR")})
            queued.append(f"{repo.name} (run {result.pk})")
        if queued:
            self.message_user(request, f"Sync queued: {', '.join(queued)}", messages.SUCCESS)
        else:
            self.message_user(request, "No enabled repository selected", messages.WARNING)
