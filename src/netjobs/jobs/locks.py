"""Named job locks (CNaaS-NMS style): `Meta.locks = ["devices"]`.

A run takes all its locks in the same bookkeeping transaction that claims it, all or nothing, by INSERTing one
row per name under a unique constraint — atomic and owned, never read-then-write. A run that cannot get its
locks is left pending (it waits without occupying a worker) until `Meta.lock_timeout` seconds after it was
queued, or, with no timeout, fails at once naming the holder. Locks are released when the run ends, and by the
reaper when its worker died.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import notify
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobLock, JobResult

__all__ = ["LockHeld", "acquire", "clear", "release", "release_orphans"]

logger = logging.getLogger(__name__)


class LockHeld(Exception):
    """A lock the run needs is held by another run."""

    def __init__(self, name: str, holder_id: int | None) -> None:
        self.name, self.holder_id = name, holder_id
        holder = f"run {holder_id}" if holder_id is not None else "another run"
        super().__init__(f"lock {name} is held by {holder}")


def acquire(result: JobResult, worker: str = "") -> None:
    """Take every lock of `result` or none. Raises LockHeld. Call inside the claiming transaction."""
    names = sorted(set(result.lock_names or ()))
    if not names:
        return
    try:
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            JobLock.objects.bulk_create([JobLock(name=name, job_result_id=result.pk, worker=worker) for name in names])
    except IntegrityError:
        held = JobLock.objects.filter(name__in=names).exclude(job_result_id=result.pk).order_by("name").first()
        raise LockHeld(held.name if held else names[0], held.job_result_id if held else None) from None


def release(result: JobResult) -> int:
    """Release the locks of `result`; wake the workers so that runs waiting for them start."""
    if not result.lock_names:
        return 0
    released, _ = JobLock.objects.filter(job_result_id=result.pk).delete()
    if released:
        notify.send(notify.WAKE)
    return released


def release_orphans() -> int:
    """Release locks whose run is no longer running (its worker died, or it was errored by hand)."""
    orphans = JobLock.objects.exclude(job_result__status=JobResultStatus.RUNNING)
    released, _ = orphans.delete()
    if released:
        logger.warning("Released %d lock(s) of runs that are no longer running", released)
        notify.send(notify.WAKE)
    return released


def clear(name: str) -> bool:
    """Remove a lock by hand (the CNaaS `DELETE /joblocks`). True if it existed."""
    deleted, _ = JobLock.objects.filter(name=name).delete()
    if deleted:
        notify.send(notify.WAKE)
    return bool(deleted)
