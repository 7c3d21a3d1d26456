from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from netjobs.core.models import ObjectChange, Status
from netjobs.dcim.models import Device, Site

pytestmark = pytest.mark.django_db

INVENTORY_APPS = {"core", "tenancy", "dcim", "ipam", "circuits"}
INVENTORY_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in INVENTORY_APPS
)


@pytest.fixture
def client_with_demo() -> Client:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "secret-password")
    client = Client()
    client.force_login(user)
    return client


def test_every_inventory_model_has_an_admin() -> None:
    registered = {label for label in INVENTORY_MODELS}
    assert {("core", "status"), ("core", "tag"), ("core", "objectchange")} <= registered
    assert {("dcim", "device"), ("dcim", "site"), ("ipam", "ipaddress"), ("circuits", "circuit")} <= registered
    assert {("tenancy", "tenant"), ("dcim", "consoleport"), ("circuits", "circuittermination")} <= registered


@pytest.mark.parametrize(("app_label", "model_name"), INVENTORY_MODELS)
def test_every_inventory_admin_lists_searches_and_shows_an_object(
    client_with_demo: Client, app_label: str, model_name: str
) -> None:
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client_with_demo.get(changelist).status_code == 200
    assert client_with_demo.get(changelist, {"q": "10.1"}).status_code == 200
    model = next(m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name) == (app_label, model_name))
    obj = model._default_manager.first()
    assert obj is not None, f"the demo data has no {model_name}"
    assert client_with_demo.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])).status_code == 200


def test_the_change_log_cannot_be_edited_or_deleted_in_the_admin(client_with_demo: Client) -> None:
    change = ObjectChange.objects.first()
    assert client_with_demo.get(reverse("admin:core_objectchange_add")).status_code == 403
    assert client_with_demo.get(reverse("admin:core_objectchange_delete", args=[change.pk])).status_code == 403
    response = client_with_demo.post(reverse("admin:core_objectchange_change", args=[change.pk]), {"object_repr": "x"})
    assert response.status_code == 403
    assert ObjectChange.objects.get(pk=change.pk).object_repr != "x"


def test_the_device_form_offers_only_statuses_that_apply_to_devices(client_with_demo: Client) -> None:
    circuit_only = Status.objects.create(name="Circuit only", slug="circuit-only")
    device = Device.objects.get(name="ams01-sw1")
    response = client_with_demo.get(reverse("admin:dcim_device_change", args=[device.pk]))
    status_choices = [str(choice[1]) for choice in response.context["adminform"].form.fields["status"].choices]
    assert "Active" in status_choices
    assert circuit_only.name not in status_choices


def test_a_site_added_in_the_admin_gets_the_site_type(client_with_demo: Client) -> None:
    active = Status.objects.get(slug="active")
    response = client_with_demo.post(
        reverse("admin:dcim_site_add"),
        {"name": "LON01", "slug": "lon01", "status": active.pk, "time_zone": "Europe/London"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Site.objects.get(slug="lon01").location_type.name == "Site"


def test_the_system_checks_pass() -> None:
    call_command("check", fail_level="WARNING")
