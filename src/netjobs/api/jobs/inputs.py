"""The body of a run request, checked before anything is created.

Accepted keys: `data` (the variables), `commit` (spec / Nautobot 1) or `dryrun` (Nautobot 2), `task_queue`
(or `job_queue`), `schedule` (Nautobot 2's `{"name", "start_time", "interval", "crontab"}` plus netjobs'
`interval_minutes` and `end_time`: see `netjobs.api.schedules.inputs`), `comment` and `ticket_ref` (CNaaS-NMS),
and `job_id` / `job_name` / `class_path`, which pynautobot repeats in the body (they must name the same job).
A multipart body may flatten the schedule as Nautobot 2 does (`_schedule_interval`, `_schedule_start_time`, …).
Anything else is a 400 naming the key. Variable values are type-checked against the job's JSON schema before
the job's form sees them, because a form field would happily turn `{"a": 1}` into the string "{'a': 1}".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework import serializers

from netjobs.api.schedules.inputs import ScheduleInputSerializer
from netjobs.api.serializers import StrictSerializerMixin
from netjobs.jobs.models import JobDefinition, Worker

__all__ = ["RunInputSerializer", "known_queues", "normalise_data", "type_errors"]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _matches(value: Any, json_type: str) -> bool:
    if json_type in ("integer", "number") and isinstance(value, bool):
        return False
    if json_type == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES.get(json_type, (object,)))


def _type_name(types: list[str]) -> str:
    return " or ".join(types)


def normalise_data(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Object references given as `{"id": n}` (Nautobot clients do) become ids."""
    properties = schema.get("properties", {})
    out = dict(data)
    for name, value in data.items():
        prop = properties.get(name) or {}
        if "x-model" not in prop:
            continue
        if isinstance(value, dict) and "id" in value:
            out[name] = value["id"]
        elif isinstance(value, list):
            out[name] = [item["id"] if isinstance(item, dict) and "id" in item else item for item in value]
    return out


