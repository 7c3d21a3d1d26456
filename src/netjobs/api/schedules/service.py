"""Creating a schedule from an API request: the job's input checked per variable, then `create_schedule()`.

Errors come back as a DRF ValidationError naming each field the way the caller's request names it: inside
`"schedule"` for a run request (`{"schedule": {"crontab": [...]}}`), at the top level for
`/api/extras/scheduled-jobs/`; the job's variables always under `data` (`{"data": {"bar": [...]}}`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from netjobs.jobs.models import JobDefinition
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.submit import JobDisabledError, input_errors, resolve_job
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.schedules import create_schedule

__all__ = ["TIMING_KEYS", "create_from_api", "model_errors"]

#: Model fields that describe the schedule itself (in a run request they sit inside "schedule").
TIMING_KEYS = frozenset(
    {"name", "description", "interval_type", "interval_minutes", "crontab", "start_time", "end_time", "enabled"}
)


def model_errors(error: DjangoValidationError, *, nested: bool) -> dict[str, Any]:
    """A ScheduledJob ValidationError as API errors (`interval_type` is `interval`, `queue` the request's key)."""
    details: Mapping[str, list[str]]
    details = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    out: dict[str, Any] = {}
    timing: dict[str, list[str]] = {}
    for key, messages in details.items():
        messages = [str(message) for message in messages]
        if key == "__all__" or key == "user":
            (timing if nested else out).setdefault("non_field_errors", []).extend(messages)
        elif key in TIMING_KEYS:
            name = "interval" if key == "interval_type" else key
            if nested and key == "description":
                out["comment"] = messages  # a run request's comment becomes the schedule's description
            else:
                (timing if nested else out)[name] = messages
        elif key == "queue":
            out["task_queue" if nested else "queue"] = messages
        else:  # job, data, commit
            out[key] = messages
    if timing:
        out["schedule"] = timing
    return out


def create_from_api(
    definition: JobDefinition,
    timing: Mapping[str, Any],
    *,
    data: Mapping[str, Any],
    user: Any,
    commit: bool | None,
    queue: str | None,
    description: str = "",
    enabled: bool = True,
    has_files: bool = False,
    nested: bool,
) -> ScheduledJob:
    """Validate and save the schedule `timing` describes (a `ScheduleInputSerializer`-style dict) for `definition`.

    `nested`: the request is a run request, whose schedule fields sit inside `"schedule"`. Nothing is created
    when this raises.
    """
    refusal_key = "schedule" if nested else "job"
    try:
        definition, job_class = resolve_job(definition)
    except (JobDisabledError, JobNotFoundError) as exc:
        raise serializers.ValidationError({"job": [str(exc)]}) from None
    sensitive = sorted(job_class.sensitive_variable_names())
    if sensitive:
        raise serializers.ValidationError(
            {
                refusal_key: [
                    f"This job has sensitive input ({', '.join(sensitive)}), which a schedule cannot store: "
                    "run it now instead."
                ]
            }
        )
    if has_files:
        raise serializers.ValidationError(
            {refusal_key: ["Uploaded files are not kept: a run needing one cannot be scheduled."]}
        )
    problems = input_errors(job_class, data)
    if problems:
        raise serializers.ValidationError(
            {"data": {("non_field_errors" if k == "__all__" else k): v for k, v in problems.items()}}
        )
    try:
        return create_schedule(
            definition,
            interval_type=timing["interval_type"],
            start_time=timing.get("start_time"),
            end_time=timing.get("end_time"),
            interval_minutes=timing.get("interval_minutes"),
            crontab=timing.get("crontab") or "",
            data=data,
            user=user if user is not None and user.is_authenticated else None,
            commit=commit,
            queue=queue or "",
            name=timing.get("name") or "",
            description=description,
            enabled=enabled,
        )
    except DjangoValidationError as exc:
        raise serializers.ValidationError(model_errors(exc, nested=nested)) from None
    except (ValueError, OverflowError) as exc:  # timing arithmetic the model's checks did not foresee
        errors = {"non_field_errors": [f"This schedule cannot be computed: {exc}"]}
        raise serializers.ValidationError({"schedule": errors} if nested else errors) from None
