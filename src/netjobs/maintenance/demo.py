"""Demo data of the maintenance app: provider profiles, sources and sample notifications for `netjobs loaddemo`.

The notifications are written into a demo Maildir (under NETJOBS_HOME) and read from it exactly as the fetch job
reads a mailbox, so the demo shows the whole path: stored messages, parsed notifications, maintenances that
were re-scheduled, an overlap at FRA01, an unknown circuit, an unknown sender and an unparseable message.
Dates are relative to the first load. Loading again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from netjobs.apps.circuits import Circuit, CircuitTermination, CircuitType, Provider
from netjobs.apps.dcim import Location
from netjobs.apps.extras import Status
from netjobs.maintenance.choices import Impact
from netjobs.maintenance.fetch import FetchTotals, fetch_source
from netjobs.maintenance.models import NotificationSource, ProviderMaintenanceProfile
from netjobs.maintenance.reporting import RecordingReporter

__all__ = ["DemoError", "DemoResult", "demo_messages", "load_maintenance_demo"]

TELIA, COGENT = "maintenance@telia-carrier.example", "noc-maintenance@cogent.example"
PROFILES = [  # provider slug, parser type, sender addresses
    ("telia-carrier", "genericprovider", TELIA),
    ("cogent", "genericprovider", COGENT),
    ("zayo", "zayo", "mr@zayo.com"),
]
DEMO_SOURCE = "Demo mailbox (Maildir)"
EXAMPLE_IMAP_SOURCE = "NOC mailbox (IMAP example)"


class DemoError(Exception):
    """The inventory demo (`netjobs loaddemo`) is not loaded."""


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)
    totals: FetchTotals = field(default_factory=FetchTotals)
    maildir: Path | None = None


def _bcop(
    *,
    sender: str,
    provider: str,
    maintenance_id: str,
    status: str,
    window: tuple[dt.datetime, dt.datetime],
    stamp: dt.datetime,
    sequence: int,
    circuits: list[tuple[str, str]],
    summary: str,
) -> bytes:
    """A notification with a maintnote BCOP iCalendar attachment, the way carriers that follow the BCOP send it."""
    ts = "%Y%m%dT%H%M%SZ"
    objects = "".join(f"X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT={imp}:{cid}\r\n" for cid, imp in circuits)
    # The event's impact: the worst of its circuits (a lone object takes it, whatever its own parameter says).
    impact = max((imp for _, imp in circuits), key=list(Impact.values).index, default=Impact.OUTAGE)
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netjobs demo//maintnote//EN\r\nBEGIN:VEVENT\r\n"
        f"SUMMARY:{summary}\r\nDTSTART:{window[0]:{ts}}\r\nDTEND:{window[1]:{ts}}\r\nDTSTAMP:{stamp:{ts}}\r\n"
        f"UID:{maintenance_id.lower()}@{sender.split('@')[1]}\r\nSEQUENCE:{sequence}\r\n"
        f"X-MAINTNOTE-PROVIDER:{sender.split('@')[1]}\r\nX-MAINTNOTE-ACCOUNT:ACME-4711\r\n"
        f"X-MAINTNOTE-MAINTENANCE-ID:{maintenance_id}\r\n{objects}X-MAINTNOTE-IMPACT:{impact}\r\n"
        f"X-MAINTNOTE-STATUS:{status}\r\nORGANIZER;CN={provider} NOC:mailto:{sender}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = _envelope(sender, provider, f"[{provider}] Maintenance {maintenance_id} - {status}", stamp)
    message["Message-ID"] = f"<{maintenance_id.lower()}-{sequence}@demo.netjobs.example>"
    message.set_content(
        f"Dear customer,\n\n{summary}.\nStatus: {status}\nWindow: {window[0]:%Y-%m-%d %H:%M} to "
        f"{window[1]:%Y-%m-%d %H:%M} UTC\nServices: {', '.join(cid for cid, _ in circuits) or 'see previous notice'}"
        "\n\nThe maintnote notification is attached.\n"
    )
    message.add_attachment(
        calendar.encode(),
        maintype="text",
        subtype="calendar",
        filename=f"{maintenance_id}.ics",
        params={"method": "PUBLISH"},
    )
    return bytes(message)


def _zayo(*, ticket: str, window: tuple[dt.datetime, dt.datetime], stamp: dt.datetime, circuit: str) -> bytes:
    """A Zayo notification in Zayo's HTML layout (parsed by the library's zayo parser)."""
    when = f"{window[0]:%d-%b-%Y %H:%M} to {window[1]:%d-%b-%Y %H:%M} ( GMT )"
    html = (
        "<html><body><b>Zayo Maintenance Notification<br><br>This email serves as official notification that Zayo "
        "and/or one of its providers will be performing maintenance on its network as described below.</b><br><br>"
        f"<b>Maintenance Ticket #: </b><span>{ticket}</span><br><br>"
        f"<b>Date Notice Sent: </b><span>{stamp:%d-%b-%Y}</span><br><br>"
        "<b>Customer: </b><span>Acme Networks</span><br><br>"
        f"<b>1<sup>st</sup> Activity Date </b><br><span>{when}</span><br><br>"
        "<b>Reason for Maintenance: </b><span>Emergency splicing after a fibre cut on the Frankfurt ring.</span>"
        "<br><br><table><tr><th>Circuit Id</th><th>Expected Impact</th><th>A Location Address</th>"
        "<th>Z Location Address</th><th>Legacy Circuit Id</th></tr>"
        f"<tr><td>{circuit}</td><td>Hard Down - up to 4 hours</td><td>Hanauer Landstr. 302, Frankfurt</td>"
        "<td>Kleyerstr. 90, Frankfurt</td><td></td></tr></table></body></html>"
    )
    message = _envelope(
        "mr@zayo.com", "Zayo", f"MAINTENANCE NOTIFICATION***Acme Networks***ZAYO {ticket} Planned***", stamp
    )
    message["Message-ID"] = f"<{ticket.lower()}@demo.netjobs.example>"
    message.set_content(f"Zayo maintenance {ticket}: {when}. Circuit {circuit}.\n")
    message.add_alternative(html, subtype="html")
    return bytes(message)


def _plain(sender: str, name: str, subject: str, body: str, date: dt.datetime, message_id: str) -> bytes:
    message = _envelope(sender, name, subject, date)
    message["Message-ID"] = message_id
    message.set_content(body)
    return bytes(message)


def _envelope(sender: str, name: str, subject: str, date: dt.datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{name} NOC <{sender}>"
    message["To"] = "noc@acme.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    return message


def demo_messages(now: dt.datetime) -> list[bytes]:
    """The sample notifications, oldest first, with windows around `now`."""
    day = now.replace(minute=0, second=0, microsecond=0)

    def at(days: int, hour: int) -> dt.datetime:
        return (day + dt.timedelta(days=days)).replace(hour=hour)

    ago = now - dt.timedelta(days=14)
    telia = {"sender": TELIA, "provider": "Telia Carrier"}
    cogent = {"sender": COGENT, "provider": "Cogent Communications"}
    return [
        _bcop(
            **telia,
            maintenance_id="TC-2024-0099",
            status="CONFIRMED",
            window=(at(-10, 22), at(-9, 2)),
            stamp=ago,
            sequence=0,
            circuits=[("TLA-100234", "OUTAGE")],
            summary="Router software upgrade in AMS",
        ),
        _bcop(
            **telia,
            maintenance_id="TC-2024-0099",
            status="COMPLETED",
            window=(at(-10, 22), at(-9, 2)),
            stamp=at(-9, 3),
            sequence=1,
            circuits=[],
            summary="Router software upgrade in AMS",
        ),
        _bcop(
            **telia,
            maintenance_id="TC-2024-0142",
            status="CONFIRMED",
            window=(at(5, 22), at(6, 4)),
            stamp=now - dt.timedelta(days=3),
            sequence=0,
            circuits=[("TLA-100234", "OUTAGE"), ("TLA-100871", "REDUCED-REDUNDANCY"), ("TLA-555000", "OUTAGE")],
            summary="Fibre relocation between Amsterdam and Frankfurt",
        ),
        _bcop(
            **telia,
            maintenance_id="TC-2024-0142",
            status="RE-SCHEDULED",
            window=(at(7, 22), at(8, 4)),
            stamp=now - dt.timedelta(days=1),
            sequence=1,
            circuits=[("TLA-100234", "OUTAGE"), ("TLA-100871", "REDUCED-REDUNDANCY"), ("TLA-555000", "OUTAGE")],
            summary="Fibre relocation between Amsterdam and Frankfurt",
        ),
        _zayo(
            ticket="TTN-0009876543",
            window=(at(7, 23), at(8, 3)),
            stamp=now - dt.timedelta(hours=20),
            circuit="OGYX/204512//ZYO",
        ),
        _bcop(
            **cogent,
            maintenance_id="CG-77120",
            status="IN-PROCESS",
            window=(now - dt.timedelta(hours=1), now + dt.timedelta(hours=3)),
            stamp=now - dt.timedelta(hours=2),
            sequence=2,
            circuits=[("CGT-55999", "DEGRADED")],
            summary="Line card replacement in FRA",
        ),
        _bcop(
            **cogent,
            maintenance_id="CG-77181",
            status="CANCELLED",
            window=(at(3, 1), at(3, 5)),
            stamp=now - dt.timedelta(hours=5),
            sequence=1,
            circuits=[("CGT-55012", "NO-IMPACT")],
            summary="Power maintenance in FRA",
        ),
        _plain(
            "jane.doe@partner.example",
            "Jane Doe",
            "Fwd: maintenance next week?",
            "Hi, did you see the Telia notice? Jane\n",
            now - dt.timedelta(hours=4),
            "<fwd-1@partner.example>",
        ),
        _plain(
            TELIA,
            "Telia Carrier",
            "Re: TC-2024-0142 - can the window move?",
            "We are checking with the field team and will send an updated notification.\n",
            now - dt.timedelta(hours=3),
            "<reply-0142@demo.netjobs.example>",
        ),
    ]


def _write_maildir(root: Path, messages: list[bytes], first_second: int) -> None:
    """Deliver `messages` into the demo Maildir, replacing an earlier demo delivery (a stale database's)."""
    for folder in ("tmp", "new", "cur"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for old in (root / folder).glob("*.demo.netjobs*"):
            old.unlink()
    for index, raw in enumerate(messages):
        (root / "new" / f"{first_second + index}.M{index}P1.demo.netjobs").write_bytes(raw)


def _ensure_zayo(site: Location) -> None:
    zayo, _ = Provider.objects.get_or_create(slug="zayo", defaults={"name": "Zayo"})
    if not Circuit.objects.filter(provider=zayo, cid="OGYX/204512//ZYO").exists():
        circuit = Circuit(
            provider=zayo,
            cid="OGYX/204512//ZYO",
            circuit_type=CircuitType.objects.get(slug="dark-fibre"),
            status=Status.objects.get(slug="active"),
            description="Dark fibre FRA01 - Kleyerstr.",
        )
        circuit.validated_save()
        CircuitTermination(circuit=circuit, term_side="A", location=site).validated_save()


def load_maintenance_demo(now: dt.datetime | None = None) -> DemoResult:
    """Load the demo (idempotent). Needs the inventory demo: raises DemoError without it."""
    result = DemoResult()
    try:
        fra01 = Location.objects.get(slug="fra01")
        providers = {p.slug: p for p in Provider.objects.filter(slug__in=["telia-carrier", "cogent"])}
        CircuitType.objects.get(slug="dark-fibre")
    except (Location.DoesNotExist, CircuitType.DoesNotExist):
        raise DemoError("load the inventory demo first: netjobs loaddemo") from None
    if len(providers) < 2:
        raise DemoError("load the inventory demo first: netjobs loaddemo")
    _ensure_zayo(fra01)
    for slug, parser_type, senders in PROFILES:
        _, created = ProviderMaintenanceProfile.objects.get_or_create(
            provider=Provider.objects.get(slug=slug),
            defaults={"parser_type": parser_type, "sender_addresses": senders},
        )
        if created:
            result.created.append(f"maintenance profile of {slug}")
    _, created = NotificationSource.objects.get_or_create(
        name=EXAMPLE_IMAP_SOURCE,
        defaults={
            "source_type": "imap",
            "enabled": False,
            "host": "imap.example.net",
            "account": "noc-maintenance@acme.example",
            "secret_ref": "env:NETJOBS_MAINTENANCE_IMAP_PASSWORD",
            "folder": "Provider Notices",
            "description": "An example: fill in your server, set the variable, enable it",
        },
    )
    if created:
        result.created.append(f"source {EXAMPLE_IMAP_SOURCE} (disabled)")

    maildir = Path(settings.HOME) / "maintenance-demo" / "Maildir"
    result.maildir = maildir
    source, created = NotificationSource.objects.get_or_create(
        name=DEMO_SOURCE,
        defaults={"source_type": "maildir", "path": str(maildir), "description": "Sample notifications of the demo"},
    )
    if created or not (maildir / "new").is_dir():
        now = now or timezone.now()
        _write_maildir(maildir, demo_messages(now), int(now.timestamp()) - 3600)
        result.created.append(f"source {DEMO_SOURCE} with {len(demo_messages(now))} sample notifications")
    source.refresh_from_db()
    fetch_source(source, RecordingReporter(forward=False), result.totals)
    return result
