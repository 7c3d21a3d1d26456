"""The `database` backend: pending JobResult rows are the queue.

Dispatch only wakes the local workers (a datagram on a Unix socket each, see netjobs.jobs.notify); workers
claim rows with a compare-and-set UPDATE, so a wake-up that is lost or duplicated never loses or doubles a run.
Workers on other machines find new rows by polling every NETJOBS_POLL_INTERVAL seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from netjobs.jobs import notify
from netjobs.jobs.queue.base import QueueBackend

if TYPE_CHECKING:
    from netjobs.jobs.models import JobResult

__all__ = ["DatabaseBackend"]


class DatabaseBackend(QueueBackend):
    name: ClassVar[str] = "database"
    supports_polling: ClassVar[bool] = True

    def dispatch(self, result: JobResult) -> None:
        notify.send(notify.WAKE, result.queue)
