"""Every maintenance model has an admin that lists, searches and shows the demo's objects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from netjobs.maintenance.models import CircuitMaintenance, MaintenanceNote, NotificationSource

pytestmark = pytest.mark.django_db

MODELS = sorted(model._meta.model_name for model in admin.site._registry if model._meta.app_label == "maintenance")


@pytest.fixture
def client(tmp_path: Path, settings: Any) -> Client:
    settings.HOME = tmp_path
    call_command("loaddemo", no_jobs=True, verbosity=0)
    call_command("loadmaintenancedemo", verbosity=0)
    MaintenanceNote(maintenance=CircuitMaintenance.objects.first(), title="Called the NOC").validated_save()
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "secret-password")
    client = Client()
    client.force_login(user)
    return client


def test_every_model_has_an_admin() -> None:
    assert MODELS == [
        "circuitimpact",
        "circuitmaintenance",
        "maintenancenote",
        "notification",
        "notificationsource",
        "parsednotification",
        "providermaintenanceprofile",
    ]


@pytest.mark.parametrize("model_name", MODELS)
def test_every_admin_lists_searches_and_shows_an_object(client: Client, model_name: str) -> None:
    changelist = reverse(f"admin:maintenance_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "TC-2024"}).status_code == 200
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    obj = model._default_manager.first()
    assert client.get(reverse(f"admin:maintenance_{model_name}_change", args=[obj.pk])).status_code == 200


def test_the_acknowledge_action_acknowledges_each_maintenance(client: Client) -> None:
    pks = list(CircuitMaintenance.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:maintenance_circuitmaintenance_changelist"),
        {"action": "acknowledge", "_selected_action": pks},
    )
    assert response.status_code == 302
    assert not CircuitMaintenance.objects.filter(ack=False).exists()


def test_resetting_a_cursor_clears_it(client: Client) -> None:
    source = NotificationSource.objects.get(name="Demo mailbox (Maildir)")
    assert source.last_key
    client.post(
        reverse("admin:maintenance_notificationsource_changelist"),
        {"action": "reset_cursor", "_selected_action": [source.pk]},
    )
    source.refresh_from_db()
    assert source.last_key == ""
