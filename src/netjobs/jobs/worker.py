"""The embedded worker: a supervisor process with N worker processes claiming runs from the database queue.

Each worker process registers a Worker row and heart-beats from a thread. The supervisor restarts a worker
that dies and errors the run it had at once ("worker lost"); a worker whose whole machine died is caught by
the reaper, which every live worker runs periodically: a worker silent for NETJOBS_WORKER_TIMEOUT seconds is
dead, and its runs are errored.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from netjobs.jobs import locks, notify, signals
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobResult, Worker
from netjobs.jobs.queue import get_backend
from netjobs.jobs.runner import claim, run_claimed

__all__ = ["WorkerPool", "WorkerProcess", "reap_dead_workers"]

logger = logging.getLogger(__name__)


def reap_dead_workers(now: Any = None) -> int:
    """Error the runs of workers that stopped heart-beating, and forget those workers. Returns runs errored."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NETJOBS_WORKER_TIMEOUT)
    dead = list(Worker.objects.filter(last_heartbeat__lt=cutoff).values_list("name", flat=True))
    errored = 0
    if dead:
        errored += JobResult.mark_lost(
            JobResult.objects.filter(worker__in=dead), "worker lost: it stopped heart-beating (killed or crashed)"
        )
        Worker.objects.filter(name__in=dead, last_heartbeat__lt=cutoff).delete()
    # Runs claimed by a worker that never registered or was already forgotten.
    live = Worker.objects.values_list("name", flat=True)
    errored += JobResult.mark_lost(
        JobResult.objects.filter(status=JobResultStatus.RUNNING, started__lt=cutoff).exclude(worker__in=live),
        "worker lost: no live worker owns this run",
    )
    locks.release_orphans()
    if errored:
        logger.warning("Reaper errored %d run(s) of dead workers %s", errored, ", ".join(dead) or "(unregistered)")
    return errored


class WorkerProcess:
    """One process that claims and runs one run at a time."""

    def __init__(self, queues: list[str], name: str | None = None, backend: str = "database") -> None:
        self.queues = queues
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.backend = backend
        self.stopping = threading.Event()
        self.current_result_id: int | None = None
        self._candidates: list[int] = []
        self._cancel_seen_at: float | None = None
        self._heartbeat_thread: threading.Thread | None = None

    # --- registration and heartbeat --------------------------------------------------------------------------
    def register(self) -> None:
        Worker.objects.update_or_create(
            name=self.name,
            defaults={
                "hostname": socket.gethostname(),
                "pid": os.getpid(),
                "queues": self.queues,
                "backend": self.backend,
                "started": timezone.now(),
                "last_heartbeat": timezone.now(),
            },
        )

    def unregister(self) -> None:
        with contextlib.suppress(Exception):
            Worker.objects.filter(name=self.name).delete()

    def _enforce_cancel(self) -> None:
        """End the current run by force when it ignored a cancel request for NETJOBS_CANCEL_GRACE seconds."""
        result_id = self.current_result_id
        if result_id is None:
            self._cancel_seen_at = None
            return
        if not JobResult.objects.filter(pk=result_id, status=JobResultStatus.RUNNING, cancel_requested=True).exists():
            self._cancel_seen_at = None
            return
        now = time.monotonic()
        if self._cancel_seen_at is None:
            self._cancel_seen_at = now
            return
        if now - self._cancel_seen_at < settings.NETJOBS_CANCEL_GRACE:
            return
        result = JobResult.objects.get(pk=result_id)
        who = result.cancelled_by or "someone"
        JobResult.objects.filter(pk=result_id, status=JobResultStatus.RUNNING).update(
            status=JobResultStatus.CANCELLED,
            error=f"Cancelled by {who}"
            + (f": {result.cancel_reason}" if result.cancel_reason else "")
            + f" (stopped by force after {settings.NETJOBS_CANCEL_GRACE:g}s)",
            finished=timezone.now(),
        )
        locks.release(result)
        notify.send(notify.DONE, str(result_id))
        logger.warning("Run %s ignored its cancel request; ending worker process %s", result_id, self.name)
        os._exit(75)  # the run's data transaction dies with the connection; the supervisor starts a new process

    def _heartbeat(self) -> None:
        interval = settings.NETJOBS_HEARTBEAT_INTERVAL
        # Reap at least every 10 s, and twice per worker timeout when that is shorter (tests shorten it).
        reap_period = min(10.0, settings.NETJOBS_WORKER_TIMEOUT / 2)
        reap_every = max(1, int(reap_period / interval)) if interval else 1
        beats = 0
        try:
            while not self.stopping.wait(interval):
                try:
                    beat = {"last_heartbeat": timezone.now(), "current_result_id": self.current_result_id}
                    if not Worker.objects.filter(name=self.name).update(**beat):
                        self.register()  # a reaper forgot us after a long stall; come back
                    self._enforce_cancel()
                    beats += 1
                    if beats % reap_every == 0:
                        reap_dead_workers()
                        sweep = getattr(get_backend(), "sweep", None)
                        if sweep is not None:
                            sweep()
                except Exception:
                    logger.exception("Heartbeat of %s failed", self.name)
                    close_old_connections()
        finally:
            connections.close_all()

    def start_heartbeat(self) -> None:
        self._heartbeat_thread = threading.Thread(target=self._heartbeat, name="netjobs-heartbeat", daemon=True)
        self._heartbeat_thread.start()

    # --- the loop --------------------------------------------------------------------------------------------
    def claim_next(self) -> JobResult | None:
        """Claim the oldest claimable pending run of our queues.

        Candidate ids are fetched 50 at a time and tried in order (one SELECT per 50 runs, not per run); a lost
        race or a run waiting for a lock just moves on to the next. An empty batch means the queue is empty.
        """
        for _ in range(2):
            while self._candidates:
                result = claim(self._candidates.pop(0), self.name)
                if result is not None:
                    return result
            self._candidates = list(
                JobResult.objects.filter(status=JobResultStatus.PENDING, queue__in=self.queues)
                .order_by("id")
                .values_list("pk", flat=True)[:50]
            )
            if not self._candidates:
                return None
        return None

    def run_once(self) -> bool:
        """Claim and run one pending run. False when there was none."""
        result = self.claim_next()
        if result is None:
            return False
        self.current_result_id = result.pk  # the heartbeat publishes it (no write per run)
        try:
            run_claimed(result)
        finally:
            self.current_result_id = None
        return True

    def serve(self, *, burst: bool = False) -> None:
        """Run until stopped (SIGTERM finishes the current run first). `burst`: stop when the queue is empty."""
        listener = notify.Listener(notify.WAKE, self.name.replace(":", "-").replace("/", "-"))
        self.register()
        self.start_heartbeat()
        reap_dead_workers()
        signals.send_robust(signals.worker_started, worker=self)
        poll = settings.NETJOBS_POLL_INTERVAL
        try:
            while not self.stopping.is_set():
                close_old_connections()
                if self.run_once():
                    listener.drain()
                    continue
                if burst:
                    break
                listener.wait(poll)
        finally:
            self.stopping.set()
            signals.send_robust(signals.worker_stopping, worker=self)
            listener.close()
            self.unregister()
            connections.close_all()

    def install_signal_handlers(self) -> None:
        def _stop(signum: int, frame: Any) -> None:
            if self.stopping.is_set():
                raise SystemExit(1)
            self.stopping.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)


