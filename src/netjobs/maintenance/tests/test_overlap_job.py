"""The Circuit overlap job on crafted maintenances: overlapping, adjacent, other sites, NO-IMPACT circuits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from netjobs.apps.jobs import JobResultStatus, LogLevel
from netjobs.jobs.models import JobResult
from netjobs.maintenance.choices import Impact, MaintenanceStatus
from netjobs.maintenance.models import CircuitImpact, CircuitMaintenance
from netjobs.maintenance.overlap import find_overlaps
from netjobs.maintenance.tests.conftest import JOB_DATABASES, OVERLAP_JOB, Inventory, log_lines

pytestmark = pytest.mark.django_db(transaction=True, databases=JOB_DATABASES)

RunJob = Callable[..., JobResult]
BASE = (timezone.now() + dt.timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)


def maintenance(
    inventory: Inventory,
    provider: str,
    name: str,
    start_h: int,
    end_h: int,
    circuits: dict[str, str],
    status: str = MaintenanceStatus.CONFIRMED,
) -> CircuitMaintenance:
    """A maintenance of `provider` from BASE+start_h to BASE+end_h hours on `circuits` (cid → impact)."""
    item = CircuitMaintenance(
        provider=inventory.providers[provider],
        name=name,
        status=status,
        start=BASE + dt.timedelta(hours=start_h),
        end=BASE + dt.timedelta(hours=end_h),
    )
    item.validated_save()
    for cid, impact in circuits.items():
        CircuitImpact(maintenance=item, circuit=inventory.circuits[cid], cid=cid, impact=impact).validated_save()
    return item


def run_overlap(run_job: RunJob, *, exclude_no_impact: bool = False) -> tuple[JobResult, list[str]]:
    result = run_job(OVERLAP_JOB, {"overlap_job_exclude_no_impact": exclude_no_impact})
    assert result.status == JobResultStatus.COMPLETED, log_lines(result)
    return result, log_lines(result, LogLevel.WARNING)


def test_overlapping_maintenances_at_one_location_give_one_warning_linking_both(
    inventory: Inventory, run_job: RunJob
) -> None:
    first = maintenance(inventory, "Arelion", "PWIC-1", 0, 6, {"TLA-100234": Impact.OUTAGE})  # AMS01
    second = maintenance(inventory, "Zayo", "TTN-1", 4, 8, {"OGYX/204513//ZYO": Impact.OUTAGE})  # FRA01, AMS01
    result, warnings = run_overlap(run_job)

    assert result.result == 1
    [warning] = warnings
    assert "Possible outage at [AMS01]" in warning
    assert f"[PWIC-1]({first.get_absolute_url()})" in warning
    assert f"[TTN-1]({second.get_absolute_url()})" in warning
    assert "Arelion: TLA-100234" in warning and "Zayo: OGYX/204513//ZYO" in warning
    start = BASE + dt.timedelta(hours=4)
    assert f"overlap from {start:%Y-%m-%d %H:%M} to {start + dt.timedelta(hours=2):%Y-%m-%d %H:%M} UTC" in warning
    entry = result.logs.get(log_level=LogLevel.WARNING)
    assert (entry.object_id, entry.absolute_url) == (str(first.pk), first.get_absolute_url())


def test_adjacent_maintenances_do_not_overlap(inventory: Inventory, run_job: RunJob) -> None:
    maintenance(inventory, "Arelion", "PWIC-1", 0, 4, {"TLA-100234": Impact.OUTAGE})
    maintenance(inventory, "Zayo", "TTN-1", 4, 8, {"OGYX/204513//ZYO": Impact.OUTAGE})
    result, warnings = run_overlap(run_job)
    assert (result.result, warnings) == (0, [])
    assert log_lines(result, LogLevel.SUCCESS) == ["No overlapping maintenances at any location"]


def test_overlapping_maintenances_at_different_sites_are_not_reported(inventory: Inventory, run_job: RunJob) -> None:
    maintenance(inventory, "Arelion", "PWIC-1", 0, 6, {"TLA-100234": Impact.OUTAGE})  # AMS01
    maintenance(inventory, "Equinix", "CHG-1", 2, 5, {"21004513-A": Impact.OUTAGE})  # NYC01
    _, warnings = run_overlap(run_job)
    assert warnings == []


def test_no_impact_circuits_count_unless_excluded(inventory: Inventory, run_job: RunJob) -> None:
    maintenance(inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE})  # FRA01
    maintenance(inventory, "Equinix", "CHG-1", 2, 5, {"21004512-A": Impact.NO_IMPACT})  # FRA01
    _, warnings = run_overlap(run_job)
    assert len(warnings) == 1
    _, warnings = run_overlap(run_job, exclude_no_impact=True)
    assert warnings == []


def test_each_shared_location_of_an_overlapping_pair_is_a_warning(inventory: Inventory, run_job: RunJob) -> None:
    maintenance(inventory, "Arelion", "PWIC-1", 0, 6, {"TLA-100871": Impact.REDUCED_REDUNDANCY})  # AMS01, FRA01
    maintenance(inventory, "Zayo", "TTN-1", 1, 3, {"OGYX/204513//ZYO": Impact.DEGRADED})  # FRA01, AMS01
    _, warnings = run_overlap(run_job)
    assert sorted(w.split("](")[0] for w in warnings) == ["Possible outage at [AMS01", "Possible outage at [FRA01"]


def test_three_maintenances_overlapping_at_one_site_are_three_pairs(inventory: Inventory) -> None:
    maintenance(inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE})
    maintenance(inventory, "Equinix", "CHG-1", 1, 5, {"21004512-A": Impact.OUTAGE})
    maintenance(inventory, "AWS", "AWS-1", 2, 4, {"dxcon-fgk4m2p7": Impact.OUTAGE})
    pairs = {(o.first.name, o.second.name) for o in find_overlaps()}
    assert pairs == {("TTN-1", "CHG-1"), ("TTN-1", "AWS-1"), ("CHG-1", "AWS-1")}


def test_cancelled_and_completed_maintenances_are_not_compared(inventory: Inventory) -> None:
    maintenance(inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE})
    maintenance(inventory, "Equinix", "CHG-1", 1, 5, {"21004512-A": Impact.OUTAGE}, status=MaintenanceStatus.CANCELLED)
    maintenance(inventory, "AWS", "AWS-1", 2, 4, {"dxcon-fgk4m2p7": Impact.OUTAGE}, status=MaintenanceStatus.COMPLETED)
    assert find_overlaps() == []


def test_maintenances_that_have_ended_are_not_compared(inventory: Inventory) -> None:
    maintenance(inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE})
    maintenance(inventory, "Equinix", "CHG-1", 1, 5, {"21004512-A": Impact.OUTAGE})
    assert len(find_overlaps(now=BASE + dt.timedelta(hours=2))) == 1, "an ongoing overlap is still reported"
    assert find_overlaps(now=BASE + dt.timedelta(hours=7)) == []


def test_one_maintenance_on_two_circuits_of_a_site_is_not_an_overlap(inventory: Inventory) -> None:
    maintenance(
        inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE, "OGYX/204513//ZYO": Impact.OUTAGE}
    )
    assert find_overlaps() == []


def test_unknown_circuits_have_no_location_and_are_skipped(inventory: Inventory) -> None:
    first = maintenance(inventory, "Zayo", "TTN-1", 0, 6, {"OGYX/204512//ZYO": Impact.OUTAGE})
    second = maintenance(inventory, "Equinix", "CHG-1", 1, 5, {})
    CircuitImpact(maintenance=second, cid="UNKNOWN-1", impact=Impact.OUTAGE).validated_save()
    assert find_overlaps() == []
    assert first.impacts.count() == 1
