"""The example jobs against the demo data: first the exact ORM expressions they use, then the jobs themselves.

The jobs are called directly with their log methods recorded, so these tests check the inventory's side of the
contract (Nautobot 1 names and semantics), independent of the runner.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.text import slugify

from netjobs.core.management.commands.loaddemo import examples_dir
from netjobs.core.models import Status
from netjobs.dcim.models import ConsolePort, Device, DeviceRole, DeviceType, Interface, PowerPort, Site
from netjobs.ipam.models import IPAddress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo() -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)


def load_example(name: str) -> ModuleType:
    path = examples_dir() / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"netjobs_example_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def recording(job_class: type) -> tuple[Any, list[tuple[str, Any, Any]]]:
    """An instance of `job_class` whose log_success/log_warning/log_failure calls are recorded."""
    job = job_class()
    records: list[tuple[str, Any, Any]] = []
    for level in ("success", "info", "warning", "failure"):
        setattr(job, f"log_{level}", lambda obj=None, message=None, level=level: records.append((level, obj, message)))
    return job, records


# --- the ORM expressions, as written in the jobs -----------------------------------------------------------


def test_the_new_branch_orm_calls_work_as_written() -> None:
    STATUS_PLANNED = Status.objects.get(slug="planned")
    site = Site(name="Branch 7", slug=slugify("Branch 7"), status=STATUS_PLANNED)
    site.validated_save()
    switch_role = DeviceRole.objects.get(name="Access Switch")
    switch = Device(
        device_type=DeviceType.objects.get(slug="c9300-48p"),
        name=f"{site.slug}-switch1",
        site=site,
        status=STATUS_PLANNED,
        device_role=switch_role,
    )
    switch.validated_save()
    assert [
        (d.name, d.device_type.manufacturer.name, d.device_type.model) for d in Device.objects.filter(site=site)
    ] == [("branch-7-switch1", "Cisco", "Catalyst 9300-48P")]


def test_the_device_connections_orm_calls_work_as_written() -> None:
    STATUS_ACTIVE = Status.objects.get(slug="active")
    outcomes = Counter()
    for console_port in ConsolePort.objects.prefetch_related("device").filter(device__status=STATUS_ACTIVE):
        if console_port.connected_endpoint is None:
            outcomes["console missing"] += 1
        elif not console_port.connection_status:
            outcomes["console planned"] += 1
        else:
            outcomes["console connected"] += 1
    for device in Device.objects.filter(status=STATUS_ACTIVE):
        connected = sum(p.connected_endpoint is not None for p in PowerPort.objects.filter(device=device))
        outcomes["power ok" if connected >= 2 else "power short"] += 1
    assert all(outcomes[key] for key in ("console missing", "console planned", "console connected"))
    assert outcomes["power ok"] and outcomes["power short"]


# --- the jobs themselves -----------------------------------------------------------------------------------


def test_new_branch_creates_a_planned_site_with_its_switches_and_returns_a_csv() -> None:
    job, records = recording(load_example("new_branch").NewBranch)
    data = {"site_name": "Branch 9", "switch_count": 2, "switch_model": DeviceType.objects.get(slug="c9300-48p")}

    output = job.run(data, commit=True)

    assert output.splitlines() == [
        "name,make,model",
        "branch-9-switch1,Cisco,Catalyst 9300-48P",
        "branch-9-switch2,Cisco,Catalyst 9300-48P",
    ]
    site = Site.objects.get(slug="branch-9")
    assert site.status.slug == "planned"
    assert {d.role.name for d in Device.objects.filter(site=site)} == {"Access Switch"}
    assert [level for level, _, _ in records] == ["success"] * 3


def test_device_connections_reports_successes_warnings_and_failures() -> None:
    module = load_example("device_connections")
    job, records = recording(module.DeviceConnectionsReport)
    job.test_console_connection()
    console = Counter(level for level, _, _ in records)
    assert console["success"] and console["warning"] and console["failure"]
    assert ("warning", Device.objects.get(name="ams01-sw2"), "Console connection for Console marked as planned") in (
        records
    )
    assert ("failure", Device.objects.get(name="fra01-sw1"), "No console connection defined for Console") in records

    records.clear()
    job.test_power_connections()
    by_device = {(obj.name, level) for level, obj, _ in records}
    assert ("ams01-cr1", "success") in by_device
    assert ("ams01-rtr1", "warning") in by_device  # PSU2 planned, still two connected
    assert ("fra01-rtr1", "failure") in by_device  # only one power supply connected
    assert ("failure", Device.objects.get(name="fra01-rtr1"), "1 connected power supplies found (2 needed)") in records


def test_device_ips_reports_the_router_without_a_loopback_address_and_the_orphan_address() -> None:
    module = load_example("device_ips")
    job, records = recording(module.DeviceIPsReport)

    job.test_loopback_ips()
    assert {(level, obj.name) for level, obj, _ in records} == {
        ("success", "ams01-cr1"),
        ("success", "ams01-rtr1"),
        ("failure", "fra01-rtr1"),
    }

    records.clear()
    job.test_primary_ips()
    failures = [obj.name for level, obj, _ in records if level == "failure"]
    assert failures == ["fra01-rtr1"]
    assert len(records) == Device.objects.filter(status__slug="active").count()

    records.clear()
    job.test_parent_prefixes()
    assert [(level, str(obj)) for level, obj, _ in records if level != "success"] == [("failure", "198.51.100.53/32")]
    assert len(records) == IPAddress.objects.count()
    assert Interface.objects.filter(name__istartswith="loopback", ip_addresses__isnull=True).exists()
