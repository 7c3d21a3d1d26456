"""Structured events (`EventLog` rows): what a system job did or why it failed, as data an operator can query.

Events are written through the bookkeeping alias on their own connection, so an event describing a failure is
kept when the failed run's data transaction is rolled back. Writing one is best effort: an event that cannot be
stored is logged and never turns a good run into a failed one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError

from netjobs.scheduling.choices import EventLevel
from netjobs.scheduling.models import EventLog

__all__ = ["log_event"]

logger = logging.getLogger(__name__)
_PY_LEVELS = {
    EventLevel.DEBUG: logging.DEBUG,
    EventLevel.INFO: logging.INFO,
    EventLevel.WARNING: logging.WARNING,
    EventLevel.ERROR: logging.ERROR,
}


def _json_safe(data: Mapping[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    try:
        return json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder, default=str))
    except (TypeError, ValueError):
        return {"repr": repr(data)}


def log_event(
    name: str,
    message: str,
    *,
    level: str = EventLevel.INFO,
    data: Mapping[str, Any] | None = None,
    job_result_id: int | None = None,
) -> EventLog | None:
    """Record an event (and mirror it to the `netjobs.events` logger). None when it could not be stored."""
    level = EventLevel(level)
    logging.getLogger("netjobs.events").log(_PY_LEVELS[level], "%s: %s", name, message)
    try:
        return EventLog.objects.create(
            name=name[:255], level=level, message=message, data=_json_safe(data), job_result_id=job_result_id
        )
    except DatabaseError:
        logger.exception("Could not store event %s: %s", name, message)
        return None
