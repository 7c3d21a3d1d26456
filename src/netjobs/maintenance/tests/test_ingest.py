"""E-mails in through `ingest_raw_email()` (the API/UI path): stored always, parsed when possible, tracked."""

from __future__ import annotations

import pytest

from netjobs.apps.extras import ObjectChange
from netjobs.maintenance.choices import MaintenanceStatus, ParseStatus
from netjobs.maintenance.ingest import ingest_raw_email, match_profile
from netjobs.maintenance.models import (
    CircuitMaintenance,
    Notification,
    NotificationSource,
    ParsedNotification,
    ProviderMaintenanceProfile,
)
from netjobs.maintenance.reporting import RecordingReporter
from netjobs.maintenance.tests.conftest import Inventory, email_bytes, utc

pytestmark = pytest.mark.django_db


def ingest(name: str, reporter: RecordingReporter | None = None) -> Notification:
    return ingest_raw_email(email_bytes(name), report=reporter or RecordingReporter())


def test_a_bcop_notification_creates_a_maintenance_with_its_circuits_and_impacts(inventory: Inventory) -> None:
    reporter = RecordingReporter()
    notification = ingest("bcop_confirmed_multipart.eml", reporter)

    assert notification.parse_status == ParseStatus.PARSED
    assert notification.provider == inventory.providers["Arelion"]
    assert notification.sender == "ncm@arelion.com"
    assert notification.subject == "[Arelion] Planned work PWIC-4711 - 2030-03-12 23:00 UTC - CONFIRMED"
    assert notification.date == utc(2030, 2, 20, 10, 15)
    assert notification.source.name == "Uploaded e-mails"
    assert notification.raw_bytes() == email_bytes("bcop_confirmed_multipart.eml")

    maintenance = CircuitMaintenance.objects.get()
    assert (maintenance.name, maintenance.provider.name) == ("PWIC-4711", "Arelion")
    assert maintenance.status == MaintenanceStatus.CONFIRMED
    assert (maintenance.start, maintenance.end) == (utc(2030, 3, 12, 23), utc(2030, 3, 13, 5))
    assert maintenance.description == "Planned fibre maintenance between Amsterdam and Frankfurt"
    assert maintenance.ack is False
    impacts = {i.cid: (i.impact, i.circuit) for i in maintenance.impacts.all()}
    assert impacts == {
        "TLA-100234": ("OUTAGE", inventory.circuits["TLA-100234"]),
        "TLA-100871": ("REDUCED-REDUNDANCY", inventory.circuits["TLA-100871"]),
        "TLA-999999": ("OUTAGE", None),
    }
    parsed = ParsedNotification.objects.get()
    assert (parsed.notification, parsed.maintenance, parsed.status) == (notification, maintenance, "CONFIRMED")
    assert parsed.data["maintenance_id"] == "PWIC-4711"
    assert [c["circuit_id"] for c in parsed.circuits()] == ["TLA-100234", "TLA-100871", "TLA-999999"]
    warnings = [message for level, _, message in reporter.records if level == "warning"]
    assert warnings == [
        "Circuit TLA-999999 of Arelion named by maintenance PWIC-4711 is not in the inventory; "
        "kept on the maintenance as an unknown circuit id"
    ]


@pytest.mark.parametrize(
    ("sample", "provider", "maintenance_id", "circuits"),
    [
        ("zayo_planned.eml", "Zayo", "TTN-0004567890", {"OGYX/204512//ZYO": "OUTAGE", "OGYX/204513//ZYO": "NO-IMPACT"}),
        (
            "equinix_scheduled.eml",
            "Equinix",
            "CHG0231456",
            {"21004512-A": "REDUCED-REDUNDANCY", "21004513-A": "REDUCED-REDUNDANCY"},
        ),
        ("aws_direct_connect.eml", "AWS", None, {"dxcon-fgk4m2p7": "OUTAGE", "dxvif-fh3q8r1z": "OUTAGE"}),
    ],
)
def test_provider_formats_create_maintenances_of_the_sending_provider(
    inventory: Inventory, sample: str, provider: str, maintenance_id: str | None, circuits: dict[str, str]
) -> None:
    notification = ingest(sample)
    assert (notification.parse_status, notification.parse_error) == (ParseStatus.PARSED, "")
    maintenance = CircuitMaintenance.objects.get()
    assert maintenance.provider == inventory.providers[provider]
    if maintenance_id:
        assert maintenance.name == maintenance_id
    assert {i.cid: i.impact for i in maintenance.impacts.all()} == circuits


