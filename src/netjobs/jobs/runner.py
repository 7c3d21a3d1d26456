"""Executing one run: `execute(result_id)` is what every queue backend calls.

The order is fixed: claim the row (compare-and-set, so a duplicate delivery never runs a job twice), load the
class (reloading changed source), load the input, then inside one data transaction call `run()`, every
`test_*()` in declaration order and `post_run()` (always). With `commit=False`, a read-only job or an error,
the whole transaction is rolled back; status and log lines are written through the bookkeeping alias and stay.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import signal
import socket
import threading
import traceback
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from netjobs.core.context import ChangeContext, change_context
from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import locks, notify, signals
from netjobs.jobs.base import Job
from netjobs.jobs.choices import JobResultStatus, LogLevel
from netjobs.jobs.logging import RunLog
from netjobs.jobs.models import FileProxy, JobResult
from netjobs.jobs.registry import JobNotFoundError, get_job_class, source_commit, source_hash
from netjobs.jobs.submit import load_run_data

__all__ = ["SoftTimeLimitExceeded", "claim", "default_worker_name", "execute", "run_claimed"]

logger = logging.getLogger(__name__)


class SoftTimeLimitExceeded(Exception):
    """Raised inside a job that ran past its `Meta.soft_time_limit`."""


class RunRequest:
    """What `self.request` offers a job in a worker: the submitting user and the client's address."""

    def __init__(self, user: Any, meta: dict[str, Any]) -> None:
        self.user = user
        self.META = dict(meta)
        self.id = meta.get("request_id")

    def __repr__(self) -> str:
        return f"<RunRequest user={self.user}>"


def default_worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(result_id: int, worker_name: str | None = None) -> JobResult | None:
    """Move a pending run to running for this worker, taking its named locks in the same transaction.

    None when someone else already has it, or when its locks are held (it then stays pending to wait, or is
    errored at once if the job does not wait for locks).
    """
    worker_name = worker_name or default_worker_name()
    try:
        with transaction.atomic(using=BOOKKEEPING_ALIAS):
            updated = JobResult.objects.filter(pk=result_id, status=JobResultStatus.PENDING).update(
                status=JobResultStatus.RUNNING, started=timezone.now(), worker=worker_name
            )
            if not updated:
                return None
            result = JobResult.objects.get(pk=result_id)
            locks.acquire(result, worker_name)
            return result
    except locks.LockHeld as held:
        _lock_unavailable(result_id, held)
        return None


def _lock_unavailable(result_id: int, held: locks.LockHeld) -> None:
    result = JobResult.objects.select_related("job_definition").filter(pk=result_id).first()
    if result is None:
        return
    timeout = (result.job_definition.meta if result.job_definition else {}).get("lock_timeout")
    if timeout is not None and timezone.now() < result.created + timedelta(seconds=float(timeout)):
        return  # wait: stays pending, tried again when a lock is released
    reason = str(held) if timeout is None else f"gave up after {timeout}s waiting: {held}"
    finished = JobResult.objects.filter(pk=result_id, status=JobResultStatus.PENDING).update(
        status=JobResultStatus.ERRORED, error=reason, traceback=reason, finished=timezone.now()
    )
    if finished:
        log = RunLog(result)
        log.add(LogLevel.FAILURE, reason.capitalize(), grouping="locks")
        log.flush()
        JobResult.objects.filter(pk=result_id).update(log_counts=dict(log.counts))
        notify.send(notify.DONE, str(result_id))


def execute(result_id: int, *, worker_name: str | None = None) -> JobResult | None:
    """Claim and run `result_id`. Returns the finished result, or None if it was not pending."""
    result = claim(result_id, worker_name)
    if result is None:
        logger.debug("Run %s was not pending; skipping", result_id)
        return None
    return run_claimed(result)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except (TypeError, ValueError):
        return str(value)


def _call_run(job: Job, data: dict[str, Any], commit: bool) -> Any:
    if not job.has_run():
        return None
    if job.run_takes_data_and_commit():
        return job.run(data, commit)
    # Nautobot 2 form: run(self, *, dryrun, **variables).
    params = inspect.signature(job.run).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    kwargs = dict(data)
    if "dryrun" in params or takes_any:
        kwargs["dryrun"] = not commit
    if "commit" in params:
        kwargs["commit"] = commit
    if not takes_any:
        kwargs = {name: value for name, value in kwargs.items() if name in params}
    return job.run(**kwargs)


def _log_exception(job: Job, exc: BaseException) -> str:
    text = traceback.format_exc()
    job._emit(LogLevel.FAILURE, None, f"An exception occurred: `{type(exc).__name__}: {exc}`\n```\n{text}\n```")
    return text


def _run_in_transaction(job: Job, data: dict[str, Any], commit: bool) -> tuple[Any, str]:
    """Run the job's methods in one data transaction. Returns (return value, traceback or "")."""
    return_value: Any = None
    error = ""
    read_only = job.meta.read_only
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            try:
                # A savepoint of its own: after a database error in the job, post_run() can still query.
                with transaction.atomic(using=DEFAULT_DB_ALIAS):
                    job.active_test = "run"
                    return_value = _call_run(job, data, commit)
                    for name in job.ordered_tests():
                        job.active_test = name
                        getattr(job, name)()
            # SystemExit too: a job's sys.exit() errors its run; it must not end the worker or leave the run running.
            except (Exception, SystemExit) as exc:
                error = _log_exception(job, exc)
            job.active_test = "post_run"
            try:
                job.post_run()
            except (Exception, SystemExit) as exc:
                error = error or _log_exception(job, exc)
            if error:
                if not read_only:
                    job._emit(LogLevel.WARNING, None, "Database changes have been reverted due to error.")
                transaction.set_rollback(True)
            elif not commit:
                if not read_only:
                    job._emit(LogLevel.INFO, None, "Database changes have been reverted automatically.")
                transaction.set_rollback(True)
    except Exception as exc:  # the COMMIT itself failed
        error = error or _log_exception(job, exc)
    return return_value, error


