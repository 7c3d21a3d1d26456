"""Schedule kinds and event levels, defined once."""

from __future__ import annotations

from django.db import models

__all__ = ["EventLevel", "IntervalType"]


class IntervalType(models.TextChoices):
    ONCE = "once", "Once, at a time"
    MINUTES = "minutes", "Every N minutes"
    HOURLY = "hourly", "Hourly"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    CRONTAB = "crontab", "Crontab"


class EventLevel(models.TextChoices):
    DEBUG = "debug", "Debug"
    INFO = "info", "Info"
    WARNING = "warning", "Warning"
    ERROR = "error", "Error"
