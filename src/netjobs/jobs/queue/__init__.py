"""Queue backends: how a pending run reaches a worker. The database is always the truth about a run's state."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from netjobs.jobs.queue.base import QueueBackend

__all__ = ["QueueBackend", "get_backend"]

_BACKENDS = {
    "database": "netjobs.jobs.queue.database.DatabaseBackend",
    "celery": "netjobs.jobs.queue.celery.CeleryBackend",
}


@cache
def get_backend() -> QueueBackend:
    """The configured backend (`NETJOBS_QUEUE_BACKEND`: database, celery, or a dotted class path)."""
    name = settings.NETJOBS_QUEUE_BACKEND
    return import_string(_BACKENDS.get(name, name))()
