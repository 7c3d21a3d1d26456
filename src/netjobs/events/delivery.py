"""The delivery engine: claim due outbox rows, send them, record each attempt, schedule retries.

Claiming is one compare-and-set UPDATE per batch (`… WHERE pk IN (…) AND <still due>` setting a fresh claim token),
so two processes polling at once never send the same row: on PostgreSQL the second UPDATE re-checks the row after
the first commits and skips it; on SQLite writers are serialised. Outcomes are written with the claim token in the
WHERE clause too, so a process whose lease ran out cannot overwrite the work of the one that took over.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Min, Q
from django.utils import timezone

from netjobs.events.choices import DeliveryStatus
from netjobs.events.conf import setting
from netjobs.events.models import EmailDelivery, OutboxEntry, WebhookDelivery
from netjobs.events.sending import Attempt, Send, prepare_email, prepare_webhook

__all__ = [
    "backoff_s",
    "claim",
    "deliver",
    "deliver_due",
    "purge_finished",
    "record",
    "release",
    "seconds_until_due",
]

logger = logging.getLogger(__name__)

#: Attempts kept in a delivery's `attempt_log` (the first ones and the latest ones).
ATTEMPT_LOG_LIMIT = 25
DEFAULT_BATCH = 50

Entry = TypeVar("Entry", bound=OutboxEntry)
OUTBOXES: tuple[type[OutboxEntry], ...] = (WebhookDelivery, EmailDelivery)


def _due(now: datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.DELIVERING, claimed_until__lt=now
    )


def claim(
    model: type[Entry], *, now: datetime, limit: int = DEFAULT_BATCH, ids: Sequence[int] | None = None
) -> list[Entry]:
    """Claim up to `limit` due rows of `model` (oldest first; only `ids` if given) for this caller."""
    due = model.objects.filter(_due(now))
    if ids is not None:
        due = due.filter(pk__in=ids)
    ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    token = uuid.uuid4().hex
    lease = timedelta(seconds=float(setting("webhook_lease")))
    model.objects.filter(_due(now), pk__in=ids).update(
        status=DeliveryStatus.DELIVERING, claim_token=token, claimed_until=now + lease
    )
    related = "webhook" if model is WebhookDelivery else "notification"
    return list(model.objects.filter(claim_token=token).select_related(related).order_by("id"))


def backoff_s(attempts: int, retry_after_s: float | None = None) -> float:
    """Delay before the next try after `attempts` failed ones: exponential, with jitter, capped.

    "Equal jitter" (half fixed, half random) spreads the retries of many deliveries that failed together
    (an endpoint that was down) without ever retrying sooner than half the nominal delay.
    """
    base = float(setting("webhook_backoff"))
    cap = float(setting("webhook_backoff_max"))
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    delay = delay / 2 + random.uniform(0, delay / 2)
    if retry_after_s is not None:
        delay = max(delay, min(retry_after_s, cap))
    return delay


def _max_attempts(entry: OutboxEntry) -> int:
    if isinstance(entry, WebhookDelivery):
        return entry.webhook.max_attempts
    return int(setting("email_max_attempts"))


def _log(entry: OutboxEntry, attempt: Attempt) -> list[dict[str, Any]]:
    log = [*entry.attempt_log, attempt.as_log()]
    if len(log) > ATTEMPT_LOG_LIMIT:  # keep the first attempts (what went wrong first) and the latest
        log = log[:5] + log[-(ATTEMPT_LOG_LIMIT - 5) :]
    return log


def record(entry: OutboxEntry, attempt: Attempt, *, now: datetime | None = None) -> str:
    """Write the outcome of one attempt; returns the new status."""
    now = now or timezone.now()
    attempts = entry.attempts + 1
    if attempt.ok:
        status, next_at, finished = DeliveryStatus.DELIVERED, entry.next_attempt_at, now
    elif attempt.retryable and attempts < _max_attempts(entry):
        next_at = now + timedelta(seconds=backoff_s(attempts, attempt.retry_after_s))
        status, finished = DeliveryStatus.PENDING, None
    else:
        status, next_at, finished = DeliveryStatus.FAILED, entry.next_attempt_at, now
    fields: dict[str, Any] = {
        "status": status,
        "attempts": attempts,
        "next_attempt_at": next_at,
        "finished": finished,
        "last_attempt_at": now,
        "last_error": attempt.error,
        "attempt_log": _log(entry, attempt),
        "claim_token": "",
        "claimed_until": None,
    }
    if isinstance(entry, WebhookDelivery):
        fields.update(
            last_status_code=attempt.status_code, last_response=attempt.response, last_duration_ms=attempt.duration_ms
        )
    else:
        fields.update(recipients=entry.recipients, subject=entry.subject)
    written = type(entry).objects.filter(pk=entry.pk, claim_token=entry.claim_token).update(**fields)
    if not written:
        logger.warning("%s %s was claimed by another sender meanwhile; outcome dropped", type(entry).__name__, entry.pk)
    for name, value in fields.items():
        setattr(entry, name, value)
    if status == DeliveryStatus.FAILED:
        logger.warning(
            "Gave up on %s %s after %d attempt(s): %s", type(entry).__name__, entry.pk, attempts, attempt.error
        )
    return status


def _prepare(entry: OutboxEntry) -> Send:
    try:
        if isinstance(entry, WebhookDelivery):
            if not entry.webhook.enabled:
                return lambda: Attempt(ok=False, retryable=False, error="not sent: the webhook was disabled")
            return prepare_webhook(entry)
        assert isinstance(entry, EmailDelivery)
        if not entry.notification.enabled:
            return lambda: Attempt(ok=False, retryable=False, error="not sent: the notification was disabled")
        return prepare_email(entry)
    except Exception as exc:  # a bug or bad data in one row must not stop the others
        logger.exception("Preparing %s %s failed", type(entry).__name__, entry.pk)
        error = f"not sent: {type(exc).__name__}: {exc}"
        return lambda: Attempt(ok=False, error=error)


def _group_key(entry: OutboxEntry) -> tuple[str, int]:
    if isinstance(entry, WebhookDelivery):
        return ("webhook", entry.webhook_id)
    return ("email", entry.pk)


def _send_in_order(group: list[tuple[OutboxEntry, Send]]) -> list[Attempt | None]:
    """Send one endpoint's deliveries oldest first; after it proved unreachable, skip the rest (None)."""
    attempts: list[Attempt | None] = []
    for _, send in group:
        skipped = bool(attempts) and (attempts[-1] is None or attempts[-1].unreachable)
        attempts.append(None if skipped else send())
    return attempts