class WorkerPool:
    """The supervisor of `netjobs worker --concurrency N`: forks N WorkerProcesses and keeps them alive."""

    def __init__(self, queues: list[str], concurrency: int = 1, hostname: str | None = None) -> None:
        self.queues = queues
        self.concurrency = max(1, concurrency)
        self.hostname = hostname or socket.gethostname()
        self.children: dict[int, str] = {}
        self.stopping = False

    def _child_name(self, pid: int) -> str:
        return f"{self.hostname}:{pid}"

    def _spawn(self) -> None:
        connections.close_all()  # never share a database connection with a child
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                process = WorkerProcess(self.queues, self._child_name(os.getpid()))
                process.install_signal_handlers()
                process.serve()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:
                logger.exception("Worker process crashed")
                code = 1
            finally:
                os._exit(code)
        self.children[pid] = self._child_name(pid)
        logger.info("Started worker process %s (queues: %s)", self.children[pid], ", ".join(self.queues))

    def _child_died(self, pid: int, status: int) -> None:
        name = self.children.pop(pid, self._child_name(pid))
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.WEXITSTATUS(status)}"
        close_old_connections()
        lost = JobResult.mark_lost(JobResult.objects.filter(worker=name), f"worker lost: process {name} died ({how})")
        Worker.objects.filter(name=name).delete()
        locks.release_orphans()
        if lost or not self.stopping:
            logger.warning("Worker process %s ended (%s); %d run(s) errored", name, how, lost)
        if lost:
            notify.send(notify.DONE, "")

    def serve(self) -> None:
        def _stop(signum: int, frame: Any) -> None:
            if self.stopping:  # second signal: don't wait for running jobs
                for pid in list(self.children):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            self.stopping = True
            for pid in list(self.children):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        reap_dead_workers()
        for _ in range(self.concurrency):
            self._spawn()
        restarts: list[float] = []
        while self.children:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            self._child_died(pid, status)
            if not self.stopping:
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 10] + [now]
                if len(restarts) > 5 * self.concurrency:
                    time.sleep(1)  # a crash loop: don't spin
                self._spawn()
