"""Jobs, results and log lines as JSON, in netjobs' vocabulary and (subclasses `Nautobot…`) in Nautobot 2's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from netjobs.api.fields import brief_representation
from netjobs.api.jobs.vocabulary import nautobot_status
from netjobs.api.registry import api_list_url
from netjobs.api.schedules.serializers import ScheduledJobSerializer, scheduled_job_brief
from netjobs.api.serializers import BaseModelSerializer
from netjobs.core.markdown import render_markdown
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobLogEntry, JobResult
from netjobs.jobs.submit import REDACTED

__all__ = [
    "JobLogEntrySerializer",
    "JobResultSerializer",
    "JobRunResponseSerializer",
    "JobSerializer",
    "NautobotJobResultSerializer",
    "redacted_data",
    "variables_schema",
]

BRIEF_OBJECT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
        "display": {"type": "string"},
    },
    "required": ["id", "url", "display"],
}


def _namespace(request: Any) -> str:
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "") or ""
    return namespace if namespace in ("api:extras", "api:jobs") else "api:jobs"


def _reverse(request: Any, suffix: str, pk: int) -> str:
    names = {"api:extras": {"job": "job", "result": "jobresult"}, "api:jobs": {"job": "job", "result": "jobresult"}}
    namespace = _namespace(request)
    kind, action = suffix.split("-", 1)
    return reverse(f"{namespace}:{names[namespace][kind]}-{action}", args=[pk], request=request)


def variables_schema(definition: JobDefinition, request: Any = None) -> dict[str, Any]:
    """The job's input JSON schema; object variables also name the API list their options come from."""
    schema = dict(definition.variables_schema or {"type": "object", "properties": {}, "required": []})
    properties = {}
    for name, prop in (schema.get("properties") or {}).items():
        prop = dict(prop)
        if "x-model" in prop and "x-api-url" not in prop:
            from django.apps import apps

            try:
                model = apps.get_model(prop["x-model"])
            except (LookupError, ValueError):
                model = None
            if model is not None and (url := api_list_url(model, request)):
                prop["x-api-url"] = url
        properties[name] = prop
    schema["properties"] = properties
    return schema


def redacted_data(result: JobResult) -> dict[str, Any]:
    """The run's input; sensitive values are redacted already, and again here from the job's current schema."""
    data = dict(result.task_kwargs or {})
    definition = result.job_definition
    schema = (definition.variables_schema or {}) if definition is not None else {}
    sensitive = {n for n, p in (schema.get("properties") or {}).items() if p.get("writeOnly")}
    if definition is not None and (definition.meta or {}).get("has_sensitive_variables"):
        sensitive = set(data)
    return {name: (REDACTED if name in sensitive and value is not None else value) for name, value in data.items()}