def test_later_notifications_update_the_same_maintenance_and_keep_its_history(inventory: Inventory) -> None:
    ingest("bcop_confirmed_multipart.eml")
    maintenance = CircuitMaintenance.objects.get()
    maintenance.ack = True
    maintenance.validated_save()

    reporter = RecordingReporter()
    ingest("bcop_rescheduled.eml", reporter)
    maintenance.refresh_from_db()
    assert maintenance.status == MaintenanceStatus.RE_SCHEDULED
    assert (maintenance.start, maintenance.end) == (utc(2030, 3, 19, 23), utc(2030, 3, 20, 5))
    assert maintenance.ack is False, "a re-scheduled maintenance needs acknowledging again"
    assert maintenance.sequence == 1
    assert any("status CONFIRMED → RE-SCHEDULED" in message for _, _, message in reporter.records)

    ingest("bcop_cancelled.eml")
    maintenance.refresh_from_db()
    assert maintenance.status == MaintenanceStatus.CANCELLED
    assert maintenance.impacts.count() == 3, "a cancellation listing no circuits keeps the circuits"
    assert CircuitMaintenance.objects.count() == 1
    history = list(maintenance.parsed_notifications.values_list("status", "sequence", "applied"))
    assert history == [("CONFIRMED", 0, True), ("RE-SCHEDULED", 1, True), ("CANCELLED", 2, True)]
    updates = ObjectChange.objects.filter(changed_object_id=str(maintenance.pk), object_repr="PWIC-4711")
    assert updates.count() >= 4  # created, acked, re-scheduled, cancelled


def test_a_notification_older_than_the_applied_one_is_kept_but_not_applied(inventory: Inventory) -> None:
    ingest("bcop_rescheduled.eml")
    reporter = RecordingReporter()
    ingest("bcop_confirmed_multipart.eml", reporter)
    maintenance = CircuitMaintenance.objects.get()
    assert maintenance.status == MaintenanceStatus.RE_SCHEDULED
    assert maintenance.start == utc(2030, 3, 19, 23)
    assert list(maintenance.parsed_notifications.values_list("status", "applied")) == [
        ("CONFIRMED", False),
        ("RE-SCHEDULED", True),
    ]
    assert any("older than the one already applied" in message for _, _, message in reporter.records)


def test_a_message_from_an_unknown_sender_is_kept_and_marked(inventory: Inventory) -> None:
    reporter = RecordingReporter()
    notification = ingest("wrong_sender.eml", reporter)
    assert notification.parse_status == ParseStatus.UNKNOWN_SENDER
    assert notification.parse_error == "No provider maintenance profile lists the sender jane.doe@partner.example."
    assert notification.provider is None
    assert not CircuitMaintenance.objects.exists()
    assert reporter.records[0][0] == "warning"


def test_an_unparseable_message_is_kept_with_the_parser_s_error(inventory: Inventory) -> None:
    reporter = RecordingReporter()
    notification = ingest("garbage_known_sender.eml", reporter)
    assert notification.parse_status == ParseStatus.FAILED
    assert notification.provider == inventory.providers["Arelion"]
    assert "Failed creating Maintenance notification for GenericProvider" in notification.parse_error
    assert notification.subject == "Re: Planned work PWIC-4711 \N{EN DASH} question about réroutage"
    [(level, obj, message)] = reporter.records
    assert level == "warning" and obj == notification
    assert "genericprovider parser" in message and "None of the supported parsers" in message


def test_binary_garbage_is_stored_as_it_came(inventory: Inventory) -> None:
    notification = ingest("garbage.eml")
    assert notification.parse_status == ParseStatus.UNKNOWN_SENDER
    assert notification.raw_bytes() == email_bytes("garbage.eml")
    assert notification.message_id.startswith("<sha256:")


def test_a_provider_mail_that_is_not_a_maintenance_is_ignored(inventory: Inventory) -> None:
    notification = ingest("zayo_newsletter.eml")
    assert notification.parse_status == ParseStatus.IGNORED
    assert "not a maintenance notification" in notification.parse_error


def test_posting_the_same_message_twice_returns_the_first_notification(inventory: Inventory) -> None:
    first = ingest("bcop_confirmed_multipart.eml")
    second = ingest("bcop_confirmed_multipart.eml")
    assert first == second
    assert ParsedNotification.objects.count() == 1


def test_the_same_message_from_another_source_is_a_duplicate(inventory: Inventory) -> None:
    ingest("bcop_confirmed_multipart.eml")
    other = NotificationSource(name="Backup mailbox", source_type="mbox", path="/var/mail/noc")
    other.validated_save()
    notification = ingest_raw_email(email_bytes("bcop_confirmed_multipart.eml"), other)
    assert notification.parse_status == ParseStatus.DUPLICATE
    assert ParsedNotification.objects.count() == 1


def test_a_circuit_added_to_the_inventory_later_is_linked_on_the_next_update(inventory: Inventory) -> None:
    ingest("bcop_confirmed_multipart.eml")
    circuit = inventory.add_circuit("Arelion", "TLA-999999", "NYC01")
    ingest("bcop_rescheduled.eml")
    assert CircuitMaintenance.objects.get().impacts.get(cid="TLA-999999").circuit == circuit


def test_senders_match_by_address_then_domain_then_the_library_s_known_address(inventory: Inventory) -> None:
    assert match_profile("ncm@arelion.com").provider.name == "Arelion"
    assert match_profile("noc@zayo.com").provider.name == "Zayo"  # @zayo.com entry
    assert match_profile("someone@elsewhere.example") is None
    profile = ProviderMaintenanceProfile.objects.get(provider__name="Zayo")
    profile.sender_addresses = "maintenance@zayo-mail.example"
    profile.validated_save()
    assert match_profile("mr@zayo.com") == profile  # the address the library knows for the zayo parser
    profile.enabled = False
    profile.validated_save()
    assert match_profile("maintenance@zayo-mail.example") is None
