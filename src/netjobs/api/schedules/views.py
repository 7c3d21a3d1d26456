"""`/api/extras/scheduled-jobs/`: list and filter, detail, create, edit (PATCH) and delete schedules.

Permissions: `scheduling.view_scheduledjob` to see schedules (without it one is 404, the list 403), `add_` plus
the permission to run the job to create one, `change_` to edit, `delete_` to delete. Schedules of group-limited
jobs do not exist for users outside those groups.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from netjobs.api.exceptions import Conflict
from netjobs.api.jobs import access
from netjobs.api.permissions import ModelPermissions
from netjobs.api.schedules.filters import ScheduledJobFilterSet
from netjobs.api.schedules.serializers import (
    ScheduledJobCreateSerializer,
    ScheduledJobSerializer,
    ScheduledJobUpdateSerializer,
)
from netjobs.api.schedules.service import create_from_api, model_errors
from netjobs.api.schedules.vocabulary import crontab_never_fires
from netjobs.api.viewsets import BaseViewSet
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob

__all__ = ["ScheduledJobViewSet"]

_TIMING_ATTRS = ("interval_type", "interval_minutes", "crontab", "start_time", "end_time")
#: Problems with the job or its stored input: they block only an edit that leaves the schedule enabled.
_RUN_PROBLEMS = ("job", "data")


@extend_schema_view(
    create=extend_schema(
        request=ScheduledJobCreateSerializer,
        responses={201: ScheduledJobSerializer, 400: OpenApiResponse(description="Bad input, named per field")},
    ),
    partial_update=extend_schema(
        request=ScheduledJobUpdateSerializer,
        responses={200: ScheduledJobSerializer, 400: OpenApiResponse(description="Bad input, named per field")},
    ),
    destroy=extend_schema(
        responses={204: None, 409: OpenApiResponse(description="A system job's schedule cannot be deleted")}
    ),
)
class ScheduledJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, BaseViewSet):
    """Scheduled jobs: what runs when, as whom; create, edit timing/name/enabled, delete."""

    serializer_class = ScheduledJobSerializer
    filterset_class = ScheduledJobFilterSet
    permission_classes = [ModelPermissions]
    permission_model = ScheduledJob
    queryset = ScheduledJob.objects.all()
    ordering_fields = [
        "id", "name", "interval_type", "start_time", "end_time", "next_run", "last_run", "run_count", "enabled",
        "created", "last_updated",
    ]  # fmt: skip
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[ScheduledJob]:
        return access.visible_schedules(self.request.user).select_related("job")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Schedule a job: the same checks as `"schedule"` in a run request (the job by id or class path)."""
        serializer = ScheduledJobCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        definition = fields["definition"]
        if not access.can_run(request.user, definition):
            raise PermissionDenied("Scheduling a job needs the permission to run it.")
        schedule = create_from_api(
            definition,
            fields["timing"],
            data=fields["data"],
            user=request.user,
            commit=fields["commit"],
            queue=fields["queue"],
            description=fields["description"],
            enabled=fields["enabled"],
            nested=False,
        )
        output = ScheduledJobSerializer(schedule, context=self.get_serializer_context())
        return Response(output.data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rename, describe, enable/disable or re-time a schedule; the model's own rules apply."""
        schedule = self.get_object()
        serializer = ScheduledJobUpdateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        timing = [name for name in _TIMING_ATTRS if name in changes]
        if schedule.system_job and timing:
            message = "A system job's schedule follows its runtime setting: change the interval there."
            raise ValidationError({("interval" if n == "interval_type" else n): [message] for n in timing})
        new_type = changes.get("interval_type")
        if new_type is not None and new_type != schedule.interval_type:
            # A kind's own fields do not carry over to another kind unless given again.
            changes.setdefault("crontab", "")
            changes.setdefault("interval_minutes", None)
        for name, value in changes.items():
            setattr(schedule, name, "" if name == "crontab" and value is None else value)
        self._check(schedule)
        schedule.save()
        schedule.refresh_from_db()
        return Response(ScheduledJobSerializer(schedule, context=self.get_serializer_context()).data)

    def _check(self, schedule: ScheduledJob) -> None:
        """The model's validation; a schedule left enabled must also be able to run (its job and input valid)."""
        errors: dict[str, Any] = {}
        try:
            schedule.full_clean()
        except DjangoValidationError as exc:
            errors = model_errors(exc, nested=False)
            if not schedule.enabled:
                for name in _RUN_PROBLEMS:
                    errors.pop(name, None)
        if not errors and schedule.interval_type == IntervalType.CRONTAB:
            problem = crontab_never_fires(schedule.crontab, schedule.start_time)
            if problem:
                errors["crontab"] = [problem]
        if not errors and schedule.enabled:
            try:
                never = schedule.first_run_from(timezone.now()) is None
            except (ValueError, OverflowError) as exc:
                raise ValidationError({"non_field_errors": [f"This schedule cannot be computed: {exc}"]}) from None
            if never:
                field = "start_time" if schedule.interval_type == IntervalType.ONCE else "end_time"
                errors[field] = ["The schedule would never run: its time is already past. Disable it instead."]
        if errors:
            raise ValidationError(errors)

    def perform_destroy(self, instance: ScheduledJob) -> None:
        if instance.system_job:
            raise Conflict(
                "A system job's schedule is re-created whenever the scheduler starts: disable it, or set its "
                "interval to 0 in the runtime settings."
            )
        instance.delete()
