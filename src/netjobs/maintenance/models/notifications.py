"""What arrived: every e-mail as received, and the parser's structured reading of it."""

from __future__ import annotations

import datetime as dt
import email
import email.message
from email import policy

from django.db import models

from netjobs.core.models import BaseModel
from netjobs.maintenance.choices import ParseStatus
from netjobs.maintenance.models.urls import AppUrlMixin

__all__ = ["Notification", "ParsedNotification"]


class Notification(AppUrlMixin, BaseModel):
    """One e-mail from a source, kept verbatim whatever became of it (parsed, unparseable, unknown sender).

    Not change-logged: a notification is a record of what arrived, and logging it would copy every raw message
    into the change log.
    """

    source = models.ForeignKey("maintenance.NotificationSource", on_delete=models.PROTECT, related_name="notifications")
    message_id = models.CharField(max_length=255, verbose_name="Message-ID")
    source_key = models.CharField(max_length=255, blank=True, help_text="IMAP UIDVALIDITY:UID, Maildir key, mbox index")
    raw = models.BinaryField(help_text="The message as received (RFC 5322)")
    sender = models.CharField(max_length=254, blank=True, db_index=True, help_text="Address of the From header")
    from_header = models.CharField(max_length=500, blank=True, verbose_name="From")
    subject = models.CharField(max_length=500, blank=True)
    date = models.DateTimeField(null=True, blank=True, help_text="The Date header")
    fetched = models.DateTimeField(auto_now_add=True)
    provider = models.ForeignKey(
        "circuits.Provider", on_delete=models.SET_NULL, null=True, blank=True, related_name="maintenance_notifications"
    )
    parser_type = models.CharField(max_length=50, blank=True)
    parse_status = models.CharField(
        max_length=20, choices=ParseStatus.choices, default=ParseStatus.NEW, db_index=True, verbose_name="status"
    )
    parse_error = models.TextField(blank=True, verbose_name="error")

    page_name = "notification"

    class Meta:
        ordering = ["-fetched", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "message_id"], name="maintenance_notification_unique_message")
        ]

    def __str__(self) -> str:
        return self.subject or self.message_id

    def raw_bytes(self) -> bytes:
        return bytes(self.raw)

    def email_message(self) -> email.message.Message:
        """The parsed message (compat32 policy, which is what the parser library expects)."""
        return email.message_from_bytes(self.raw_bytes(), policy=policy.compat32)

    def raw_text(self) -> str:
        """The raw message for display; undecodable bytes are replaced."""
        return self.raw_bytes().decode("utf-8", errors="replace")


class ParsedNotification(AppUrlMixin, BaseModel):
    """One maintenance read from a notification (a message may announce several), linked to what it created.

    `data` is the parser's output as is: the BCOP fields (provider, account, maintenance_id, status, circuits
    with their impact, start, end, stamp, organizer, uid, sequence, summary) plus the parser metadata. `applied`
    is false when it arrived after a newer notification of the same maintenance and so changed nothing.
    """

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="parsed")
    maintenance = models.ForeignKey(
        "maintenance.CircuitMaintenance", on_delete=models.CASCADE, related_name="parsed_notifications"
    )
    data = models.JSONField()
    status = models.CharField(max_length=20, help_text="The status the notification gave (NO-CHANGE included)")
    sequence = models.IntegerField()
    stamp = models.DateTimeField(help_text="When the provider issued the notification")
    applied = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    page_name = "notification"  # shown on its notification's page

    class Meta:
        ordering = ["stamp", "sequence", "pk"]

    def __str__(self) -> str:
        return f"{self.maintenance} {self.status} ({self.stamp:%Y-%m-%d %H:%M})"

    def page_pk(self) -> int:
        return self.notification_id

    def circuits(self) -> list[dict[str, str]]:
        return list(self.data.get("circuits", []))

    @property
    def window_start(self) -> dt.datetime | None:
        return _from_epoch(self.data.get("start"))

    @property
    def window_end(self) -> dt.datetime | None:
        return _from_epoch(self.data.get("end"))


def _from_epoch(value: object) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC) if isinstance(value, int | float) else None
