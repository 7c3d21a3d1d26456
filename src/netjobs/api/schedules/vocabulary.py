"""Schedule kinds in the API's words: Nautobot 2's `interval` names, netjobs' own, and the checks every write shares.

Nautobot 2 names a schedule's kind `immediately` (no schedule: run now), `future` (once, at `start_time`),
`hourly`, `daily`, `weekly` or `custom` (a crontab). netjobs adds `every` (every `interval_minutes` minutes) and
also accepts its own model's names (`once`, `minutes`, `crontab`, …). Responses carry both: `interval` as
Nautobot's `{"value", "label"}` and `interval_type` as netjobs' name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from croniter import croniter
from django.utils import timezone
from rest_framework import serializers

from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.timing import crontab_error

__all__ = [
    "IMMEDIATELY",
    "LATEST_TIME",
    "MAX_INTERVAL_MINUTES",
    "REQUEST_INTERVALS",
    "IntervalField",
    "check_time",
    "crontab_never_fires",
    "interval_type_of",
    "nautobot_interval",
]

IMMEDIATELY = "immediately"

#: netjobs' kind → Nautobot 2's name and label (`every` is netjobs' own: Nautobot has no "every N minutes").
NAUTOBOT_INTERVALS: dict[str, tuple[str, str]] = {
    IntervalType.ONCE: ("future", "Once in the future"),
    IntervalType.MINUTES: ("every", "Every N minutes"),
    IntervalType.HOURLY: ("hourly", "Recurring hourly"),
    IntervalType.DAILY: ("daily", "Recurring daily"),
    IntervalType.WEEKLY: ("weekly", "Recurring weekly"),
    IntervalType.CRONTAB: ("custom", "Recurring custom"),
}

#: Every name a request may use → netjobs' kind (None: run now, no schedule).
REQUEST_INTERVALS: dict[str, str | None] = {
    IMMEDIATELY: None,
    **{name: kind for kind, (name, _label) in NAUTOBOT_INTERVALS.items()},
    **{kind.value: kind.value for kind in IntervalType},
}

#: Ten years: longer periods are a typo, and timedelta arithmetic stays far from its limits.
MAX_INTERVAL_MINUTES = 10 * 366 * 24 * 60
EARLIEST_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST_TIME = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)


def nautobot_interval(interval_type: str) -> dict[str, str]:
    value, label = NAUTOBOT_INTERVALS.get(interval_type, (interval_type, interval_type))
    return {"value": value, "label": label}


def interval_type_of(name: str) -> str | None:
    """netjobs' kind for a request's interval name (None for `immediately`); KeyError for an unknown name."""
    return REQUEST_INTERVALS[name]


class IntervalField(serializers.ChoiceField):
    """An interval name, as a string or as Nautobot's `{"value": …}` object; validated to netjobs' kind."""

    def __init__(self, *, allow_immediately: bool = True, **kwargs: Any) -> None:
        names = [name for name in REQUEST_INTERVALS if allow_immediately or name != IMMEDIATELY]
        kwargs.setdefault(
            "help_text",
            "Nautobot 2: immediately, future, hourly, daily, weekly, custom (crontab); netjobs: every "
            "(interval_minutes), or its own names once, minutes, crontab",
        )
        super().__init__(choices=names, **kwargs)
        if not allow_immediately:
            self.error_messages = {
                **self.error_messages,
                "invalid_choice": '"{input}" is not a schedule kind here; one of: ' + ", ".join(names) + ".",
            }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and "value" in data:
            data = data["value"]
        if isinstance(data, str):
            data = data.strip().lower()
        return super().to_internal_value(data)


def check_time(value: dt.datetime | None) -> dt.datetime | None:
    """A start or end time within reason (1970 to 2199), so that no schedule arithmetic can overflow."""
    if value is not None and not (EARLIEST_TIME <= value < LATEST_TIME):
        raise serializers.ValidationError("Must be between 1970-01-01 and 2199-12-31.")
    return value


def crontab_never_fires(expression: str, start: dt.datetime | None = None) -> str | None:
    """Why a well-formed crontab can never fire ("0 0 31 2 *": there is no February 31st), or None."""
    text = (expression or "").strip()
    if not text or crontab_error(text):
        return None  # the model names a malformed crontab in its own words
    base = max(start or timezone.now(), timezone.now())
    try:
        croniter(text, base).get_next(dt.datetime)
    except (ValueError, OverflowError, KeyError):  # CroniterBadDateError is a ValueError
        return f"{text!r} never matches a date: it could never run."
    return None
