"""REST API for Git repositories: CRUD, plus `POST …/<id>/sync/` which queues the sync job.

Mounted by the API's URL configuration with `register(router)` (Nautobot serves them as
`/api/extras/git-repositories/`). The credentials field holds a reference (`env:VAR`, `file:NAME`), never a
secret, so nothing here can reveal one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netjobs.api.jobs.serializers import JobRunResponseSerializer
from netjobs.api.routers import Router
from netjobs.api.serializers import BaseModelSerializer
from netjobs.api.viewsets import InventoryViewSet
from netjobs.gitsources.jobs import submit_sync
from netjobs.gitsources.models import GitRepository

__all__ = ["GitRepositorySerializer", "GitRepositoryViewSet", "SyncRequestSerializer", "register"]


class GitRepositorySerializer(BaseModelSerializer):
    source = serializers.CharField(read_only=True, help_text="Its jobs' class paths start with this")
    provides = serializers.ListField(child=serializers.ChoiceField(choices=["jobs", "data"]), required=False)

    brief_extra = ("slug", "current_commit")

    class Meta:
        model = GitRepository
        fields = "__all__"


class SyncRequestSerializer(serializers.Serializer):
    commit = serializers.BooleanField(default=True, help_text="False: check the new commit without switching to it")


class GitRepositoryViewSet(InventoryViewSet):
    """Git repositories that provide jobs (`git.<slug>/<module>/<Class>`) and data files."""

    queryset = GitRepository.objects.select_related("last_sync_result")
    serializer_class = GitRepositorySerializer
    filterset_fields = ["name", "slug", "branch", "enabled"]
    keyset_ordering = "id"

    @extend_schema(
        request=SyncRequestSerializer,
        responses={201: JobRunResponseSerializer, 400: OpenApiResponse(description="The repository is disabled")},
    )
    @action(detail=True, methods=["post"])
    def sync(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a sync (a run of the sync job); the response carries its JobResult."""
        repo = self.get_object()
        body = SyncRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not repo.enabled:
            raise serializers.ValidationError({"enabled": ["The repository is disabled; enable it to sync it."]})
        result = submit_sync(
            repo,
            user=request.user,
            commit=body.validated_data["commit"],
            request_meta={"REMOTE_ADDR": request.META.get("REMOTE_ADDR", ""), "via": "api"},
        )
        data = JobRunResponseSerializer({"job_result": result, "scheduled_job": None}, context={"request": request})
        return Response(data.data, status=status.HTTP_201_CREATED)

    sync.required_perms = ("gitsources.sync_gitrepository",)  # type: ignore[attr-defined]


def register(router: Router) -> None:
    """Serve the repositories on `router` as `git-repositories/`."""
    router.register("git-repositories", GitRepositoryViewSet, basename="gitrepository")
