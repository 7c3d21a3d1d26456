"""Signal receivers: turn run events into outbox rows, and start/stop the delivery thread with the worker.

A receiver runs in the worker right after a bookkeeping write (the log flusher thread, or the run's thread after
the outcome is saved), so it must be cheap: it matches events against a cached list of enabled webhooks and
subscriptions, and writes all matching deliveries with one bulk INSERT. No HTTP, no SMTP, no per-line queries.
With nothing configured, a signal costs a dictionary look-up and no query at all (until the cache expires).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, router, transaction
from django.db.models.signals import post_delete, post_save

from netjobs.events import service
from netjobs.events.choices import WebhookEvent, level_rank
from netjobs.events.conf import setting
from netjobs.events.models import EmailDelivery, OutboxEntry, RunNotification, Webhook, WebhookDelivery
from netjobs.events.payloads import log_payload, run_context, run_payload
from netjobs.jobs import signals
from netjobs.jobs.models import JobLogEntry, JobResult

__all__ = ["connect", "subscriptions"]

logger = logging.getLogger(__name__)


class Subscriptions:
    """Enabled webhooks and e-mail subscriptions, re-read at most every `events_cache_seconds`.

    Saving or deleting one in this process invalidates the cache at once; other processes (a worker, when the
    web process saved) see the change when their copy expires.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._expires = 0.0
        self._webhooks: list[Webhook] = []
        self._notifications: list[RunNotification] = []

    def get(self) -> tuple[list[Webhook], list[RunNotification]]:
        now = time.monotonic()
        with self._lock:
            if now < self._expires:
                return self._webhooks, self._notifications
        webhooks = list(Webhook.objects.filter(enabled=True))
        notifications = list(RunNotification.objects.filter(enabled=True))
        with self._lock:
            self._webhooks, self._notifications = webhooks, notifications
            self._expires = now + float(setting("events_cache_seconds"))
        return webhooks, notifications

    def invalidate(self, *args: Any, **kwargs: Any) -> None:
        with self._lock:
            self._expires = 0.0


subscriptions = Subscriptions()


class _LogBudget:
    """How many log_entry events each (run, webhook) has had in this process: the flood guard.

    A run's lines are all flushed by the process that runs it, so a per-process count is exact.
    """

    _MAX_TRACKED = 10_000  # runs that never send run_finished (errored before starting) must not leak

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: dict[tuple[int, int], int] = {}
        self._warned: set[tuple[int, int]] = set()

    def take(self, result_id: int, webhook: Webhook, wanted: int) -> int:
        """How many of `wanted` events may be sent now (and count them as sent)."""
        limit = webhook.max_log_events_per_run
        key = (result_id, webhook.pk)
        with self._lock:
            if len(self._sent) > self._MAX_TRACKED:
                self._sent.clear()
                self._warned.clear()
            sent = self._sent.get(key, 0)
            allowed = wanted if not limit else max(0, min(wanted, limit - sent))
            self._sent[key] = sent + allowed
            first_drop = allowed < wanted and key not in self._warned
            if first_drop:
                self._warned.add(key)
        if first_drop:
            logger.warning(
                "Webhook %s reached its limit of %d log events for run %s; further lines are not sent",
                webhook.name,
                limit,
                result_id,
            )
        return allowed

    def forget(self, result_id: int) -> None:
        with self._lock:
            for key in [k for k in self._sent if k[0] == result_id]:
                del self._sent[key]
                self._warned.discard(key)


log_budget = _LogBudget()


