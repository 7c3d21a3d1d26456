"""REST API: job hooks and job buttons (CRUD, Nautobot's paths) and a run's output files.

/api/extras/job-hooks/                         CRUD (automation.*_jobhook)
/api/extras/job-buttons/                       CRUD (automation.*_jobbutton)
/api/extras/job-results/<id>/files/            the run's files (whoever may view the run)
/api/extras/job-results/<id>/files/<file id>/  one file's description
/api/extras/job-results/<id>/files/<file id>/download/   its content
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.viewsets import GenericViewSet

from netjobs.api.filters import BaseFilterSet
from netjobs.api.pagination import Pagination
from netjobs.api.permissions import TokenWritePermission
from netjobs.api.routers import Router
from netjobs.api.serializers import BaseModelSerializer
from netjobs.api.viewsets import InventoryViewSet
from netjobs.automation.models import JobButton, JobHook
from netjobs.automation.records.models import OutputFile
from netjobs.automation.views import file_response
from netjobs.jobs import permissions
from netjobs.jobs.models import JobResult

__all__ = ["register"]

_MAX_ID = 2**63 - 1


class JobHookSerializer(BaseModelSerializer):
    class Meta:
        model = JobHook
        fields = "__all__"


class JobButtonSerializer(BaseModelSerializer):
    class Meta:
        model = JobButton
        fields = "__all__"


class JobHookFilterSet(BaseFilterSet):
    search_fields = ("name", "job_class_path", "description")

    class Meta:
        model = JobHook
        fields = ["id", "name", "enabled", "job_class_path", "type_create", "type_update", "type_delete"]


class JobButtonFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "job_class_path", "group_name")

    class Meta:
        model = JobButton
        fields = ["id", "name", "enabled", "job_class_path", "group_name", "confirmation"]


class JobHookViewSet(InventoryViewSet):
    queryset = JobHook.objects.prefetch_related("content_types").select_related("user")
    serializer_class = JobHookSerializer
    filterset_class = JobHookFilterSet


class JobButtonViewSet(InventoryViewSet):
    queryset = JobButton.objects.prefetch_related("content_types")
    serializer_class = JobButtonSerializer
    filterset_class = JobButtonFilterSet


class OutputFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = OutputFile
        fields = ["id", "name", "size", "content_type", "created", "job_result", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: OutputFile) -> str:
        path = reverse("api:extras:joboutputfile-download", args=[obj.job_result_id, obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


_RESULT_ID = OpenApiParameter("result_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The run's id")


@extend_schema_view(
    list=extend_schema(parameters=[_RESULT_ID]),
    retrieve=extend_schema(parameters=[_RESULT_ID]),
    download=extend_schema(parameters=[_RESULT_ID], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}),
)
class OutputFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """A run's output files: visible to whoever may view the run (404 otherwise, like the run itself)."""

    serializer_class = OutputFileSerializer
    permission_classes = [TokenWritePermission]
    pagination_class = Pagination
    lookup_value_regex = "[0-9]+"

    def _result(self) -> JobResult:
        try:
            pk = int(self.kwargs["result_pk"])
        except (KeyError, ValueError):
            raise NotFound() from None
        result = JobResult.objects.filter(pk=pk).first() if pk <= _MAX_ID else None
        if result is None or not permissions.can_view_result(self.request.user, result):
            raise NotFound()
        return result

    def get_queryset(self) -> QuerySet[OutputFile]:
        if getattr(self, "swagger_fake_view", False):
            return OutputFile.objects.none()
        lookup = str(self.kwargs.get(self.lookup_field, "0"))
        if lookup.isdigit() and int(lookup) > _MAX_ID:
            raise NotFound()
        return OutputFile.objects.filter(job_result=self._result()).defer("content").order_by("name", "pk")

    @action(detail=True, methods=["get"])
    def download(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        output = self.get_object()
        return file_response(OutputFile.objects.get(pk=output.pk))


def register(router: Router) -> None:
    """Register the automation view sets on the `extras` router."""
    router.register("job-hooks", JobHookViewSet, basename="jobhook")
    router.register("job-buttons", JobButtonViewSet, basename="jobbutton")
    router.register(r"job-results/(?P<result_pk>[0-9]+)/files", OutputFileViewSet, basename="joboutputfile")
