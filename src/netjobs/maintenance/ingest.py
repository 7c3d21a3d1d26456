"""From raw e-mail to tracked maintenances: store the message, find its provider, parse it, apply it.

Every message is stored first and whatever happens next is recorded on it (parsed, unparseable with the
parser's error, unknown sender, …), so nothing a provider sent is lost. `ingest_raw_email()` is the entry point
for e-mails posted to the API or uploaded in the UI; the fetch job uses `store_message()` and
`process_notification()` with its own transaction boundaries.
"""

from __future__ import annotations

import datetime as dt
import email
import email.message
import hashlib
import logging
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

from django.db import transaction

from netjobs.maintenance.choices import ParseStatus
from netjobs.maintenance.models import (
    CircuitMaintenance,
    Notification,
    NotificationSource,
    ProviderMaintenanceProfile,
)
from netjobs.maintenance.models.sources import normalize_address
from netjobs.maintenance.parsing import (
    ParsedMaintenance,
    ParseError,
    combine_windows,
    default_organizers,
    parse_email,
)
from netjobs.maintenance.reporting import LoggerReporter, Reporter
from netjobs.maintenance.tracking import Applied, apply_parsed, report_applied

__all__ = [
    "Processed",
    "ingest_email",
    "ingest_raw_email",
    "match_profile",
    "process_notification",
    "store_message",
]

logger = logging.getLogger(__name__)

MAX_HEADER = 500


@dataclass
class Processed:
    """The outcome of processing one notification."""

    status: str
    created: list[CircuitMaintenance] = field(default_factory=list)
    updated: list[CircuitMaintenance] = field(default_factory=list)


def _header_text(message: email.message.Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, UnicodeError, ValueError):
        text = str(value)
    return " ".join(text.split())[:MAX_HEADER]


def _header_date(message: email.message.Message) -> dt.datetime | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        date = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def _message_id(message: email.message.Message, raw: bytes) -> str:
    value = " ".join(str(message.get("Message-ID", "")).split())
    # A message without a Message-ID is identified by its content, so re-reading it is still recognised.
    return value[:255] if value else f"<sha256:{hashlib.sha256(raw).hexdigest()}>"


def store_message(raw: bytes, source: NotificationSource, *, source_key: str = "") -> tuple[Notification, bool]:
    """The notification for `raw` in `source`: (stored now, True) or (already there, False)."""
    message = email.message_from_bytes(raw, policy=policy.compat32)
    message_id = _message_id(message, raw)
    existing = Notification.objects.filter(source=source, message_id=message_id).first()
    if existing is not None:
        return existing, False
    from_header = _header_text(message, "From")
    notification = Notification(
        source=source,
        message_id=message_id,
        source_key=source_key[:255],
        raw=raw,
        sender=normalize_address(from_header)[:254],
        from_header=from_header,
        subject=_header_text(message, "Subject"),
        date=_header_date(message),
    )
    notification.validated_save()
    return notification, True


def match_profile(sender: str) -> ProviderMaintenanceProfile | None:
    """The enabled provider profile `sender` belongs to: an exact address beats an @domain entry, which beats
    the address the parser library knows for the profile's parser type."""
    if not sender:
        return None
    profiles = list(ProviderMaintenanceProfile.objects.filter(enabled=True).select_related("provider"))
    for profile in profiles:
        if sender in profile.addresses():
            return profile
    for profile in profiles:
        if profile.matches(sender):
            return profile
    library_type = default_organizers().get(sender)
    return next((profile for profile in profiles if profile.parser_type == library_type), None)


def _mark(notification: Notification, status: str, error: str = "") -> None:
    notification.parse_status, notification.parse_error = status, error
    notification.save(update_fields=["parse_status", "parse_error", "provider", "parser_type"])


def _describe(notification: Notification) -> str:
    return f"“{notification.subject or '(no subject)'}” from {notification.sender or '(no sender)'}"


def process_notification(notification: Notification, report: Reporter) -> Processed:
    """Parse a stored notification and create or update the maintenances it announces.

    Parse problems are recorded on the notification and reported, never raised. The maintenance changes of
    one notification are applied all together or not at all.
    """
    twin = (
        Notification.objects.filter(message_id=notification.message_id, parse_status=ParseStatus.PARSED)
        .exclude(pk=notification.pk)
        .first()
    )
    if twin is not None:
        _mark(notification, ParseStatus.DUPLICATE, f"Already processed from source {twin.source}")
        report.log_info(obj=notification, message=f"{_describe(notification)} was already processed from {twin.source}")
        return Processed(ParseStatus.DUPLICATE)

    profile = match_profile(notification.sender)
    if profile is None:
        error = f"No provider maintenance profile lists the sender {notification.sender or '(none)'}."
        _mark(notification, ParseStatus.UNKNOWN_SENDER, error)
        report.log_warning(obj=notification, message=f"{_describe(notification)} kept unprocessed: {error}")
        return Processed(ParseStatus.UNKNOWN_SENDER)

    notification.provider, notification.parser_type = profile.provider, profile.parser_type
    try:
        maintenances = parse_email(notification.email_message(), profile.parser_type)
    except ParseError as exc:
        _mark(notification, ParseStatus.FAILED, str(exc))
        report.log_warning(
            obj=notification,
            message=f"Could not parse {_describe(notification)} "
            f"({profile.provider}, {profile.parser_type} parser): {exc}",
        )
        return Processed(ParseStatus.FAILED)
    if not maintenances:
        error = f"The {profile.parser_type} parser's filters say this is not a maintenance notification."
        _mark(notification, ParseStatus.IGNORED, error)
        report.log_info(obj=notification, message=f"{_describe(notification)} ignored: {error}")
        return Processed(ParseStatus.IGNORED)

    result = Processed(ParseStatus.PARSED)
    done: list[tuple[Applied, ParsedMaintenance]] = []
    try:
        with transaction.atomic():
            for parsed in combine_windows(maintenances):
                done.append((apply_parsed(notification, profile.provider, parsed), parsed))
    except Exception as exc:  # a maintenance the models reject: keep the notification, say why
        logger.exception("Could not record the maintenances of notification %s", notification.pk)
        _mark(notification, ParseStatus.FAILED, f"Parsed, but could not be recorded: {exc}")
        report.log_warning(obj=notification, message=f"{_describe(notification)} could not be recorded: {exc}")
        return Processed(ParseStatus.FAILED)
    _mark(notification, ParseStatus.PARSED)
    for applied, parsed in done:
        report_applied(applied, profile.provider, parsed, report)
        (result.created if applied.created else result.updated).append(applied.maintenance)
    return result


def ingest_email(
    raw: bytes, source: NotificationSource | None = None, *, report: Reporter | None = None
) -> tuple[Notification, bool]:
    """`ingest_raw_email()`, also telling whether the message was new."""
    source = source or NotificationSource.upload_source()
    report = report or LoggerReporter()
    with transaction.atomic():
        notification, created = store_message(raw, source)
        if created or notification.parse_status == ParseStatus.NEW:
            process_notification(notification, report)
    return notification, created


def ingest_raw_email(
    raw: bytes, source: NotificationSource | None = None, *, report: Reporter | None = None
) -> Notification:
    """Store and process one e-mail (API post, UI upload); returns its notification.

    `source` defaults to the uploads source. Posting the same message twice returns the first notification
    without processing it again (unless it was never processed).
    """
    return ingest_email(raw, source, report=report)[0]