@contextlib.contextmanager
def _time_limits(job: Job, result: JobResult) -> Iterator[None]:
    """Soft limit: SoftTimeLimitExceeded inside the job. Hard limit: the process ends, the run is errored."""
    soft, hard = job.meta.soft_time_limit, job.meta.time_limit
    in_main = threading.current_thread() is threading.main_thread()
    previous = None
    if soft and in_main:

        def _soft(signum: int, frame: Any) -> None:
            raise SoftTimeLimitExceeded(f"soft time limit of {soft}s exceeded")

        previous = signal.signal(signal.SIGALRM, _soft)
        signal.setitimer(signal.ITIMER_REAL, float(soft))
    watchdog = None
    if hard:

        def _hard() -> None:
            reason = f"hard time limit of {hard}s exceeded: the worker process was ended"
            JobResult.objects.filter(pk=result.pk, status=JobResultStatus.RUNNING).update(
                status=JobResultStatus.ERRORED, error=reason, traceback=reason, finished=timezone.now()
            )
            locks.release(result)
            notify.send(notify.DONE, str(result.pk))
            os._exit(70)  # the data transaction dies with the connection: nothing half-committed

        watchdog = threading.Timer(float(hard), _hard)
        watchdog.daemon = True
        watchdog.start()
    try:
        yield
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _load_user(user_id: int | None) -> Any:
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def run_claimed(result: JobResult) -> JobResult:
    """Run a result this process has claimed, and record its outcome."""
    signals.send_robust(signals.run_started, result=result)
    try:
        job_class = get_job_class(result.job_class_path)
    except JobNotFoundError as exc:
        _finish_without_running(result, str(exc), exc.import_error or str(exc))
        return result

    job = job_class()
    job.result = result
    job.user = _load_user(result.user_id)
    job.request = RunRequest(job.user, result.request_meta)
    if result.parent_result_id:
        job.parent_result = JobResult.objects.filter(pk=result.parent_result_id).first()
    commit = result.commit and not job_class.meta.read_only
    job.commit, job.dryrun = commit, not commit
    run_log = RunLog(result)
    run_log.attach(job)
    return_value: Any = None
    error = ""
    try:
        try:
            data = load_run_data(job_class, result)
        except ValidationError as exc:
            error = "; ".join(exc.messages)
            job._emit(LogLevel.FAILURE, None, f"The run's input could not be loaded: {error}")
        else:
            job.data = data
            if result.sensitive_payload:
                JobResult.objects.filter(pk=result.pk).update(sensitive_payload=None)
            context = ChangeContext(user_id=result.user_id, user_name=result.user_name, job_result_id=result.pk)
            with change_context(context), _time_limits(job, result):
                return_value, error = _run_in_transaction(job, data, commit)
    finally:
        run_log.close()
        _discard_files(result)

    if error:
        status = JobResultStatus.ERRORED
    elif job.failed:
        status = JobResultStatus.FAILED
    else:
        status = JobResultStatus.COMPLETED
    result.log_counts = dict(run_log.counts)
    result.source_hash = source_hash(job_class)
    result.source_commit = source_commit(job_class)
    summary = error.strip().splitlines()[-1] if error else ""
    result.mark_finished(status, result=_jsonable(return_value), traceback=error, error=summary)
    locks.release(result)
    if status == JobResultStatus.COMPLETED and job_class.meta.next_job:
        _chain(result, job_class.meta.next_job, job.next_job_data)
    notify.send(notify.DONE, str(result.pk))
    signals.send_robust(signals.run_finished, result=result)
    return result


def _chain(result: JobResult, next_job: str, data: dict[str, Any]) -> None:
    """Start `Meta.next_job` after a completed run; the next job finds this run as `self.parent_result`."""
    from netjobs.jobs.submit import submit

    try:
        nxt = submit(
            next_job,
            data,
            user=_load_user(result.user_id),
            commit=result.commit,
            parent_result=result,
            scheduled_by=result.user_name or "chain",
        )
    except Exception as exc:  # bad input or a missing job must not turn a completed run into an error
        log = RunLog(result)
        log.add(LogLevel.WARNING, f"Could not start the next job `{next_job}`: {exc}", grouping="next_job")
        log.flush()
        return
    JobResult.objects.filter(pk=result.pk).update(next_result=nxt)
    result.next_result = nxt
    log = RunLog(result)
    log.add(LogLevel.INFO, f"Started the next job `{next_job}` as run {nxt.pk}", grouping="next_job")
    log.flush()


def _finish_without_running(result: JobResult, reason: str, detail: str) -> None:
    log = RunLog(result)
    log.add(LogLevel.FAILURE, f"{reason}\n```\n{detail}\n```" if detail != reason else reason, grouping="init")
    log.flush()
    result.log_counts = dict(log.counts)
    result.mark_finished(JobResultStatus.ERRORED, traceback=detail, error=reason)
    locks.release(result)
    _discard_files(result)
    notify.send(notify.DONE, str(result.pk))
    signals.send_robust(signals.run_finished, result=result)


def _discard_files(result: JobResult) -> None:
    ids = [v["file_proxy"] for v in (result.task_kwargs or {}).values() if isinstance(v, dict) and "file_proxy" in v]
    if ids:
        FileProxy.objects.filter(pk__in=ids).delete()
