"""Scheduled jobs as JSON (Nautobot 2's fields next to netjobs' own), and the bodies that create and edit them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from netjobs.api import registry
from netjobs.api.fields import brief_representation
from netjobs.api.schedules.inputs import ScheduleTimingMixin
from netjobs.api.schedules.vocabulary import IntervalField, crontab_never_fires, interval_type_of, nautobot_interval
from netjobs.api.serializers import BaseModelSerializer, StrictSerializerMixin
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.submit import REDACTED
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob

__all__ = [
    "ScheduledJobCreateSerializer",
    "ScheduledJobSerializer",
    "ScheduledJobUpdateSerializer",
    "scheduled_job_brief",
]

_BRIEF = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "nullable": True},
        "display": {"type": "string"},
    },
    "required": ["id", "url", "display"],
}
_INTERVAL = {
    "type": "object",
    "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
    "required": ["value", "label"],
}


def scheduled_job_brief(schedule_id: int | None, request: Any = None) -> dict[str, Any] | None:
    """`{id, url, display}` of a schedule known by id only (a run's `scheduled_job`), without a query."""
    if schedule_id is None:
        return None
    url = registry.object_url(ScheduledJob(pk=schedule_id), request)
    return {"id": schedule_id, "url": url, "display": f"Scheduled job {schedule_id}"}


class ScheduledJobSerializer(BaseModelSerializer):
    """A schedule: what runs, when (`interval`, Nautobot's; `interval_type`, netjobs'), as whom, and how it went."""

    job = serializers.SerializerMethodField()
    job_model = serializers.SerializerMethodField(help_text="Nautobot 2's name for `job`")
    task = serializers.SerializerMethodField(help_text="The job's class path (Nautobot 2)")
    interval = serializers.SerializerMethodField()
    interval_type = serializers.CharField(read_only=True)
    summary = serializers.SerializerMethodField(help_text='In words, e.g. "daily at 02:00"')
    one_off = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField(help_text="The user each run runs as")
    data = serializers.SerializerMethodField(help_text="The job's input, as each run receives it")
    dryrun = serializers.SerializerMethodField()
    approval_required = serializers.SerializerMethodField()
    last_result = serializers.SerializerMethodField()
    last_run_at = serializers.DateTimeField(source="last_run", read_only=True, allow_null=True)
    total_run_count = serializers.IntegerField(source="run_count", read_only=True)
    date_changed = serializers.DateTimeField(source="last_updated", read_only=True)

    brief_extra = ("interval_type", "next_run")

    class Meta:
        model = ScheduledJob
        fields = [
            "id", "url", "display", "name", "description", "job", "job_model", "task", "interval", "interval_type",
            "interval_minutes", "crontab", "summary", "start_time", "end_time", "one_off", "enabled", "user",
            "created_by", "data", "commit", "dryrun", "queue", "approval_required", "next_run", "last_run",
            "last_run_at", "run_count", "total_run_count", "last_result", "last_error", "system_job", "created",
            "last_updated", "date_changed",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(_BRIEF)
    def get_job(self, obj: ScheduledJob) -> dict[str, Any]:
        data = brief_representation(obj.job, self.context.get("request"))
        data["class_path"] = obj.job.class_path
        return data

    @extend_schema_field(_BRIEF)
    def get_job_model(self, obj: ScheduledJob) -> dict[str, Any]:
        return self.get_job(obj)

    def get_task(self, obj: ScheduledJob) -> str:
        return obj.job.class_path

    @extend_schema_field(_INTERVAL)
    def get_interval(self, obj: ScheduledJob) -> dict[str, str]:
        return nautobot_interval(obj.interval_type)

    def get_summary(self, obj: ScheduledJob) -> str:
        return obj.describe()

    def get_one_off(self, obj: ScheduledJob) -> bool:
        return obj.interval_type == IntervalType.ONCE

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display": {"type": "string"}},
        }
    )
    def get_user(self, obj: ScheduledJob) -> dict[str, Any] | None:
        if obj.user_id is None:
            return None
        # The user lives in the data database: one query per distinct user of a page, not per schedule.
        usernames: dict[int, str] = self.context.setdefault("_usernames", {})
        if obj.user_id not in usernames:
            found = get_user_model().objects.filter(pk=obj.user_id).first()
            usernames[obj.user_id] = found.get_username() if found is not None else f"user #{obj.user_id} (deleted)"
        username = usernames[obj.user_id]
        return {"id": obj.user_id, "username": username, "display": username}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, obj: ScheduledJob) -> dict[str, Any]:
        # Schedules never store sensitive input; redact anyway should a job have made a variable sensitive since.
        properties = (obj.job.variables_schema or {}).get("properties") or {}
        stored = obj.data if isinstance(obj.data, dict) else {}
        return {
            name: REDACTED if (properties.get(name) or {}).get("writeOnly") and value is not None else value
            for name, value in stored.items()
        }

    def get_dryrun(self, obj: ScheduledJob) -> bool:
        return not obj.commit

    def get_approval_required(self, obj: ScheduledJob) -> bool:
        """Each run waits for approval (the job's `approval_required`)."""
        return bool((obj.job.meta or {}).get("approval_required"))

    @extend_schema_field({**_BRIEF, "nullable": True})
    def get_last_result(self, obj: ScheduledJob) -> dict[str, Any] | None:
        if obj.last_result_id is None:
            return None
        url = registry.object_url(JobResult(pk=obj.last_result_id), self.context.get("request"))
        return {"id": obj.last_result_id, "url": url, "display": f"Run {obj.last_result_id}"}