class JobSerializer(BaseModelSerializer):
    class_path = serializers.CharField(read_only=True)
    runnable = serializers.BooleanField(read_only=True)
    commit_default = serializers.BooleanField(read_only=True)
    dryrun_default = serializers.SerializerMethodField()
    supports_dryrun = serializers.SerializerMethodField()
    approval_required = serializers.SerializerMethodField()
    has_sensitive_variables = serializers.SerializerMethodField()
    soft_time_limit = serializers.SerializerMethodField()
    time_limit = serializers.SerializerMethodField()
    task_queues = serializers.SerializerMethodField()
    locks = serializers.SerializerMethodField()
    allowed_groups = serializers.ListField(child=serializers.CharField(max_length=150), required=False)
    variables_url = serializers.SerializerMethodField()
    run_url = serializers.SerializerMethodField()

    brief_extra = ("class_path",)

    class Meta:
        model = JobDefinition
        fields = [
            "id", "url", "display", "class_path", "source", "module_name", "job_class_name", "grouping", "name",
            "description", "installed", "enabled", "runnable", "hidden", "read_only", "approval_required",
            "has_sensitive_variables", "commit_default", "dryrun_default", "supports_dryrun", "soft_time_limit",
            "time_limit", "task_queues", "locks", "allowed_groups", "variables_url", "run_url", "created",
            "last_updated",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("enabled", "allowed_groups")]

    def _meta(self, obj: JobDefinition) -> dict[str, Any]:
        return obj.meta or {}

    def get_dryrun_default(self, obj: JobDefinition) -> bool:
        return not obj.commit_default

    def get_supports_dryrun(self, obj: JobDefinition) -> bool:
        return not obj.read_only

    def get_approval_required(self, obj: JobDefinition) -> bool:
        return bool(self._meta(obj).get("approval_required"))

    def get_has_sensitive_variables(self, obj: JobDefinition) -> bool:
        properties = (obj.variables_schema or {}).get("properties") or {}
        return bool(self._meta(obj).get("has_sensitive_variables")) or any(
            p.get("writeOnly") for p in properties.values()
        )

    @extend_schema_field({"type": "number", "nullable": True})
    def get_soft_time_limit(self, obj: JobDefinition) -> float | None:
        return self._meta(obj).get("soft_time_limit")

    @extend_schema_field({"type": "number", "nullable": True})
    def get_time_limit(self, obj: JobDefinition) -> float | None:
        return self._meta(obj).get("time_limit")

    def get_task_queues(self, obj: JobDefinition) -> list[str]:
        return [self._meta(obj).get("queue") or settings.NETJOBS_DEFAULT_QUEUE]

    def get_locks(self, obj: JobDefinition) -> list[str]:
        return list(self._meta(obj).get("locks") or [])

    def get_variables_url(self, obj: JobDefinition) -> str:
        return _reverse(self.context.get("request"), "job-variables", obj.pk)

    def get_run_url(self, obj: JobDefinition) -> str:
        return _reverse(self.context.get("request"), "job-run", obj.pk)

    def validate_allowed_groups(self, value: list[str]) -> list[str]:
        names = sorted(set(value))
        known = set(Group.objects.filter(name__in=names).values_list("name", flat=True))
        unknown = [name for name in names if name not in known]
        if unknown:
            raise serializers.ValidationError([f"No group named {name!r}." for name in unknown])
        return names


class JobResultSerializer(BaseModelSerializer):
    """A run, with netjobs' status names."""

    job = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField()
    data = serializers.SerializerMethodField()
    dryrun = serializers.SerializerMethodField()
    duration_seconds = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    logs_url = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=JobResultStatus.choices, read_only=True)

    brief_extra = ("status",)

    class Meta:
        model = JobResult
        fields = [
            "id", "url", "display", "job", "job_class_path", "name", "status", "queue", "user", "user_name",
            "commit", "dryrun", "data", "created", "started", "finished", "duration_seconds", "worker", "result",
            "traceback", "error", "log_counts", "progress", "item_results", "comment", "ticket_ref",
            "scheduled_by", "change_score", "parent_result", "next_result", "approved_by_id", "approved_at",
            "cancel_requested", "cancelled_by", "cancel_reason", "lock_names", "logs_url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({**BRIEF_OBJECT, "nullable": True})
    def get_job(self, obj: JobResult) -> dict[str, Any] | None:
        if obj.job_definition is None:
            return None
        data = brief_representation(obj.job_definition, self.context.get("request"))
        data["class_path"] = obj.job_definition.class_path
        return data

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {"type": "integer"}}})
    def get_user(self, obj: JobResult) -> dict[str, Any] | None:
        if obj.user_id is None:
            return None
        return {"id": obj.user_id, "username": obj.user_name, "display": obj.user_name}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, obj: JobResult) -> dict[str, Any]:
        return redacted_data(obj)

    def get_dryrun(self, obj: JobResult) -> bool:
        return not obj.commit

    @extend_schema_field({"type": "number", "nullable": True})
    def get_duration_seconds(self, obj: JobResult) -> float | None:
        duration = obj.duration
        return None if duration is None else round(duration.total_seconds(), 3)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_progress(self, obj: JobResult) -> dict[str, Any]:
        done, total = obj.progress_done, obj.progress_total
        percent = round(100 * done / total, 1) if done is not None and total else None
        return {"done": done, "total": total, "percent": percent, "finished_items": list(obj.finished_items or [])}

    def get_logs_url(self, obj: JobResult) -> str:
        return _reverse(self.context.get("request"), "result-logs", obj.pk)


