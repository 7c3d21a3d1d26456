"""Statuses and kinds of the maintenance app. Values follow the maintnote BCOP where it defines them."""

from __future__ import annotations

from django.db import models

__all__ = [
    "ACTIVE_STATUSES",
    "ImapSecurity",
    "Impact",
    "MaintenanceStatus",
    "NoteLevel",
    "ParseStatus",
    "SourceType",
]


class MaintenanceStatus(models.TextChoices):
    """A maintenance's state, as the BCOP's X-MAINTNOTE-STATUS (plus UNKNOWN for "never stated")."""

    TENTATIVE = "TENTATIVE", "Tentative"
    CONFIRMED = "CONFIRMED", "Confirmed"
    CANCELLED = "CANCELLED", "Cancelled"
    IN_PROCESS = "IN-PROCESS", "In process"
    COMPLETED = "COMPLETED", "Completed"
    RE_SCHEDULED = "RE-SCHEDULED", "Re-scheduled"
    UNKNOWN = "UNKNOWN", "Unknown"


#: Maintenances that may still take circuits down (the overlap job looks at these only).
ACTIVE_STATUSES = frozenset(
    {
        MaintenanceStatus.TENTATIVE,
        MaintenanceStatus.CONFIRMED,
        MaintenanceStatus.IN_PROCESS,
        MaintenanceStatus.RE_SCHEDULED,
        MaintenanceStatus.UNKNOWN,
    }
)


class Impact(models.TextChoices):
    """A circuit's expected impact, as the BCOP's X-MAINTNOTE-IMPACT; ordered from least to most severe."""

    NO_IMPACT = "NO-IMPACT", "No impact"
    REDUCED_REDUNDANCY = "REDUCED-REDUNDANCY", "Reduced redundancy"
    DEGRADED = "DEGRADED", "Degraded"
    OUTAGE = "OUTAGE", "Outage"


class ParseStatus(models.TextChoices):
    """What became of a stored notification."""

    NEW = "new", "Not processed yet"
    PARSED = "parsed", "Parsed"
    FAILED = "failed", "Parsing failed"
    UNKNOWN_SENDER = "unknown-sender", "Unknown sender"
    IGNORED = "ignored", "Not a maintenance"
    DUPLICATE = "duplicate", "Duplicate"


class SourceType(models.TextChoices):
    IMAP = "imap", "IMAP mailbox"
    MAILDIR = "maildir", "Maildir folder"
    MBOX = "mbox", "mbox file"
    UPLOAD = "upload", "API / upload"


class ImapSecurity(models.TextChoices):
    SSL = "ssl", "TLS (IMAPS)"
    STARTTLS = "starttls", "STARTTLS"
    NONE = "none", "None (loopback or trusted network only)"


class NoteLevel(models.TextChoices):
    INFO = "info", "Info"
    WARNING = "warning", "Warning"
    CRITICAL = "critical", "Critical"
