from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from netjobs.core.management.commands import loaddemo
from netjobs.core.models import ObjectChange
from netjobs.dcim.models import ConsolePort, Device, Interface, PowerPort, Site
from netjobs.ipam.models import IPAddress

pytestmark = pytest.mark.django_db

INVENTORY_APPS = ("core", "tenancy", "dcim", "ipam", "circuits")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for app in INVENTORY_APPS
        for model in apps.get_app_config(app).get_models()
    }


def test_loading_the_demo_twice_changes_nothing_the_second_time() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    first = row_counts()
    call_command("loaddemo", no_jobs=True, verbosity=0)

    assert row_counts() == first
    assert first["dcim.Device"] >= 10
    assert first["circuits.Circuit"] >= 4
    assert first["core.ObjectChange"] > 0  # the second run did not even write change-log entries


def test_the_demo_changes_are_attributed_to_loaddemo() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    assert set(ObjectChange.objects.values_list("user_name", flat=True)) == {"loaddemo"}


def test_the_demo_has_three_sites_one_of_them_planned_inside_two_regions() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    sites = Site.objects.all()
    assert sorted(s.status.slug for s in sites) == ["active", "active", "planned"]
    assert {s.parent.location_type.name for s in sites} == {"Region"}
    assert {s.parent.name for s in sites} == {"Europe", "North America"}


def test_the_demo_console_ports_are_connected_planned_and_unconnected() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    active = ConsolePort.objects.filter(device__status__slug="active")
    assert active.filter(connected_endpoint__isnull=False, connection_status=True).exists()
    assert active.filter(connected_endpoint__isnull=False, connection_status=False).exists()
    assert active.filter(connected_endpoint__isnull=True, connection_status__isnull=True).exists()


def test_the_demo_has_devices_with_two_one_and_planned_power_connections() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    connected = {
        device.name: PowerPort.objects.filter(device=device, connected_endpoint__isnull=False).count()
        for device in Device.objects.filter(status__slug="active").exclude(role__slug="pdu")
    }
    assert 2 in connected.values()
    assert 1 in connected.values()
    assert PowerPort.objects.filter(connected_endpoint__isnull=False, connection_status=False).exists()


def test_the_demo_routers_have_addressed_loopbacks_but_one() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    loopbacks = Interface.objects.filter(name="Loopback0", device__role__slug__in=["router", "core-router"])
    without_ip = [lo.device.name for lo in loopbacks if not lo.ip_addresses.exists()]
    assert without_ip == ["fra01-rtr1"]
    assert Device.objects.filter(primary_ip4__isnull=False).count() > Device.objects.count() // 2
    assert IPAddress.objects.get(address="10.255.0.1/32").interface.name == "Loopback0"


def test_the_example_jobs_are_copied_into_the_jobs_root(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NETJOBS_JOBS_ROOT = tmp_path / "jobs"
    monkeypatch.setattr(loaddemo, "get_commands", dict)  # without the job registry's syncjobs
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "new_branch.py").write_text("# an old copy\n")

    call_command("loaddemo", verbosity=0)

    installed = sorted(p.name for p in (tmp_path / "jobs").glob("*.py"))
    assert installed == ["device_connections.py", "device_ips.py", "new_branch.py"]
    assert (tmp_path / "jobs" / "new_branch.py").read_text() == (loaddemo.examples_dir() / "new_branch.py").read_text()


def test_the_job_registry_is_synced_after_installing_when_syncjobs_exists(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NETJOBS_JOBS_ROOT = tmp_path
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(loaddemo, "get_commands", lambda: {"syncjobs": "netjobs.jobs"})
    monkeypatch.setattr(loaddemo, "call_command", lambda *args, **kwargs: calls.append((args, kwargs)))
    loaddemo.install_example_jobs()
    assert calls == [(("syncjobs",), {"verbosity": 0, "allow_import_errors": True})]


def test_a_missing_examples_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaddemo, "examples_dir", lambda: tmp_path / "nowhere")
    with pytest.raises(loaddemo.CommandError, match="--no-jobs"):
        loaddemo.install_example_jobs()
