"""The `"schedule"` object of a run request, in Nautobot 2's shape plus netjobs' own fields.

    {"name": "nightly", "interval": "daily", "start_time": "2030-01-01T02:00:00Z"}
    {"interval": "custom", "crontab": "*/5 * * * *"}
    {"interval": "every", "interval_minutes": 15, "end_time": "2030-06-30T00:00:00Z"}

A missing `interval`, or `immediately`, runs the job now (no schedule). Everything else about the timing is
checked by the model (`create_schedule()`), which names the bad field.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netjobs.api.schedules.vocabulary import (
    MAX_INTERVAL_MINUTES,
    IntervalField,
    check_time,
    crontab_never_fires,
    interval_type_of,
)
from netjobs.api.serializers import StrictSerializerMixin
from netjobs.scheduling.choices import IntervalType

__all__ = ["ScheduleInputSerializer", "ScheduleTimingMixin"]

_TIMING_FIELDS = ("start_time", "end_time", "interval_minutes", "crontab")


class ScheduleTimingMixin(serializers.Serializer):
    """The timing fields shared by the run payload's `schedule`, and creating or editing a scheduled job."""

    start_time = serializers.DateTimeField(
        required=False, allow_null=True, help_text="The run (future) or the first run (recurring); default: now"
    )
    end_time = serializers.DateTimeField(required=False, allow_null=True, help_text="No run starts after it")
    interval_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_INTERVAL_MINUTES,
        help_text="For `every`: the period in minutes",
    )
    crontab = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="For `custom`: five fields, e.g. */5 * * * *"
    )

    def validate_start_time(self, value: Any) -> Any:
        return check_time(value)

    def validate_end_time(self, value: Any) -> Any:
        return check_time(value)

    def validate_crontab(self, value: str) -> str:
        return value.strip()


class ScheduleInputSerializer(StrictSerializerMixin, ScheduleTimingMixin):
    """When to run: Nautobot 2's `{"name", "interval", "start_time", "crontab"}`, plus `interval_minutes` and
    `end_time`. No `interval`, or `immediately`, runs now; unknown keys are a 400 naming them."""

    name = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=255, help_text="Unique; default: made up"
    )
    interval = IntervalField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """`{"interval_type": <netjobs kind or None>, …}`: None means "run now"."""
        name = attrs.get("interval")
        if name is None:
            given = [field for field in _TIMING_FIELDS if attrs.get(field) not in (None, "")]
            if given:
                raise serializers.ValidationError(
                    {"interval": [f"Required with {', '.join(given)}: future, hourly, daily, weekly, custom or every."]}
                )
            return {"interval_type": None}
        kind = interval_type_of(name)
        if kind is None:
            return {"interval_type": None}  # `immediately`: Nautobot ignores the other fields too
        if kind == IntervalType.ONCE and attrs.get("start_time") is None:
            raise serializers.ValidationError({"start_time": ["A run in the future needs its start time."]})
        if kind == IntervalType.CRONTAB:
            problem = crontab_never_fires(attrs.get("crontab", ""), attrs.get("start_time"))
            if problem:
                raise serializers.ValidationError({"crontab": [problem]})
        return {
            "interval_type": kind,
            "name": (attrs.get("name") or "").strip(),
            "start_time": attrs.get("start_time"),
            "end_time": attrs.get("end_time"),
            "interval_minutes": attrs.get("interval_minutes"),
            "crontab": attrs.get("crontab", ""),
        }