class NautobotJobResultSerializer(JobResultSerializer):
    """A run as Nautobot 2 shows it: Celery task states as `{"value", "label"}`, its dates and task fields."""

    status = serializers.SerializerMethodField()
    netjobs_status = serializers.CharField(source="status", read_only=True)
    job_model = serializers.SerializerMethodField()
    task_name = serializers.CharField(source="job_class_path", read_only=True)
    task_kwargs = serializers.SerializerMethodField()
    date_created = serializers.DateTimeField(source="created", read_only=True)
    date_started = serializers.DateTimeField(source="started", read_only=True, allow_null=True)
    date_done = serializers.DateTimeField(source="finished", read_only=True, allow_null=True)
    scheduled_job = serializers.SerializerMethodField()

    brief_extra = ("status",)

    class Meta(JobResultSerializer.Meta):
        fields = [
            *JobResultSerializer.Meta.fields,
            "netjobs_status", "job_model", "task_name", "task_kwargs", "date_created", "date_started",
            "date_done", "scheduled_job",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
            "required": ["value", "label"],
        }
    )
    def get_status(self, obj: JobResult) -> dict[str, str]:
        return nautobot_status(obj.status)

    @extend_schema_field({**BRIEF_OBJECT, "nullable": True})
    def get_job_model(self, obj: JobResult) -> dict[str, Any] | None:
        return self.get_job(obj)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_task_kwargs(self, obj: JobResult) -> dict[str, Any]:
        return {"data": redacted_data(obj), "commit": obj.commit}

    @extend_schema_field({**BRIEF_OBJECT, "nullable": True})
    def get_scheduled_job(self, obj: JobResult) -> dict[str, Any] | None:
        """The schedule that started this run, if one did."""
        return scheduled_job_brief(obj.scheduled_job_id, self.context.get("request"))


class JobRunResponseSerializer(serializers.Serializer):
    """What a run request returns (HTTP 201), as Nautobot 2 answers: the new result, or the new schedule."""

    job_result = JobResultSerializer(read_only=True, allow_null=True)
    scheduled_job = ScheduledJobSerializer(read_only=True, allow_null=True)


class NautobotJobRunResponseSerializer(serializers.Serializer):
    job_result = NautobotJobResultSerializer(read_only=True, allow_null=True)
    scheduled_job = ScheduledJobSerializer(read_only=True, allow_null=True)


class JobLogEntrySerializer(BaseModelSerializer):
    job_result = serializers.SerializerMethodField()
    message_html = serializers.SerializerMethodField()
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = JobLogEntry
        fields = [
            "id", "url", "display", "job_result", "created", "log_level", "grouping", "message", "message_html",
            "log_object", "object_type", "object_id", "absolute_url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(BRIEF_OBJECT)
    def get_job_result(self, obj: JobLogEntry) -> dict[str, Any]:
        request = self.context.get("request")
        return {
            "id": obj.job_result_id,
            "url": _reverse(request, "result-detail", obj.job_result_id),
            "display": f"Run {obj.job_result_id}",
        }

    def get_message_html(self, obj: JobLogEntry) -> str:
        return render_markdown(obj.message)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_object_type(self, obj: JobLogEntry) -> str | None:
        if obj.object_type_id is None:
            return None
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_id(obj.object_type_id)
        return f"{content_type.app_label}.{content_type.model}"