def _job_lookup(value: Any) -> dict[str, Any] | None:
    """The JobDefinition lookup a `job` value asks for: an id, a class path or name, or `{"id"|"class_path": …}`."""
    if isinstance(value, Mapping):
        if "id" in value:
            value = value["id"]
        elif isinstance(value.get("class_path"), str):
            return {"class_path": value["class_path"]}
        elif isinstance(value.get("name"), str):
            return {"name": value["name"]}
        else:
            return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return {"pk": value} if 0 < value < 2**63 else None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.isdigit():
            return {"pk": int(text)} if 0 < int(text) < 2**63 else None
        return {"class_path": text} if text.count("/") == 2 else {"name": text}
    return None


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "description": "The job's id"},
            {"type": "string", "description": "The job's class path (local/example/MyJob) or unique name"},
            {"type": "object", "description": '`{"id": …}` or `{"class_path": …}`', "additionalProperties": True},
        ]
    }
)
class JobReferenceField(serializers.Field):
    """A job named by id, class path, unique name, or `{"id": …}` / `{"class_path": …}`; only jobs the user sees."""

    default_error_messages = {
        "invalid": "Expected a job id, class path or name, or an object with one of them.",
        "not_found": "No job matches {value}.",
        "ambiguous": "More than one job is named {value}; use its id or class path.",
    }

    def to_internal_value(self, data: Any) -> JobDefinition:
        lookup = _job_lookup(data)
        if lookup is None:
            self.fail("invalid")
        request = self.context.get("request")
        from netjobs.api.jobs import access

        visible = access.visible_jobs(request.user) if request is not None else JobDefinition.objects.none()
        matches = list(visible.filter(**lookup)[:2])
        if len(matches) > 1:
            self.fail("ambiguous", value=repr(data))
        if not matches:
            self.fail("not_found", value=repr(data) if not isinstance(data, Mapping) else repr(dict(data)))
        return matches[0]

    def to_representation(self, value: JobDefinition) -> Any:
        return value.pk