def type_errors(schema: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each variable whose JSON value has the wrong type (null is left to the form: it means "not given")."""
    errors: dict[str, list[str]] = {}
    properties = schema.get("properties", {})
    for name, value in data.items():
        prop = properties.get(name)
        if prop is None or value is None:
            continue  # unknown names are reported by submit(); null is "no value"
        declared = prop.get("type")
        if declared is None:
            continue  # JSONVar: any JSON
        types = declared if isinstance(declared, list) else [declared]
        if "x-model" in prop and "integer" in types and "string" not in types:
            types = [*types, "string"]  # an id may come as a numeric string
        if not any(_matches(value, t) for t in types):
            errors[name] = [f"Expected {_type_name(types)}, got {type(value).__name__}."]
            continue
        items = prop.get("items", {}).get("type")
        if isinstance(value, list) and items:
            item_types = items if isinstance(items, list) else [items]
            bad = [i for i, item in enumerate(value) if not any(_matches(item, t) for t in item_types)]
            if bad:
                errors[name] = [f"Item {i}: expected {_type_name(item_types)}." for i in bad]
    return errors


def known_queues(definition: JobDefinition) -> set[str]:
    """The queues a run of `definition` may be sent to: the default, the job's own, and every worker's."""
    queues = {settings.NETJOBS_DEFAULT_QUEUE}
    if (definition.meta or {}).get("queue"):
        queues.add(definition.meta["queue"])
    for worker_queues in Worker.objects.values_list("queues", flat=True):
        queues.update(q for q in worker_queues or [] if isinstance(q, str))
    return queues


class RunInputSerializer(StrictSerializerMixin, serializers.Serializer):
    data = serializers.JSONField(required=False, help_text="The job's variables, by name")
    commit = serializers.BooleanField(required=False, allow_null=True, help_text="Commit database changes")
    dryrun = serializers.BooleanField(required=False, allow_null=True, help_text="Nautobot 2: the inverse of commit")
    task_queue = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100)
    job_queue = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100)
    schedule = ScheduleInputSerializer(
        required=False, allow_null=True, help_text="Run later or on a schedule; absent or `immediately`: run now"
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    ticket_ref = serializers.CharField(required=False, allow_blank=True, max_length=100)
    job_id = serializers.JSONField(required=False, allow_null=True, help_text="pynautobot repeats the job here")
    job_name = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    class_path = serializers.CharField(required=False, allow_null=True, allow_blank=True)

    def __init__(self, *args: Any, definition: JobDefinition | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition if definition is not None else JobDefinition()

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "getlist"):  # a multipart/form-encoded body (QueryDict)
            data = _from_form(data, self.definition)
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({"non_field_errors": ["Expected a JSON object."]})
        if data.get("schedule") == "":
            data = {**data, "schedule": None}
        return super().to_internal_value(data)

    def validate_data(self, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise serializers.ValidationError("Expected an object mapping variable names to values.")
        schema = self.definition.variables_schema or {}
        value = normalise_data(schema, value)
        errors = type_errors(schema, value)
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        definition = self.definition
        job_id = attrs.get("job_id")
        if job_id not in (None, "") and str(job_id) not in (str(definition.pk), definition.class_path, definition.name):
            errors["job_id"] = [f"Names another job than the URL ({definition.pk})."]
        if attrs.get("job_name") and attrs["job_name"] not in (definition.name, definition.class_path):
            errors["job_name"] = [f"Names another job than the URL ({definition.name!r})."]
        if attrs.get("class_path") and attrs["class_path"] != definition.class_path:
            errors["class_path"] = [f"Names another job than the URL ({definition.class_path!r})."]
        commit, dryrun = attrs.get("commit"), attrs.get("dryrun")
        if commit is not None and dryrun is not None and commit == dryrun:
            errors["dryrun"] = ["Contradicts 'commit': give one of them."]
        queue = attrs.get("task_queue") or attrs.get("job_queue")
        if queue and queue not in known_queues(definition):
            key = "task_queue" if attrs.get("task_queue") else "job_queue"
            errors[key] = [f"Unknown queue {queue!r}: no worker serves it and the job does not declare it."]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["commit_value"] = commit if commit is not None else (None if dryrun is None else not dryrun)
        attrs["queue_value"] = queue or None
        schedule = attrs.get("schedule") or {}
        # The schedule's timing (`interval_type` is netjobs' kind), or None to run now.
        attrs["schedule_value"] = schedule if schedule.get("interval_type") else None
        return attrs


#: Nautobot 2's multipart form flattens the schedule: `_schedule_interval`, `_schedule_start_time`, …
_FLAT_SCHEDULE = "_schedule_"


def _from_form(form: Any, definition: JobDefinition) -> dict[str, Any]:
    """A multipart/form body: `data` (and `schedule`) as JSON strings, or each variable as its own form field."""
    top = set(RunInputSerializer._declared_fields)
    out: dict[str, Any] = {}
    flat: dict[str, Any] = {}
    variables: dict[str, Any] = {}
    properties = (definition.variables_schema or {}).get("properties", {})
    for key in form:
        values = form.getlist(key)
        value: Any = values if len(values) > 1 else values[0]
        if key in ("data", "schedule") and isinstance(value, str):
            try:
                out[key] = json.loads(value) if value.strip() else ({} if key == "data" else None)
            except json.JSONDecodeError as exc:
                raise serializers.ValidationError({key: [f"Not valid JSON: {exc}"]}) from None
        elif key.startswith(_FLAT_SCHEDULE) and key != _FLAT_SCHEDULE:
            flat[key.removeprefix(_FLAT_SCHEDULE)] = value or None
        elif key in ("_task_queue", "_job_queue"):
            out[key.removeprefix("_")] = value
        elif key in top:
            out[key] = value
        else:
            prop = properties.get(key, {})
            if prop.get("type") == "array" and not isinstance(value, list):
                value = [value]
            variables[key] = _coerce_form_value(value, prop)
    if flat:
        if out.get("schedule") is not None:
            raise serializers.ValidationError({"schedule": ["Give the schedule as JSON or as _schedule_* fields."]})
        out["schedule"] = flat
    if variables:
        if not isinstance(out.get("data", {}), dict):
            raise serializers.ValidationError({"data": ["Expected an object."]})
        out["data"] = {**out.get("data", {}), **variables}
    return out


def _coerce_form_value(value: Any, prop: Mapping[str, Any]) -> Any:
    """Form fields are strings; give them the JSON type the variable expects when they parse as it."""
    declared = prop.get("type")
    types = declared if isinstance(declared, list) else [declared]
    if not isinstance(value, str):
        return value
    if "boolean" in types:
        lowered = value.strip().lower()
        if lowered in ("true", "false", "on", "off", "1", "0"):
            return lowered in ("true", "on", "1")
    if "integer" in types and value.strip().lstrip("-").isdigit():
        return int(value)
    if "number" in types:
        try:
            return float(value)
        except ValueError:
            return value
    return value
