"""The maintenance API: list, filter and read; post a raw e-mail; acknowledge; notes get their author."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from netjobs.maintenance.models import CircuitMaintenance, MaintenanceNote, Notification
from netjobs.maintenance.tests.conftest import Inventory, email_bytes

pytestmark = pytest.mark.django_db
API = "/api/maintenance"


@pytest.fixture(autouse=True)
def _urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "netjobs.maintenance.tests.urls"


@pytest.fixture
def admin_client(db: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def reader() -> APIClient:
    user = User.objects.create_user("reader", password="pw")
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="maintenance", codename__startswith="view_")
    )
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def test_posting_a_raw_email_stores_and_parses_it(inventory: Inventory, admin_client: APIClient) -> None:
    raw = email_bytes("zayo_planned.eml")
    response = admin_client.post(f"{API}/notifications/ingest/", raw, content_type="message/rfc822")
    assert response.status_code == 201, response.data
    assert response.data["parse_status"] == "parsed"
    assert response.data["provider"]["name"] == "Zayo"
    assert any("New maintenance TTN-0004567890" in m["message"] for m in response.data["messages"])

    again = admin_client.post(f"{API}/notifications/ingest/", raw, content_type="message/rfc822")
    assert (again.status_code, again.data["id"]) == (200, response.data["id"])
    raw_back = admin_client.get(f"{API}/notifications/{response.data['id']}/raw/")
    assert raw_back["Content-Type"] == "message/rfc822" and raw_back.content == raw


def test_an_email_can_also_be_posted_as_json_or_an_eml_file(inventory: Inventory, admin_client: APIClient) -> None:
    text = email_bytes("bcop_confirmed_multipart.eml").decode()
    assert admin_client.post(f"{API}/notifications/ingest/", {"raw": text}, format="json").status_code == 201
    encoded = base64.b64encode(email_bytes("garbage.eml")).decode()
    response = admin_client.post(f"{API}/notifications/ingest/", {"raw_base64": encoded}, format="json")
    assert (response.status_code, response.data["parse_status"]) == (201, "unknown-sender")
    with open(inventory_file("equinix_scheduled.eml"), "rb") as fh:
        response = admin_client.post(f"{API}/notifications/ingest/", {"file": fh}, format="multipart")
    assert (response.status_code, response.data["parse_status"]) == (201, "parsed")
    assert admin_client.post(f"{API}/notifications/ingest/", {"raw": " "}, format="json").status_code == 400


def inventory_file(name: str) -> str:
    from netjobs.maintenance.tests.conftest import EMAILS

    return str(EMAILS / name)


def test_maintenances_list_with_their_impacts_and_filter_by_timing_and_location(
    inventory: Inventory, admin_client: APIClient
) -> None:
    admin_client.post(f"{API}/notifications/ingest/", email_bytes("zayo_planned.eml"), content_type="message/rfc822")
    response = admin_client.get(f"{API}/circuit-maintenances/")
    assert response.status_code == 200
    [item] = response.data["results"]
    assert item["name"] == "TTN-0004567890" and item["timing"] == "upcoming"
    assert {impact["cid"]: impact["impact"] for impact in item["impacts"]} == {
        "OGYX/204512//ZYO": "OUTAGE",
        "OGYX/204513//ZYO": "NO-IMPACT",
    }
    fra, nyc = inventory.sites["FRA01"].pk, inventory.sites["NYC01"].pk
    assert admin_client.get(f"{API}/circuit-maintenances/?location_id={fra}").data["count"] == 1
    assert admin_client.get(f"{API}/circuit-maintenances/?location_id={nyc}").data["count"] == 0
    assert admin_client.get(f"{API}/circuit-maintenances/?timing=past").data["count"] == 0
    assert admin_client.get(f"{API}/circuit-maintenances/?status=CONFIRMED&ack=false").data["count"] == 1
    parsed = admin_client.get(f"{API}/parsed-notifications/").data["results"]
    assert parsed[0]["data"]["maintenance_id"] == "TTN-0004567890"


def test_acknowledging_needs_the_change_permission(inventory: Inventory, admin_client: APIClient) -> None:
    admin_client.post(f"{API}/notifications/ingest/", email_bytes("zayo_planned.eml"), content_type="message/rfc822")
    maintenance = CircuitMaintenance.objects.get()
    assert reader().post(f"{API}/circuit-maintenances/{maintenance.pk}/ack/").status_code == 403
    response = admin_client.post(f"{API}/circuit-maintenances/{maintenance.pk}/ack/")
    assert (response.status_code, response.data["ack"]) == (200, True)
    assert admin_client.post(f"{API}/circuit-maintenances/{maintenance.pk}/ack/", {"ack": False}).data["ack"] is False


def test_a_reader_may_read_but_not_post_e_mails(inventory: Inventory) -> None:
    client = reader()
    assert client.get(f"{API}/notifications/").status_code == 200
    response = client.post(f"{API}/notifications/ingest/", b"Subject: x\n\nx", content_type="message/rfc822")
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_a_note_is_written_by_its_author(inventory: Inventory, admin_client: APIClient) -> None:
    admin_client.post(f"{API}/notifications/ingest/", email_bytes("zayo_planned.eml"), content_type="message/rfc822")
    maintenance = CircuitMaintenance.objects.get()
    response = admin_client.post(
        f"{API}/notes/", {"maintenance": maintenance.pk, "title": "Customer informed"}, format="json"
    )
    assert response.status_code == 201, response.data
    assert MaintenanceNote.objects.get().author.username == "admin"


def test_sources_show_the_password_reference_only(inventory: Inventory, admin_client: APIClient) -> None:
    body = {
        "name": "NOC",
        "source_type": "imap",
        "host": "imap.example.net",
        "account": "noc",
        "secret_ref": "env:NOC_PASSWORD",
    }
    response = admin_client.post(f"{API}/sources/", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["secret_ref"] == "env:NOC_PASSWORD"
    bad = admin_client.post(f"{API}/sources/", {**body, "name": "NOC2", "secret_ref": "hunter2"}, format="json")
    assert bad.status_code == 400 and "secret_ref" in bad.data