def _insert(rows: Sequence[OutboxEntry]) -> None:
    """Write outbox rows with one bulk INSERT, even if a cached webhook or subscription was just deleted.

    Another process may delete a webhook this worker still has cached: the foreign key then fails the insert.
    Re-read what exists and insert the rows whose target is still there, so one deletion never costs the other
    webhooks their events.
    """
    if not rows:
        return
    model = type(rows[0])
    try:
        with transaction.atomic(using=router.db_for_write(model)):
            model.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:
        subscriptions.invalidate()
        target, field = (Webhook, "webhook_id") if model is WebhookDelivery else (RunNotification, "notification_id")
        alive = set(target.objects.filter(enabled=True).values_list("pk", flat=True))
        kept = [row for row in rows if getattr(row, field) in alive]
        if kept:
            model.objects.bulk_create(kept, batch_size=500)


def _enqueue_run_event(event: str, result: JobResult) -> int:
    webhooks, _ = subscriptions.get()
    matching = [w for w in webhooks if w.wants(event, result.job_class_path, result.job_definition_id)]
    if not matching:
        return 0
    payload = run_payload(event, result)
    _insert([WebhookDelivery(webhook=w, event=event, payload=payload, job_result_id=result.pk) for w in matching])
    return len(matching)


def on_run_started(sender: Any, result: JobResult, **kwargs: Any) -> None:
    if _enqueue_run_event(WebhookEvent.RUN_STARTED, result):
        service.wake()


def on_run_finished(sender: Any, result: JobResult, **kwargs: Any) -> None:
    log_budget.forget(result.pk)
    queued = _enqueue_run_event(WebhookEvent.RUN_FINISHED, result)
    _, notifications = subscriptions.get()
    wanted = [
        n
        for n in notifications
        if n.wants(result.status, result.log_counts or {}, result.job_class_path, result.job_definition_id)
    ]
    if wanted:
        _insert([EmailDelivery(notification=n, job_result_id=result.pk) for n in wanted])
    if queued or wanted:
        service.wake()


def on_log_flushed(sender: Any, result: JobResult, entries: list[JobLogEntry], **kwargs: Any) -> None:
    webhooks, _ = subscriptions.get()
    matching = [w for w in webhooks if w.wants(WebhookEvent.LOG_ENTRY, result.job_class_path, result.job_definition_id)]
    if not matching or not entries:
        return
    context: dict[str, Any] | None = None
    rows: list[WebhookDelivery] = []
    for webhook in matching:
        threshold = level_rank(webhook.min_log_level)
        selected = [e for e in entries if level_rank(e.log_level) >= threshold]
        if not selected:
            continue
        selected = selected[: log_budget.take(result.pk, webhook, len(selected))]
        if selected and context is None:
            context = run_context(result)
        rows.extend(
            WebhookDelivery(
                webhook=webhook,
                event=WebhookEvent.LOG_ENTRY,
                payload=log_payload(result, entry, context),
                job_result_id=result.pk,
            )
            for entry in selected
        )
    if rows:
        _insert(rows)
        service.wake()


def on_worker_started(sender: Any, worker: Any, **kwargs: Any) -> None:
    if setting("webhook_worker_thread"):
        service.start(name=f"{getattr(worker, 'name', 'worker')}/events")


def on_worker_stopping(sender: Any, worker: Any, **kwargs: Any) -> None:
    service.stop()


def connect() -> None:
    """Connect the receivers (AppConfig.ready). Idempotent: every connection has a dispatch_uid."""
    signals.run_started.connect(on_run_started, dispatch_uid="netjobs.events.run_started")
    signals.run_finished.connect(on_run_finished, dispatch_uid="netjobs.events.run_finished")
    signals.run_log_flushed.connect(on_log_flushed, dispatch_uid="netjobs.events.run_log_flushed")
    signals.worker_started.connect(on_worker_started, dispatch_uid="netjobs.events.worker_started")
    signals.worker_stopping.connect(on_worker_stopping, dispatch_uid="netjobs.events.worker_stopping")
    for model in (Webhook, RunNotification):
        uid = f"netjobs.events.invalidate.{model.__name__}"
        post_save.connect(subscriptions.invalidate, sender=model, dispatch_uid=f"{uid}.save", weak=False)
        post_delete.connect(subscriptions.invalidate, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
