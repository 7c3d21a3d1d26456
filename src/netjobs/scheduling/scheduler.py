"""The scheduler loop: fire each due schedule exactly once, then sleep until the next one is due.

Exactly once, with any number of schedulers: a fire is one transaction on the bookkeeping alias that moves
`next_run` from the due value to the following one with a compare-and-set UPDATE and submits the run. Two
schedulers that see the same due row race on that UPDATE; the row lock (PostgreSQL) or the database writer lock
(SQLite, IMMEDIATE transactions) makes the loser match zero rows, so it submits nothing. A crash before the
commit leaves neither the run nor the moved `next_run` behind, so the fire is retried, never lost.

Idle cost: one indexed query for the earliest `next_run`, then a sleep on the "schedule" notification socket
until that time. Saving a schedule sends a datagram on that channel (netjobs.scheduling.signals) and the
scheduler wakes at once; `max_sleep` bounds the wait for schedules changed on other machines.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import notify
from netjobs.jobs.registry import JobNotFoundError
from netjobs.jobs.submit import JobDisabledError, JobInputError, submit
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.timing import next_fire_time

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = ["SCHEDULE_CHANNEL", "Clock", "FireOutcome", "Scheduler", "describe_next", "fire"]

logger = logging.getLogger(__name__)
SCHEDULE_CHANNEL = "schedule"
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class FireOutcome:
    """What one fire did: `result_id` is the queued run; `error` why none was queued; `lost` another won."""

    schedule_id: int
    due: dt.datetime
    next_run: dt.datetime | None
    result_id: int | None = None
    error: str = ""
    lost: bool = False


class _NotRunnable(Exception):
    """The schedule is due but cannot run as it stands (its user is gone, its job disabled, its input invalid)."""


def _run_as(schedule: ScheduledJob) -> AbstractBaseUser | None:
    if schedule.user_id is None:
        return None
    user = get_user_model().objects.filter(pk=schedule.user_id).first()
    if user is None:
        raise _NotRunnable(f"user: the user #{schedule.user_id} this schedule runs as no longer exists")
    if not user.is_active:
        raise _NotRunnable(f"user: {user.get_username()} is inactive")
    return user


def fire(schedule_id: int, due: dt.datetime, now: dt.datetime) -> FireOutcome:
    """Fire `schedule_id` for its slot `due` at `now`: one transaction, or nothing if another scheduler won.

    The next run is the schedule's first slot strictly after `now`: all slots missed during downtime collapse
    into this one fire. A one-off schedule, or one past its end, is finished (disabled, no next run). A schedule
    whose run cannot be created (invalid input, disabled job, missing user) still moves on to its next slot and
    records why in `last_error`, so a broken schedule never stalls the loop or refires in a tight loop.
    """
    with transaction.atomic(using=BOOKKEEPING_ALIAS):
        schedule = ScheduledJob.objects.select_related("job").filter(pk=schedule_id).first()
        if schedule is None or not schedule.enabled or schedule.next_run != due:
            return FireOutcome(schedule_id, due, None, lost=True)
        next_run = next_fire_time(schedule.timing, now)
        finished = next_run is None
        late_past_end = schedule.end_time is not None and now > schedule.end_time
        claimed = ScheduledJob.objects.filter(pk=schedule_id, enabled=True, next_run=due).update(
            next_run=next_run,
            enabled=not finished,
            last_run=now,
            last_updated=now,
        )
        if not claimed:
            return FireOutcome(schedule_id, due, None, lost=True)
        if late_past_end:
            # Down past the end time: the end wins over catching up, nothing starts after it.
            logger.info("Schedule %s (%s) ended at %s while no scheduler ran", schedule.pk, schedule, schedule.end_time)
            return FireOutcome(schedule_id, due, None, error="ended while the scheduler was down")
        try:
            # A savepoint: a run that cannot be created is rolled back alone, the advanced next_run is kept.
            with transaction.atomic(using=BOOKKEEPING_ALIAS):
                result = submit(
                    schedule.job,
                    schedule.data,
                    user=_run_as(schedule),
                    commit=schedule.commit,
                    queue=schedule.queue or None,
                    scheduled_by=schedule.created_by or "scheduler",
                    scheduled_job_id=schedule.pk,
                )
        except DatabaseError:
            raise  # the whole fire rolls back and is retried: the database, not the schedule, is at fault
        except (_NotRunnable, JobInputError, JobDisabledError, JobNotFoundError) as exc:
            error = f"data: {exc}" if isinstance(exc, JobInputError) else str(exc)
            return _record_error(schedule, due, next_run, error)
        except Exception as exc:
            logger.exception("Schedule %s (%s): submitting its run raised", schedule.pk, schedule)
            return _record_error(schedule, due, next_run, f"{type(exc).__name__}: {exc}")
        ScheduledJob.objects.filter(pk=schedule_id).update(
            run_count=F("run_count") + 1, last_result_id=result.pk, last_error=""
        )
    logger.info("Schedule %s (%s) queued run %s; next run %s", schedule.pk, schedule, result.pk, next_run or "none")
    return FireOutcome(schedule_id, due, next_run, result_id=result.pk)


def _record_error(schedule: ScheduledJob, due: dt.datetime, next_run: dt.datetime | None, error: str) -> FireOutcome:
    ScheduledJob.objects.filter(pk=schedule.pk).update(last_error=error)
    logger.warning("Schedule %s (%s) is due but cannot run: %s", schedule.pk, schedule, error)
    return FireOutcome(schedule.pk, due, next_run, error=error)


class Scheduler:
    """Fires due schedules; `serve()` loops until stopped. The clock is injectable so tests control time."""

    def __init__(
        self,
        *,
        clock: Clock = timezone.now,
        name: str | None = None,
        max_sleep: float = 60.0,
        batch_size: int = 200,
    ) -> None:
        self.clock = clock
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.max_sleep = max_sleep
        self.batch_size = batch_size
        self.stopping = threading.Event()
        self._listener: notify.Listener | None = None

    def due(self, now: dt.datetime) -> list[tuple[int, dt.datetime]]:
        """(id, due time) of up to `batch_size` enabled schedules due at `now`, earliest first."""
        rows = (
            ScheduledJob.objects.filter(enabled=True, next_run__lte=now)
            .order_by("next_run", "pk")
            .values_list("pk", "next_run")[: self.batch_size]
        )
        return list(rows)

    def tick(self) -> list[FireOutcome]:
        """Fire everything due now. A schedule that fails unexpectedly is logged and left for the next tick."""
        outcomes: list[FireOutcome] = []
        while True:
            now = self.clock()
            batch = self.due(now)
            fired = 0
            for schedule_id, due in batch:
                try:
                    outcome = fire(schedule_id, due, now)
                except DatabaseError:
                    raise
                except Exception:
                    logger.exception("Firing schedule %s failed", schedule_id)
                    continue
                outcomes.append(outcome)
                fired += not outcome.lost
            if len(batch) < self.batch_size or not fired:
                return outcomes

    def seconds_until_next(self) -> float:
        """How long to sleep: until the earliest next run, at most `max_sleep`."""
        upcoming = (
            ScheduledJob.objects.filter(enabled=True, next_run__isnull=False)
            .order_by("next_run")
            .values_list("next_run", flat=True)
            .first()
        )
        if upcoming is None:
            return self.max_sleep
        return min(self.max_sleep, max(0.0, (upcoming - self.clock()).total_seconds()))

    def stop(self) -> None:
        """Stop the loop from a signal handler or another thread (wakes the sleeping loop)."""
        self.stopping.set()
        listener = self._listener
        if listener is not None:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                try:
                    sock.sendto(b"stop", str(listener.path))
                except OSError:
                    pass

    def serve(self) -> None:
        """Fire due schedules and sleep until the next is due, until `stop()`. Database errors back off."""
        self._listener = notify.Listener(SCHEDULE_CHANNEL, f"scheduler-{self.name}".replace("/", "-"))
        backoff = 1.0
        logger.info("Scheduler %s started", self.name)
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    self._listener.drain()  # wake-ups that arrived while firing are covered by this pass
                    self.tick()
                    wait = self.seconds_until_next()
                    backoff = 1.0
                except DatabaseError:
                    logger.exception("Scheduler %s: database error; retrying in %.0fs", self.name, backoff)
                    connections.close_all()
                    wait, backoff = backoff, min(backoff * 2, self.max_sleep)
                if wait > 0 and not self.stopping.is_set():
                    self._listener.wait(wait)
        finally:
            self._listener.close()
            self._listener = None
            connections.close_all()
            logger.info("Scheduler %s stopped", self.name)


def describe_next(schedule: ScheduledJob) -> str:
    """The next run, or why there is none (for listings)."""
    if schedule.next_run is not None and schedule.enabled:
        return timezone.localtime(schedule.next_run).strftime("%Y-%m-%d %H:%M:%S")
    if schedule.interval_type == IntervalType.ONCE and schedule.run_count:
        return "done"
    if schedule.end_time is not None and schedule.last_run is not None and not schedule.enabled:
        return "ended"
    return "-"
