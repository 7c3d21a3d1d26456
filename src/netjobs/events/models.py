"""Webhooks, e-mail subscriptions and their outbox of deliveries.

These are bookkeeping models (the "jobs" alias, beside JobResult): the receivers that fill the outbox run in the
worker right after a bookkeeping write, and must never wait on a job's data transaction. Deliveries refer to
their run by id (`job_result_id`), not by a foreign key, so result retention can delete runs without touching
the delivery log, and the delivery log can be purged without touching results.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator, validate_email
from django.db import models
from django.utils import timezone

from netjobs.events import secret_store, templating
from netjobs.events.choices import (
    FAILED_RUN_STATES,
    SUBSCRIBABLE_EVENTS,
    DeliveryStatus,
    NotifyWhen,
    WebhookEvent,
    level_rank,
)
from netjobs.jobs.choices import LogLevel

__all__ = ["EmailDelivery", "OutboxEntry", "RunNotification", "Webhook", "WebhookDelivery", "job_filter_matches"]

#: Headers netjobs sets itself; a webhook's custom headers may not replace them.
RESERVED_HEADERS = frozenset({"content-type", "content-length", "host", "transfer-encoding", "connection"})
RESERVED_HEADER_PREFIX = "x-netjobs-"


def job_filter_matches(patterns: Iterable[Any], class_path: str, definition_id: int | None) -> bool:
    """True when the filter is empty, or one entry is the job's definition id or matches its class path.

    Class path entries may be shell-style patterns (`local/contracts/*`), so a filter keeps matching jobs added
    to a module later; ids are accepted because that is what the API and the UI list.
    """
    patterns = list(patterns)
    if not patterns:
        return True
    for pattern in patterns:
        if isinstance(pattern, int) or (isinstance(pattern, str) and pattern.isdigit()):
            if definition_id is not None and int(pattern) == definition_id:
                return True
        elif isinstance(pattern, str) and fnmatch.fnmatchcase(class_path, pattern):
            return True
    return False


def _validate_job_filter(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str | int) and str(item) for item in value):
        raise ValidationError("A list of job class paths (shell patterns allowed) or job definition ids")


class Webhook(models.Model):
    """An HTTP endpoint that receives run and log events as JSON, optionally signed with a shared secret."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    url = models.CharField(
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Receives a POST per event. Treat it as a secret if it embeds a token (Slack, Teams): "
        "lists show only its host.",
    )
    events = models.JSONField(default=list, help_text="Any of: run_started, run_finished, log_entry")
    min_log_level = models.CharField(
        max_length=20,
        choices=LogLevel.choices,
        default=LogLevel.WARNING,
        help_text="log_entry events are sent for lines at or above this level",
    )
    jobs = models.JSONField(
        default=list,
        blank=True,
        validators=[_validate_job_filter],
        help_text="Only these jobs: class paths (shell patterns such as local/contracts/* allowed) or job "
        "definition ids. Empty: every job.",
    )
    http_headers = models.JSONField(default=dict, blank=True, help_text="Extra request headers, as a JSON object")
    body_template = models.TextField(
        blank=True,
        help_text="Optional: a Django template rendering the JSON body a service expects (Slack blocks, PagerDuty). "
        "Context: event, text, run, log, payload; use |tojson for values. Empty: the netjobs payload.",
    )
    secret_encrypted = models.BinaryField(null=True, blank=True, editable=False)
    ssl_verify = models.BooleanField(default=True, help_text="Verify the server's TLS certificate")
    timeout_s = models.FloatField(
        default=10.0, validators=[MinValueValidator(0.1), MaxValueValidator(120.0)], help_text="Per attempt"
    )
    max_attempts = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(20)], help_text="Before giving up"
    )
    max_log_events_per_run = models.PositiveIntegerField(
        default=100, help_text="log_entry events sent per run at most (a flood guard); 0: no limit"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not isinstance(self.events, list) or not self.events:
            errors["events"] = "Choose at least one event"
        elif bad := [e for e in self.events if e not in SUBSCRIBABLE_EVENTS]:
            errors["events"] = f"Unknown events: {', '.join(map(str, bad))}"
        if not isinstance(self.http_headers, dict):
            errors["http_headers"] = "A JSON object of header names to values"
        else:
            for key, value in self.http_headers.items():
                lowered = str(key).lower()
                if lowered in RESERVED_HEADERS or lowered.startswith(RESERVED_HEADER_PREFIX):
                    errors["http_headers"] = f"{key} is set by netjobs and cannot be replaced"
                elif not isinstance(value, str) or "\n" in value or "\r" in value or "\n" in str(key):
                    errors["http_headers"] = f"The value of {key} must be a one-line string"
        if self.body_template:
            try:
                templating.compile_body_template(self.body_template)
            except templating.TemplateError as exc:
                errors["body_template"] = str(exc)
        if errors:
            raise ValidationError(errors)

    def url_display(self) -> str:
        """The URL without its path and query, which often embed a token (Slack, Teams, PagerDuty relays)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/…" if parts.path.strip("/") or parts.query else self.url

    # --- the secret -------------------------------------------------------------------------------------------
    def set_secret(self, value: str | None) -> None:
        """Store `value` encrypted (or remove the secret with None / "")."""
        self.secret_encrypted = secret_store.encrypt(value) if value else None

    def stored_secret(self) -> str:
        """The stored secret or `env:` reference (decrypted). Never display it: see `secret_hint()`."""
        return secret_store.decrypt(self.secret_encrypted) if self.secret_encrypted else ""

    def signing_key(self) -> bytes | None:
        """The key that signs payloads now (references resolved), or None when the webhook has no secret."""
        stored = self.stored_secret()
        return secret_store.resolve(stored).encode() if stored else None

    def secret_hint(self) -> str:
        try:
            return secret_store.hint(self.stored_secret())
        except secret_store.SecretUnavailable:
            return "set (cannot be decrypted)"

    # --- matching ---------------------------------------------------------------------------------------------
    def wants(self, event: str, class_path: str, definition_id: int | None, level: str | None = None) -> bool:
        if not self.enabled or event not in self.events:
            return False
        if level is not None and level_rank(level) < level_rank(self.min_log_level):
            return False
        return job_filter_matches(self.jobs, class_path, definition_id)


class RunNotification(models.Model):
    """An e-mail subscription: who hears about the outcome of which jobs' runs, and when."""

    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    jobs = models.JSONField(
        default=list,
        blank=True,
        validators=[_validate_job_filter],
        help_text="Only these jobs: class paths (shell patterns allowed) or job definition ids. Empty: every job.",
    )
    when = models.CharField(max_length=20, choices=NotifyWhen.choices, default=NotifyWhen.FAILURE)
    emails = models.JSONField(default=list, blank=True, help_text="E-mail addresses")
    usernames = models.JSONField(default=list, blank=True, help_text="Users, by username (their e-mail address)")
    notify_run_user = models.BooleanField(default=False, help_text="Also mail the user who started the run")
    include_log_level = models.CharField(
        max_length=20,
        choices=LogLevel.choices,
        default=LogLevel.WARNING,
        help_text="The mail quotes the run's log lines at or above this level (the first 50)",
    )
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field in ("emails", "usernames"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
                errors[field] = "A list of strings"
        if "emails" not in errors:
            for address in self.emails:
                try:
                    validate_email(address)
                except ValidationError:
                    errors["emails"] = f"{address} is not an e-mail address"
        if not errors and not (self.emails or self.usernames or self.notify_run_user):
            errors["emails"] = "Give at least one address, user, or notify the run's user"
        if errors:
            raise ValidationError(errors)

    def wants(self, status: str, log_counts: dict[str, int], class_path: str, definition_id: int | None) -> bool:
        if not self.enabled or not job_filter_matches(self.jobs, class_path, definition_id):
            return False
        if self.when == NotifyWhen.ALWAYS:
            return True
        failed = status in FAILED_RUN_STATES
        if self.when == NotifyWhen.FAILURE:
            return failed
        return failed or bool(log_counts.get(LogLevel.WARNING) or log_counts.get(LogLevel.FAILURE))


class OutboxEntry(models.Model):
    """A message waiting to be sent, being sent, or sent: the shared state machine of every delivery.

    pending → delivering (claimed: `claim_token`, lease until `claimed_until`) → delivered | pending (retry at
    `next_attempt_at`) | failed. A delivering row whose lease ran out (its process died) is claimed again, so
    delivery is at least once; receivers de-duplicate with the X-Netjobs-Delivery header.
    """

    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    job_result_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    attempt_log = models.JSONField(default=list, blank=True, help_text="One entry per attempt")
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True, help_text="Delivered, or given up")

    class Meta:
        abstract = True


class WebhookDelivery(OutboxEntry):
    """One event for one webhook, with the outcome of every attempt to POST it (the delivery log)."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=WebhookEvent.choices)
    payload = models.JSONField()
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_response = models.TextField(blank=True, help_text="The start of the last response body")
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} #{self.pk} ({self.status})"


class EmailDelivery(OutboxEntry):
    """One run-outcome e-mail for one subscription; recipients and subject are filled in when it is sent."""

    notification = models.ForeignKey(RunNotification, on_delete=models.CASCADE, related_name="deliveries")
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "e-mail deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="emaildelivery_due_idx")]

    def __str__(self) -> str:
        return f"e-mail {self.notification_id} #{self.pk} ({self.status})"