def release(entry: OutboxEntry, *, retry_at: datetime) -> None:
    """Give a claimed entry back unsent (no attempt counted), due again at `retry_at`."""
    type(entry).objects.filter(pk=entry.pk, claim_token=entry.claim_token).update(
        status=DeliveryStatus.PENDING, claim_token="", claimed_until=None, next_attempt_at=retry_at
    )
    entry.status, entry.next_attempt_at = DeliveryStatus.PENDING, retry_at


def deliver(
    entries: Sequence[OutboxEntry], *, concurrency: int | None = None, now: datetime | None = None
) -> list[str]:
    """Send claimed entries and record each outcome. Returns their new statuses.

    One endpoint's deliveries go out one after another, oldest first (a chat channel shows findings in order);
    different endpoints are served in parallel, so a hung one holds up only its own slot — and only for one
    timeout: once it proved unreachable, its other deliveries of the batch are released untried.
    """
    if not entries:
        return []
    groups: dict[tuple[str, int], list[tuple[OutboxEntry, Send]]] = {}
    for entry in entries:
        groups.setdefault(_group_key(entry), []).append((entry, _prepare(entry)))
    ordered = list(groups.values())
    workers = max(1, min(int(concurrency or setting("webhook_concurrency")), len(ordered)))
    if workers == 1:
        outcomes = [_send_in_order(group) for group in ordered]
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="netjobs-send") as pool:
            outcomes = list(pool.map(_send_in_order, ordered))
    statuses: list[str] = []
    for group, attempts in zip(ordered, outcomes, strict=True):
        retry_at = now or timezone.now()
        for (entry, _), attempt in zip(group, attempts, strict=True):
            if attempt is None:
                release(entry, retry_at=retry_at)
            else:
                record(entry, attempt, now=now)
                retry_at = entry.next_attempt_at if entry.status == DeliveryStatus.PENDING else retry_at
            statuses.append(entry.status)
    return statuses


def deliver_due(
    *, now: datetime | None = None, limit: int = DEFAULT_BATCH, concurrency: int | None = None
) -> Counter[str]:
    """Claim and send one batch of due deliveries of every kind. Returns their new statuses, counted."""
    clock = now or timezone.now()
    outcome: Counter[str] = Counter()
    for model in OUTBOXES:
        entries = claim(model, now=clock, limit=limit)
        # Outcomes are stamped with the real time after sending, unless the caller drives the clock.
        outcome.update(deliver(entries, concurrency=concurrency, now=now))
    return outcome


def seconds_until_due(now: datetime | None = None) -> float | None:
    """Seconds until the next pending delivery is due (0 if one is due now), None when nothing is pending."""
    now = now or timezone.now()
    soonest = [
        model.objects.filter(status=DeliveryStatus.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
        for model in OUTBOXES
    ]
    known = [at for at in soonest if at is not None]
    if not known:
        return None
    return max(0.0, (min(known) - now).total_seconds())


def purge_finished(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Delete delivered and failed deliveries finished before `older_than` ago. Returns how many."""
    cutoff = (now or timezone.now()) - older_than
    finished = Q(status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED], finished__lt=cutoff)
    return sum(model.objects.filter(finished).delete()[0] for model in OUTBOXES)
