"""Event names, delivery statuses and notification conditions, defined once."""

from __future__ import annotations

from django.db import models

from netjobs.jobs.choices import JobResultStatus, LogLevel

__all__ = [
    "FAILED_RUN_STATES",
    "FINISHED_DELIVERY_STATES",
    "SUBSCRIBABLE_EVENTS",
    "DeliveryStatus",
    "NotifyWhen",
    "WebhookEvent",
    "level_rank",
]


class WebhookEvent(models.TextChoices):
    RUN_STARTED = "run_started", "Run started"
    RUN_FINISHED = "run_finished", "Run finished"
    LOG_ENTRY = "log_entry", "Log entry"
    #: Sent only by `netjobs webhooks test` and the admin's "send a test event" action.
    PING = "ping", "Test (ping)"


#: The events a webhook can subscribe to (ping is sent on request, never subscribed to).
SUBSCRIBABLE_EVENTS = (WebhookEvent.RUN_STARTED, WebhookEvent.RUN_FINISHED, WebhookEvent.LOG_ENTRY)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


FINISHED_DELIVERY_STATES = frozenset({DeliveryStatus.DELIVERED, DeliveryStatus.FAILED})


class NotifyWhen(models.TextChoices):
    ALWAYS = "always", "Every finished run"
    FAILURE = "failure", "Failed or errored runs"
    PROBLEMS = "problems", "Failed or errored runs, and runs that logged warnings"


FAILED_RUN_STATES = frozenset({JobResultStatus.FAILED, JobResultStatus.ERRORED})

_RANKS = {level: rank for rank, level in enumerate(LogLevel.values)}


def level_rank(level: str) -> int:
    """Order of a log level (debug < info < success < warning < failure); unknown levels rank highest."""
    return _RANKS.get(level, len(_RANKS))
