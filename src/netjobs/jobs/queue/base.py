"""The queue backend interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from netjobs.jobs.models import JobResult

__all__ = ["QueueBackend"]


class QueueBackend:
    """Carries "run this id" to a worker. It never owns a run's state: `execute()` claims the row itself."""

    name: ClassVar[str] = "base"
    #: Runs can be picked up by `netjobs worker` polling the JobResult table.
    supports_polling: ClassVar[bool] = False

    def dispatch(self, result: JobResult) -> None:
        """Make `result` (already committed, status pending) reach a worker soon."""
        raise NotImplementedError

    def revoke(self, result: JobResult) -> None:
        """Forget a queued run that was cancelled (its claim would fail anyway; this saves the message)."""

    def sweep(self) -> int:
        """Re-send runs the transport may have lost. Returns how many."""
        return 0
