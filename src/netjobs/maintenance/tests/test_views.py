"""The maintenance pages on the demo data: lists by timing and filters, detail with ack and notes, calendar,
notifications and the .eml upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from netjobs.maintenance.models import CircuitMaintenance, MaintenanceNote, Notification
from netjobs.maintenance.tests.conftest import email_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(tmp_path: Path, settings: Any) -> None:
    settings.ROOT_URLCONF = "netjobs.maintenance.tests.urls"
    settings.HOME = tmp_path
    call_command("loaddemo", no_jobs=True, verbosity=0)
    call_command("loadmaintenancedemo", verbosity=0)


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def page(client: Client, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_maintenances_are_listed_as_upcoming_ongoing_and_past(client: Client) -> None:
    upcoming = page(client, "/maintenance/")
    assert "TC-2024-0142" in upcoming and "TTN-0009876543" in upcoming and "TC-2024-0099" not in upcoming
    assert "CG-77120" in page(client, "/maintenance/", when="ongoing")
    past = page(client, "/maintenance/", when="past")
    assert "TC-2024-0099" in past and "TC-2024-0142" not in past


def test_the_list_filters_by_provider_status_and_ack(client: Client) -> None:
    zayo = CircuitMaintenance.objects.get(name="TTN-0009876543").provider_id
    only_zayo = page(client, "/maintenance/", when="all", provider=zayo)
    assert "TTN-0009876543" in only_zayo and "TC-2024-0142" not in only_zayo
    cancelled = page(client, "/maintenance/", when="all", status="CANCELLED")
    assert "CG-77181" in cancelled and "TTN-0009876543" not in cancelled
    CircuitMaintenance.objects.filter(name="TTN-0009876543").update(ack=True)
    acked = page(client, "/maintenance/", when="all", ack="true")
    assert "TTN-0009876543" in acked and "TC-2024-0142" not in acked
    searched = page(client, "/maintenance/", when="all", q="TLA-555000")
    assert "TC-2024-0142" in searched and "TTN-0009876543" not in searched


def test_an_htmx_filter_request_gets_only_the_table(client: Client) -> None:
    response = client.get("/maintenance/", {"q": "TTN"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "TTN-0009876543" in body and "<html" not in body


def test_the_detail_page_shows_circuits_impacts_notes_and_notifications(client: Client) -> None:
    maintenance = CircuitMaintenance.objects.get(name="TC-2024-0142")
    body = page(client, f"/maintenance/{maintenance.pk}/")
    assert "TLA-100234" in body and "TLA-555000" in body and "unknown circuit" in body
    assert "Reduced redundancy" in body and "Outage" in body
    assert "RE-SCHEDULED" in body and "CONFIRMED" in body  # both notifications of its history
    assert "Acknowledge" in body


def test_the_ack_button_acknowledges_and_can_be_withdrawn(client: Client) -> None:
    maintenance = CircuitMaintenance.objects.get(name="TC-2024-0142")
    response = client.post(f"/maintenance/{maintenance.pk}/ack/", {"ack": "true"})
    assert response.status_code == 302 and response["Location"] == f"/maintenance/{maintenance.pk}/"
    maintenance.refresh_from_db()
    assert maintenance.ack is True
    client.post(f"/maintenance/{maintenance.pk}/ack/", {"ack": "false"})
    maintenance.refresh_from_db()
    assert maintenance.ack is False
    assert client.get(f"/maintenance/{maintenance.pk}/ack/").status_code == 405


def test_a_note_is_added_with_its_author(client: Client) -> None:
    maintenance = CircuitMaintenance.objects.get(name="TC-2024-0142")
    client.post(f"/maintenance/{maintenance.pk}/notes/", {"title": "Informed customers", "level": "info"})
    note = MaintenanceNote.objects.get()
    assert (note.maintenance, note.author.username) == (maintenance, "admin")
    assert "Informed customers" in page(client, f"/maintenance/{maintenance.pk}/")


def test_the_calendar_shows_each_location_and_marks_days_with_several_maintenances(client: Client) -> None:
    body = page(client, "/maintenance/calendar/", days=14)
    assert "FRA01" in body and "AMS01" in body
    assert "table-danger" in body  # TC-2024-0142 and TTN-0009876543 at FRA01 on the same night
    assert "CG-77181" not in body  # cancelled


def test_notifications_are_listed_filtered_and_shown_raw_and_parsed(client: Client) -> None:
    failed = page(client, "/maintenance/notifications/", status="failed")
    assert "Re: TC-2024-0142" in failed and "Fwd: maintenance" not in failed
    notification = Notification.objects.get(subject__startswith="MAINTENANCE NOTIFICATION")
    body = page(client, f"/maintenance/notifications/{notification.pk}/")
    assert "Message-ID: &lt;ttn-0009876543@demo.netjobs.example&gt;" in body  # the raw message
    assert "HtmlParserZayo1" in body  # the parsed data
    raw = client.get(f"/maintenance/notifications/{notification.pk}/raw/")
    assert raw["Content-Type"] == "message/rfc822" and raw.content == notification.raw_bytes()


def test_an_uploaded_eml_is_stored_processed_and_shown(client: Client) -> None:
    upload = SimpleUploadedFile("aws.eml", email_bytes("aws_direct_connect.eml"), content_type="message/rfc822")
    response = client.post("/maintenance/notifications/upload/", {"file": upload}, follow=True)
    assert response.status_code == 200
    notification = Notification.objects.get(subject__contains="AWS Direct Connect")
    assert notification.source.name == "Uploaded e-mails"
    body = response.content.decode()
    assert "Parsing failed" in body or "Unknown sender" in body  # the demo has no AWS profile
    assert "No provider maintenance profile lists the sender" in body


def test_pages_need_a_login_and_the_view_permission(client: Client) -> None:
    assert Client().get("/maintenance/")["Location"].startswith("/login/")
    nobody = Client()
    nobody.force_login(User.objects.create_user("nobody", password="pw"))
    assert nobody.get("/maintenance/").status_code == 403
    assert nobody.get("/maintenance/calendar/").status_code == 403
    assert nobody.get("/maintenance/notifications/upload/").status_code == 403


def test_objects_link_to_their_pages_and_the_menu_shows_the_app(client: Client) -> None:
    from django.apps import apps

    maintenance = CircuitMaintenance.objects.get(name="TC-2024-0142")
    impact = maintenance.impacts.first()
    parsed = maintenance.parsed_notifications.first()
    assert maintenance.get_absolute_url() == impact.get_absolute_url() == f"/maintenance/{maintenance.pk}/"
    assert parsed.get_absolute_url() == f"/maintenance/notifications/{parsed.notification_id}/"
    source = parsed.notification.source
    assert source.get_absolute_url() == f"/admin/maintenance/notificationsource/{source.pk}/change/"
    assert apps.get_app_config("maintenance").netjobs_menu == [
        ("Maintenance", "maintenance:circuitmaintenance-list", "maintenance.view_circuitmaintenance")
    ]
    assert 'href="/maintenance/"' in page(client, "/inventory/")


def test_without_the_pages_mounted_objects_link_to_the_admin_and_there_is_no_menu(settings: Any) -> None:
    from django.apps import apps

    settings.ROOT_URLCONF = "netjobs.api.tests.urls"  # admin and API only
    maintenance = CircuitMaintenance.objects.first()
    assert maintenance.get_absolute_url() == f"/admin/maintenance/circuitmaintenance/{maintenance.pk}/change/"
    assert apps.get_app_config("maintenance").netjobs_menu == []
