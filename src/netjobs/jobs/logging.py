"""A run's log: lines are buffered in memory and written in bulk by a flusher thread.

A line is visible in the database at most `NETJOBS_LOG_FLUSH_INTERVAL` (+ one INSERT) after it was emitted,
whatever the job does meanwhile, and a run that logs 100,000 lines costs ~100 INSERT statements, not 100,000.
The flusher writes through the bookkeeping alias, so lines survive a rolled-back data transaction.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import close_old_connections, models
from django.utils import timezone

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import signals
from netjobs.jobs.choices import LogLevel
from netjobs.jobs.models import JobLogEntry, JobResult

if TYPE_CHECKING:
    from netjobs.jobs.base import Job

__all__ = ["RunLog"]

logger = logging.getLogger(__name__)
_BATCH = 2000
#: Progress and per-item results are written at most this often (seconds): never one UPDATE per item.
PROGRESS_INTERVAL = 2.0


class RunLog:
    """The buffered log of one run, and the `logging.Handler` that feeds it from `job.logger`."""

    def __init__(self, result: JobResult) -> None:
        self.result = result
        self.counts: Counter[str] = Counter()
        self._pending: list[JobLogEntry] = []
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._job: Job | None = None
        self._handler = _RunLogHandler(self)
        # Progress (CNaaS finished_devices): kept here, written by the flusher at most every PROGRESS_INTERVAL.
        self._progress: dict[str, Any] = {}
        self._progress_dirty = False
        self._progress_written = 0.0

    # --- lifecycle -------------------------------------------------------------------------------------------
    def attach(self, job: Job) -> None:
        """Route the job's `log_*` calls and its `logger` into this log, and start the flusher."""
        self._job = job
        job._log = self
        job.logger = logging.getLogger(f"netjobs.job.run.{self.result.pk}")
        job.logger.setLevel(logging.DEBUG)
        job.logger.propagate = False
        job.logger.addHandler(self._handler)
        _flusher.register(self)

    def close(self) -> None:
        """Stop flushing in the background, write what is left, forget the per-run logger."""
        _flusher.unregister(self)
        self.flush()
        self.write_progress(force=True)
        if self._job is not None:
            run_logger = self._job.logger
            run_logger.removeHandler(self._handler)
            # Loggers are never freed by `logging`; a long-lived worker would keep one per run forever.
            logging.Logger.manager.loggerDict.pop(run_logger.name, None)
            self._job._log = None

    # --- writing ---------------------------------------------------------------------------------------------
    def add(self, level: str, message: str, *, obj: Any = None, grouping: str | None = None) -> None:
        entry = JobLogEntry(
            job_result_id=self.result.pk,
            created=timezone.now(),
            log_level=level,
            grouping=(grouping or (self._job.active_test if self._job else "run"))[:255],
            message=message,
        )
        if obj is not None:
            _describe_object(entry, obj)
        if level == LogLevel.FAILURE and self._job is not None:
            self._job.failed = True
        with self._lock:
            self._pending.append(entry)
            self.counts[level] += 1
            backlog = len(self._pending)
        if backlog >= _BATCH:
            # A job logging faster than the flusher writes: write a batch here, so the backlog (and the delay
            # before a line is visible) stays bounded however fast the job logs.
            self.flush()

    def set_progress(self, done: int, total: int | None) -> None:
        with self._lock:
            self._progress["progress_done"] = int(done)
            if total is not None:
                self._progress["progress_total"] = int(total)
            self._progress_dirty = True

    def item_finished(self, name: str, result: Any = None, failed: bool = False) -> None:
        with self._lock:
            items = self._progress.setdefault("finished_items", [])
            results = self._progress.setdefault("item_results", {})
            if name not in results:
                items.append(name)
            results[name] = {"failed": bool(failed), "result": result}
            self._progress_dirty = True

    def write_progress(self, *, force: bool = False) -> bool:
        """Persist progress if it changed and PROGRESS_INTERVAL passed since the last write (or `force`)."""
        now = time.monotonic()
        with self._lock:
            if not self._progress_dirty or (not force and now - self._progress_written < PROGRESS_INTERVAL):
                return False
            fields = {
                key: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                for key, v in self._progress.items()
            }
            self._progress_dirty = False
            self._progress_written = now
        JobResult.objects.using(BOOKKEEPING_ALIAS).filter(pk=self.result.pk).update(**fields)
        for key, value in fields.items():
            setattr(self.result, key, value)
        return True

    def flush(self) -> int:
        """Write the buffered lines now. Returns how many were written."""
        with self._flush_lock:
            with self._lock:
                pending, self._pending = self._pending, []
            for start in range(0, len(pending), _BATCH):
                JobLogEntry.objects.using(BOOKKEEPING_ALIAS).bulk_create(pending[start : start + _BATCH])
            if pending and signals.run_log_flushed.receivers:
                signals.send_robust(signals.run_log_flushed, result=self.result, entries=pending)
            return len(pending)


class _Flusher:
    """One background thread per process flushes every open run log every NETJOBS_LOG_FLUSH_INTERVAL.

    One thread for all runs rather than one per run: starting a thread per run cost more than a trivial run.
    It is started lazily, and again in a forked child (threads do not survive fork).
    """

    def __init__(self) -> None:
        self._logs: set[RunLog] = set()
        self._lock = threading.Lock()
        self._busy = threading.Event()  # set while any run log is open: an idle worker's flusher sleeps
        self._pid: int | None = None

    def register(self, run_log: RunLog) -> None:
        with self._lock:
            self._logs.add(run_log)
            self._busy.set()
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._loop, name="netjobs-log-flusher", daemon=True).start()

    def unregister(self, run_log: RunLog) -> None:
        with self._lock:
            self._logs.discard(run_log)
            if not self._logs:
                self._busy.clear()

    def _loop(self) -> None:
        while True:
            self._busy.wait()
            time.sleep(settings.NETJOBS_LOG_FLUSH_INTERVAL)
            with self._lock:
                logs = list(self._logs)
            for run_log in logs:
                try:
                    run_log.flush()
                    run_log.write_progress()
                except Exception:
                    logger.exception("Writing the log of run %s failed; retrying", run_log.result.pk)
                    close_old_connections()


_flusher = _Flusher()


def _describe_object(entry: JobLogEntry, obj: Any) -> None:
    entry.log_object = str(obj)[:200]
    if isinstance(obj, models.Model):
        entry.object_type_id = ContentType.objects.get_for_model(obj).pk
        entry.object_id = str(obj.pk)
        try:
            entry.absolute_url = obj.get_absolute_url()[:255]
        except Exception:  # any model without a URL, or one that fails to reverse
            entry.absolute_url = ""


class _RunLogHandler(logging.Handler):
    """Turns `job.logger` records into log lines; `extra={"object": obj, "grouping": "..."}` is honoured."""

    def __init__(self, run_log: RunLog) -> None:
        super().__init__(level=logging.DEBUG)
        self.run_log = run_log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info:
                message = f"{message}\n\n```\n{self.formatter_exc(record)}\n```"
            self.run_log.add(
                LogLevel.from_logging(record.levelno),
                message,
                obj=getattr(record, "object", None),
                grouping=getattr(record, "grouping", None),
            )
        except Exception:
            self.handleError(record)

    @staticmethod
    def formatter_exc(record: logging.LogRecord) -> str:
        return logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
