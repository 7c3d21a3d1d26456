"""Where notifications come from: mailboxes (with their fetch cursor) and each provider's sender profile."""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.maintenance.choices import ImapSecurity, SourceType
from netjobs.maintenance.models.urls import AppUrlMixin
from netjobs.maintenance.parsing import GENERIC_PARSER, parser_choices
from netjobs.maintenance.secrets import validate_secret_ref

__all__ = ["NotificationSource", "ProviderMaintenanceProfile", "normalize_address"]

UPLOAD_SOURCE_NAME = "Uploaded e-mails"
IMAP_DEFAULT_PORTS = {ImapSecurity.SSL: 993, ImapSecurity.STARTTLS: 143, ImapSecurity.NONE: 143}


def normalize_address(header_value: str) -> str:
    """The bare, lower-cased address of a From header (`"NOC" <NOC@Example.net>` → `noc@example.net`)."""
    return parseaddr(header_value or "")[1].strip().lower()


class NotificationSource(AppUrlMixin, ChangeLoggedModel):
    """A mailbox the fetch job reads, plus how far it has read it.

    The cursor (`imap_uidvalidity`/`imap_last_uid` for IMAP, `last_key` for Maildir and mbox) is bookkeeping,
    not configuration: the job moves it with a queryset update in the same savepoint as the messages it stored,
    so it never runs ahead of them, and moving it leaves no change-log entry.
    """

    name = models.CharField(max_length=100, unique=True)
    source_type = models.CharField(max_length=10, choices=SourceType.choices, default=SourceType.IMAP)
    enabled = models.BooleanField(default=True, help_text="Disabled sources are skipped by the fetch job")
    description = models.CharField(max_length=200, blank=True)

    # IMAP
    host = models.CharField(max_length=255, blank=True)
    port = models.PositiveIntegerField(null=True, blank=True, help_text="Default: 993 for TLS, 143 otherwise")
    security = models.CharField(max_length=10, choices=ImapSecurity.choices, default=ImapSecurity.SSL)
    verify_tls = models.BooleanField(
        default=True, verbose_name="verify TLS certificate", help_text="Turn off only for self-signed test servers"
    )
    account = models.CharField(max_length=255, blank=True, help_text="IMAP login")
    secret_ref = models.CharField(
        max_length=255,
        blank=True,
        validators=[validate_secret_ref],
        verbose_name="password reference",
        help_text="Where the password is, never the password: env:VARIABLE, file:/absolute/path or setting:NAME",
    )
    folder = models.CharField(max_length=255, default="INBOX", help_text="IMAP folder to read")

    # Maildir / mbox
    path = models.CharField(max_length=500, blank=True, help_text="Absolute path of the Maildir folder or mbox file")

    # Fetch state
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False, verbose_name="IMAP UIDVALIDITY")
    imap_last_uid = models.BigIntegerField(null=True, blank=True, editable=False, verbose_name="last IMAP UID")
    last_key = models.CharField(max_length=255, blank=True, editable=False, help_text="Last Maildir key / mbox count")
    last_fetched = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.source_type == SourceType.IMAP:
            for field in ("host", "account", "secret_ref"):
                if not getattr(self, field):
                    errors[field] = "Required for an IMAP source."
        elif self.source_type in (SourceType.MAILDIR, SourceType.MBOX):
            if not self.path:
                errors["path"] = "Required for a Maildir or mbox source."
            elif not Path(self.path).is_absolute():
                errors["path"] = "Give an absolute path."
        if errors:
            raise ValidationError(errors)

    @property
    def is_fetchable(self) -> bool:
        """True for the kinds the fetch job reads (uploads arrive by themselves)."""
        return self.source_type != SourceType.UPLOAD

    def effective_port(self) -> int:
        return self.port or IMAP_DEFAULT_PORTS[ImapSecurity(self.security)]

    @classmethod
    def upload_source(cls) -> NotificationSource:
        """The source that API posts and UI uploads are filed under (created on first use)."""
        source, _ = cls.objects.get_or_create(
            name=UPLOAD_SOURCE_NAME,
            defaults={"source_type": SourceType.UPLOAD, "description": "E-mails posted to the API or uploaded"},
        )
        return source


class ProviderMaintenanceProfile(AppUrlMixin, ChangeLoggedModel):
    """How to recognise and read a provider's notifications: the addresses it mails from and the parser to use."""

    provider = models.OneToOneField("circuits.Provider", on_delete=models.CASCADE, related_name="maintenance_profile")
    parser_type = models.CharField(
        max_length=50,
        choices=parser_choices,
        default=GENERIC_PARSER,
        help_text="A provider format of circuit-maintenance-parser, or the generic iCalendar (BCOP) format",
    )
    sender_addresses = models.TextField(
        help_text="Addresses the provider sends notifications from, one per line; @example.net matches a domain"
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["provider"]
        verbose_name = "provider maintenance profile"

    def __str__(self) -> str:
        return f"{self.provider} ({self.parser_type})"

    def addresses(self) -> list[str]:
        """The configured addresses and @domains, normalised."""
        parts = self.sender_addresses.replace(",", "\n").replace(";", "\n").splitlines()
        return [part.strip().lower() for part in parts if part.strip()]

    def matches(self, sender: str) -> bool:
        """Does `sender` (a bare address) belong to this provider: an exact address, or an @domain entry."""
        sender = sender.lower()
        domain = "@" + sender.rpartition("@")[2]
        return any(entry == sender or (entry.startswith("@") and entry == domain) for entry in self.addresses())

    def clean(self) -> None:
        super().clean()
        bad = [a for a in self.addresses() if "@" not in a or " " in a]
        if bad:
            raise ValidationError({"sender_addresses": f"Not an address or @domain: {', '.join(bad)}"})