class ScheduledJobCreateSerializer(StrictSerializerMixin, ScheduleTimingMixin):
    """A new schedule. The job by `job` (Nautobot 2: `job_model`, or `task` as a class path); its input in `data`."""

    job = JobReferenceField(required=False)
    job_model = JobReferenceField(required=False, help_text="Nautobot 2's name for `job`")
    task = JobReferenceField(required=False, help_text="The job's class path (Nautobot 2)")
    name = serializers.CharField(required=False, allow_blank=True, max_length=255, help_text="Default: made up")
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    interval = IntervalField(allow_immediately=False)
    enabled = serializers.BooleanField(required=False, default=True)
    data = serializers.JSONField(required=False, help_text="The job's variables, by name")
    commit = serializers.BooleanField(required=False, allow_null=True)
    dryrun = serializers.BooleanField(required=False, allow_null=True, help_text="Nautobot 2: the inverse of commit")
    queue = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100)
    task_queue = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        from netjobs.api.jobs.inputs import known_queues, normalise_data, type_errors

        errors: dict[str, Any] = {}
        named = {key: attrs[key] for key in ("job", "job_model", "task") if attrs.get(key) is not None}
        if not named:
            raise serializers.ValidationError({"job": ["Name the job to schedule: its id or class path."]})
        definition = next(iter(named.values()))
        for key, other in named.items():
            if other.pk != definition.pk:
                errors[key] = [f"Names another job than {next(iter(named))!r} ({definition.class_path})."]
        kind = interval_type_of(attrs["interval"])
        if kind == IntervalType.ONCE and attrs.get("start_time") is None:
            errors["start_time"] = ["A run in the future needs its start time."]
        if kind == IntervalType.CRONTAB:
            problem = crontab_never_fires(attrs.get("crontab", ""), attrs.get("start_time"))
            if problem:
                errors["crontab"] = [problem]
        data = attrs.get("data")
        if data is None:
            data = {}
        if not isinstance(data, dict):
            errors["data"] = ["Expected an object mapping variable names to values."]
        else:
            schema = definition.variables_schema or {}
            data = normalise_data(schema, data)
            problems = type_errors(schema, data)
            if problems:
                errors["data"] = problems
        commit, dryrun = attrs.get("commit"), attrs.get("dryrun")
        if commit is not None and dryrun is not None and commit == dryrun:
            errors["dryrun"] = ["Contradicts 'commit': give one of them."]
        queue, task_queue = attrs.get("queue"), attrs.get("task_queue")
        if queue and task_queue and queue != task_queue:
            errors["task_queue"] = ["Contradicts 'queue': give one of them."]
        chosen_queue = queue or task_queue or None
        if chosen_queue and chosen_queue not in known_queues(definition):
            key = "queue" if queue else "task_queue"
            errors[key] = [f"Unknown queue {chosen_queue!r}: no worker serves it and the job does not declare it."]
        if errors:
            raise serializers.ValidationError(errors)
        return {
            "definition": definition,
            "timing": {
                "interval_type": kind,
                "name": (attrs.get("name") or "").strip(),
                "start_time": attrs.get("start_time"),
                "end_time": attrs.get("end_time"),
                "interval_minutes": attrs.get("interval_minutes"),
                "crontab": attrs.get("crontab", ""),
            },
            "description": attrs.get("description", ""),
            "enabled": attrs.get("enabled", True),
            "data": data,
            "commit": commit if commit is not None else (None if dryrun is None else not dryrun),
            "queue": chosen_queue,
        }


#: Fields a schedule keeps for life: to change them, create a new schedule.
FIXED_FIELDS = ("job", "job_model", "task", "data", "commit", "dryrun", "queue", "task_queue", "user")


class ScheduledJobUpdateSerializer(StrictSerializerMixin, ScheduleTimingMixin):
    """What an edit may change: the name, description, enabled flag and timing (checked by the model). Changing
    `interval` drops the old kind's `crontab` / `interval_minutes` unless given again."""

    name = serializers.CharField(required=False, max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    enabled = serializers.BooleanField(required=False)
    interval = IntervalField(required=False, allow_immediately=False)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            fixed = sorted(name for name in FIXED_FIELDS if name in data)
            if fixed:
                message = "Cannot be changed: a schedule keeps its job, input and queue; create a new one instead."
                raise serializers.ValidationError({name: [message] for name in fixed})
        return super().to_internal_value(data)

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A schedule needs a name.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "interval" in attrs:
            attrs["interval_type"] = interval_type_of(attrs.pop("interval"))
        return attrs
