"""Job, result and log line endpoints. The `Nautobot…` subclasses serve `/api/extras/…` in Nautobot 2's shapes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netjobs.api.exceptions import Conflict
from netjobs.api.jobs import access
from netjobs.api.jobs.filters import JobFilterSet, JobLogEntryFilterSet, JobResultFilterSet
from netjobs.api.jobs.inputs import RunInputSerializer
from netjobs.api.jobs.serializers import (
    JobLogEntrySerializer,
    JobResultSerializer,
    JobRunResponseSerializer,
    JobSerializer,
    NautobotJobResultSerializer,
    NautobotJobRunResponseSerializer,
    variables_schema,
)
from netjobs.api.permissions import ModelPermissions, TokenWritePermission, model_perm
from netjobs.api.schedules.service import create_from_api
from netjobs.api.viewsets import BaseViewSet
from netjobs.jobs import actions, permissions
from netjobs.jobs.models import JobDefinition, JobLogEntry, JobResult
from netjobs.jobs.registry import JobNotFoundError, parse_class_path, sync_module_of
from netjobs.jobs.submit import JobDisabledError, JobInputError, submit
from netjobs.scheduling.models import ScheduledJob

__all__ = [
    "JobLogEntryViewSet",
    "JobResultViewSet",
    "JobViewSet",
    "NautobotJobResultViewSet",
    "NautobotJobViewSet",
]


def _request_meta(request: Request) -> dict[str, Any]:
    meta = request.META
    return {
        key: meta[key]
        for key in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_USER_AGENT", "HTTP_X_REQUEST_ID")
        if meta.get(key)
    } | {"via": "api"}


def _input_errors(exc: JobInputError) -> dict[str, Any]:
    return {"data": {("non_field_errors" if k == "__all__" else k): v for k, v in exc.errors.items()}}


def _submit(request: Request, definition: JobDefinition, fields: dict[str, Any]) -> JobResult:
    """submit() with its errors as API errors; nothing is created when it raises."""
    extra = {name: fields[name] for name in ("comment", "ticket_ref") if fields.get(name)}
    files = dict(request.FILES.items()) if request.FILES else None
    try:
        return submit(
            definition,
            fields.get("data") or {},
            files=files,
            user=request.user,
            commit=fields.get("commit_value"),
            queue=fields.get("queue_value"),
            request_meta=_request_meta(request),
            **extra,
        )
    except JobInputError as exc:
        raise ValidationError(_input_errors(exc)) from None
    except JobDisabledError as exc:
        raise ValidationError({"job": [str(exc)]}) from None
    except JobNotFoundError as exc:  # the definition exists, its code does not load
        raise ValidationError({"job": [str(exc)]}) from None


def _schedule(request: Request, definition: JobDefinition, fields: dict[str, Any]) -> ScheduledJob:
    """The schedule a run request asks for; needs the permission to add schedules besides the one to run."""
    if not permissions.can_schedule_job(request.user, definition):
        raise PermissionDenied("Scheduling a job needs the permission to add scheduled jobs, besides running it.")
    if fields.get("ticket_ref"):
        raise ValidationError({"ticket_ref": ["A schedule does not keep a ticket reference: leave it out."]})
    return create_from_api(
        definition,
        fields["schedule_value"],
        data=fields.get("data") or {},
        user=request.user,
        commit=fields.get("commit_value"),
        queue=fields.get("queue_value"),
        description=fields.get("comment") or "",
        has_files=bool(request.FILES),
        nested=True,
    )


class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, BaseViewSet):
    """Jobs by id (or unique name); `…/<source>/<module>/<Class>/` addresses one by class path."""

    serializer_class = JobSerializer
    filterset_class = JobFilterSet
    permission_classes = [ModelPermissions]
    permission_model = JobDefinition
    queryset = JobDefinition.objects.all()
    lookup_value_regex = "[^/]+"
    ordering_fields = ["id", "name", "grouping", "class_path", "created", "last_updated"]
    ordering = ["grouping", "name"]
    run_response_serializer = JobRunResponseSerializer
    result_serializer = JobResultSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[JobDefinition]:
        queryset = access.visible_jobs(self.request.user)
        if self.action == "list" and "hidden" not in self.request.query_params:
            queryset = queryset.filter(hidden=False)
        return queryset

    def get_object(self) -> JobDefinition:
        queryset = self.get_queryset()
        if "class_path" in self.kwargs:
            definition = self._by_class_path(queryset, self.kwargs["class_path"])
        else:
            key = str(self.kwargs.get("pk", ""))
            if key.isdigit():
                definition = queryset.filter(pk=int(key)).first()
            else:
                matches = list(queryset.filter(name=key)[:2])
                if len(matches) > 1:
                    raise ValidationError({"job": [f"More than one job is named {key!r}; use its id."]})
                definition = matches[0] if matches else None
        if definition is None:
            raise Http404("No such job.")
        self.check_object_permissions(self.request, definition)
        return definition

    def _by_class_path(self, queryset: QuerySet[JobDefinition], class_path: str) -> JobDefinition | None:
        definition = queryset.filter(class_path=class_path).first()
        if definition is None and access.can_list_jobs(self.request.user):
            # A job file added since the last sync is found on first use, as submit() does.
            try:
                parse_class_path(class_path)
                sync_module_of(class_path)
            except (JobNotFoundError, OSError):
                return None
            definition = queryset.filter(class_path=class_path).first()
        return definition

    def _run_response(self, result: JobResult | None, schedule: ScheduledJob | None = None) -> Response:
        serializer = self.run_response_serializer(
            {"job_result": result, "scheduled_job": schedule}, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RunInputSerializer,
        responses={201: JobRunResponseSerializer, 400: OpenApiResponse(description="Bad input, named per field")},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def run(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Queue a run, or schedule it (`"schedule"`). The response carries the new JobResult (id, url, status), or
        with a schedule `"job_result": null` and the new `scheduled_job` (id, url, interval, next_run, …)."""
        definition = self.get_object()
        if not access.can_run(request.user, definition):
            raise PermissionDenied("You do not have permission to run this job.")
        serializer = RunInputSerializer(data=request.data, definition=definition)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        if fields.get("schedule_value") is not None:
            return self._run_response(None, _schedule(request, definition, fields))
        return self._run_response(_submit(request, definition, fields))

    run.required_perms = ()  # type: ignore[attr-defined]

    @extend_schema(responses={200: {"type": "object", "additionalProperties": True}})
    @action(detail=True, methods=["get"])
    def variables(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The job's input as a JSON schema (object variables name the API list of their options)."""
        return Response(variables_schema(self.get_object(), request))

    variables.required_perms = ()  # type: ignore[attr-defined]


@extend_schema_view(run=extend_schema(request=RunInputSerializer, responses={201: NautobotJobRunResponseSerializer}))
class NautobotJobViewSet(JobViewSet):
    """The spec's and Nautobot 2's job endpoints: results in Nautobot's shapes."""

    run_response_serializer = NautobotJobRunResponseSerializer
    result_serializer = NautobotJobResultSerializer


def _result_action_errors(func: Any) -> Any:
    """actions.ActionError → 409; PermissionDenied passes through (403)."""

    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return func(self, request, *args, **kwargs)
        except actions.ActionError as exc:
            raise Conflict(str(exc)) from None

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


class _ResultsBase(BaseViewSet):
    permission_classes = [TokenWritePermission]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can_list_results(request.user):
            raise PermissionDenied("You need the permission to view job results or to run jobs.")
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    destroy=extend_schema(responses={204: None, 409: OpenApiResponse(description="The run has not finished")})
)
class JobResultViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _ResultsBase):
    """Runs: list and filter, detail, log, cancel, approve, deny, re-run, delete (finished runs)."""

    serializer_class = JobResultSerializer
    filterset_class = JobResultFilterSet
    queryset = JobResult.objects.all()
    ordering_fields = ["id", "created", "started", "finished", "status", "name", "job_class_path", "user_name"]
    ordering = ["-id"]
    keyset_ordering = "-id"
    run_response_serializer = JobRunResponseSerializer

    def get_queryset(self) -> QuerySet[JobResult]:
        return access.visible_results(self.request.user).select_related("job_definition")

    def perform_destroy(self, instance: JobResult) -> None:
        if not self.request.user.has_perm(model_perm(JobResult, "delete")):
            raise PermissionDenied("You need the permission to delete job results.")
        if not instance.is_finished:
            raise Conflict("Only finished runs can be deleted; cancel it first.")
        instance.delete()

    @extend_schema(responses={200: JobLogEntrySerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def logs(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The run's log lines, oldest first (paginated; `next` links are keyset links)."""
        result = self.get_object()
        queryset = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("id")
        level = request.query_params.get("log_level")
        if level:
            queryset = queryset.filter(log_level__in=[part for part in level.split(",") if part])
        self.keyset_ordering = "id"
        page = self.paginate_queryset(queryset)
        data = JobLogEntrySerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def _result_response(self, result: JobResult) -> Response:
        return Response(self.get_serializer(result).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    @_result_action_errors
    def cancel(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Cancel a queued run at once, or ask a running one to stop."""
        reason = str(request.data.get("reason", "")) if isinstance(request.data, dict) else ""
        return self._result_response(actions.cancel(self.get_object(), request.user, reason=reason))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    @_result_action_errors
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Release a run waiting for approval (not by the user who requested it)."""
        return self._result_response(actions.approve(self.get_object(), request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    @_result_action_errors
    def deny(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Refuse a run waiting for approval; it ends cancelled."""
        reason = str(request.data.get("reason", "")) if isinstance(request.data, dict) else ""
        return self._result_response(actions.deny(self.get_object(), request.user, reason=reason))

    @extend_schema(request=None, responses={201: JobRunResponseSerializer})
    @action(detail=True, methods=["post"])
    @_result_action_errors
    def rerun(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Run the same job again with the same input (not for runs with sensitive input or files)."""
        original = self.get_object()
        if original.job_definition is not None and not access.in_allowed_groups(request.user, original.job_definition):
            raise PermissionDenied("You may not run this job.")
        try:
            result = actions.rerun(original, request.user)
        except JobInputError as exc:
            raise ValidationError(_input_errors(exc)) from None
        except (JobDisabledError, JobNotFoundError) as exc:
            raise ValidationError({"job": [str(exc)]}) from None
        serializer = self.run_response_serializer(
            {"job_result": result, "scheduled_job": None}, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status.HTTP_201_CREATED)


@extend_schema_view(rerun=extend_schema(request=None, responses={201: NautobotJobRunResponseSerializer}))
class NautobotJobResultViewSet(JobResultViewSet):
    serializer_class = NautobotJobResultSerializer
    run_response_serializer = NautobotJobRunResponseSerializer


class JobLogEntryViewSet(mixins.RetrieveModelMixin, _ResultsBase):
    """Log lines of every run the user may see; filter by result, level, grouping, text."""

    serializer_class = JobLogEntrySerializer
    filterset_class = JobLogEntryFilterSet
    queryset = JobLogEntry.objects.all()
    ordering_fields = ["id", "created", "log_level", "grouping"]
    ordering = ["id"]
    keyset_ordering = "id"

    def get_queryset(self) -> QuerySet[JobLogEntry]:
        user = self.request.user
        queryset = JobLogEntry.objects.all()
        if user.is_superuser:
            return queryset
        if not access.can_list_results(user) and not self.kwargs:
            return queryset.none()
        visible = access.visible_results(user)
        if user.has_perm(model_perm(JobResult, "view")) and not access.forbidden_job_ids(user):
            return queryset
        return queryset.filter(job_result_id__in=visible.values("pk"))
