"""The maintenance demo on top of the inventory demo: idempotent, and it shows every case."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netjobs.apps.jobs import LogLevel
from netjobs.jobs.models import JobResult
from netjobs.maintenance.choices import MaintenanceStatus, ParseStatus
from netjobs.maintenance.models import CircuitMaintenance, Notification, NotificationSource
from netjobs.maintenance.tests.conftest import FETCH_JOB, JOB_DATABASES, OVERLAP_JOB, log_lines

pytestmark = pytest.mark.django_db(transaction=True, databases=JOB_DATABASES)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, settings: Any) -> Path:
    settings.HOME = tmp_path
    return tmp_path


def load() -> str:
    out = StringIO()
    call_command("loadmaintenancedemo", stdout=out)
    return out.getvalue()


def test_the_demo_needs_the_inventory_demo() -> None:
    with pytest.raises(CommandError, match="netjobs loaddemo"):
        load()


def test_the_demo_loads_maintenances_in_every_state_and_is_idempotent(
    home: Path, run_job: Callable[..., JobResult]
) -> None:
    call_command("loaddemo", no_jobs=True, verbosity=0)
    load()  # (`netjobs loaddemo` may have loaded it already: then this changes nothing)

    statuses = dict(CircuitMaintenance.objects.values_list("name", "status"))
    assert statuses == {
        "TC-2024-0099": MaintenanceStatus.COMPLETED,
        "TC-2024-0142": MaintenanceStatus.RE_SCHEDULED,
        "TTN-0009876543": MaintenanceStatus.CONFIRMED,
        "CG-77120": MaintenanceStatus.IN_PROCESS,
        "CG-77181": MaintenanceStatus.CANCELLED,
    }
    assert CircuitMaintenance.objects.ongoing().get().name == "CG-77120"
    assert CircuitMaintenance.objects.get(name="TC-2024-0142").impacts.filter(circuit__isnull=True).get().cid == (
        "TLA-555000"
    )
    counts = {status: Notification.objects.filter(parse_status=status).count() for status in ParseStatus.values}
    assert (counts["parsed"], counts["unknown-sender"], counts["failed"]) == (7, 1, 1)
    assert (home / "maintenance-demo" / "Maildir" / "new").is_dir()

    assert load().strip().splitlines()[0] == "Maintenance demo already loaded: nothing to change."
    assert Notification.objects.count() == 9

    # The demo mailbox is an ordinary source: the fetch job finds nothing new in it.
    assert run_job(FETCH_JOB).result["fetched"] == 0
    assert not NotificationSource.objects.get(name="NOC mailbox (IMAP example)").enabled
    # The re-scheduled Telia work and the Zayo work overlap at FRA01.
    overlap = run_job(OVERLAP_JOB)
    [warning] = log_lines(overlap, LogLevel.WARNING)
    assert "[FRA01]" in warning and "TC-2024-0142" in warning and "TTN-0009876543" in warning
