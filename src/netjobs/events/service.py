"""The delivery thread: one per worker process, started and stopped with it (worker_started/worker_stopping).

It sleeps on a Unix-datagram channel ("events", see netjobs.jobs.notify): receivers send a wake-up after
queueing deliveries, so a webhook goes out milliseconds after its event, and an idle thread costs one cheap
query per poll interval. Several threads (processes, machines) may run at once: claims are compare-and-set.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, connections

from netjobs.events import delivery
from netjobs.events.conf import setting
from netjobs.jobs import notify

__all__ = ["EVENTS_CHANNEL", "DeliveryService", "current", "start", "stop", "wake"]

logger = logging.getLogger(__name__)

EVENTS_CHANNEL = "events"
#: How long `stop()` waits for the thread to finish the batch it is sending.
STOP_TIMEOUT_S = 15.0
PURGE_EVERY_S = 3600.0


class DeliveryService:
    """Send due deliveries until stopped."""

    def __init__(self, name: str = "events") -> None:
        self.name = name
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: notify.Listener | None = None
        self._last_purge = 0.0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        safe = self.name.replace("/", "-").replace(":", "-")
        self._listener = notify.Listener(EVENTS_CHANNEL, f"{safe}-{threading.get_native_id()}")
        self._thread = threading.Thread(target=self._serve, name=f"netjobs-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop after the batch in flight; deliveries not yet sent stay pending for the next sender."""
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("Delivery thread %s did not stop within %.0fs", self.name, timeout)
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def run_pass(self) -> int:
        """One batch of every kind; also purges old deliveries about once an hour."""
        attempted = delivery.deliver_due().total()
        now = time.monotonic()
        days = int(setting("webhook_retention_days"))
        if days and now - self._last_purge > PURGE_EVERY_S:
            self._last_purge = now
            purged = delivery.purge_finished(older_than=timedelta(days=days))
            if purged:
                logger.info("Purged %d deliveries older than %d days", purged, days)
        return attempted

    def _serve(self) -> None:
        poll = float(setting("webhook_poll_interval"))
        assert self._listener is not None
        listener = self._listener
        try:
            while not self.stopping.is_set():
                wait = poll
                try:
                    close_old_connections()
                    if self.run_pass() >= delivery.DEFAULT_BATCH:
                        continue  # more may be due right now
                    due_in = delivery.seconds_until_due()
                    if due_in is not None:
                        wait = min(poll, due_in)
                except Exception:
                    logger.exception("Delivery pass of %s failed; retrying", self.name)
                    close_old_connections()
                # Short slices, so that stop() is honoured quickly even with a long poll interval.
                deadline = time.monotonic() + wait
                while not self.stopping.is_set():
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or listener.wait(min(remaining, 0.5)):
                        break
        finally:
            connections.close_all()


_lock = threading.Lock()
_current: DeliveryService | None = None


def current() -> DeliveryService | None:
    """This process's delivery thread, if one runs."""
    return _current


def start(name: str = "events") -> DeliveryService:
    """Start this process's delivery thread (once; later calls return the running one)."""
    global _current
    with _lock:
        if _current is None or not _current.running:
            _current = DeliveryService(name)
            _current.start()
        return _current


def stop(timeout: float = STOP_TIMEOUT_S) -> None:
    global _current
    with _lock:
        service, _current = _current, None
    if service is not None:
        service.stop(timeout)


def wake() -> None:
    """Tell delivery threads on this machine that deliveries were queued (a lost wake-up only adds latency)."""
    try:
        notify.send(EVENTS_CHANNEL)
    except OSError:
        logger.debug("Could not wake the delivery threads", exc_info=True)
