from __future__ import annotations

import pytest

from netjobs.apps.dcim import Device
from netjobs.contracts import coverage
from netjobs.contracts.tests.builders import Tree, assign, day, make_contract
from netjobs.testing.inventory import make_device

pytestmark = pytest.mark.django_db


def _covered(tree: Tree) -> set[str]:
    """Names of the covered devices, checked both ways: set-based and one device at a time must agree."""
    by_set = set(coverage.covered_devices().values_list("name", flat=True))
    one_by_one = {device.name for device in Device.objects.all() if coverage.is_covered(device)}
    assert by_set == one_by_one
    uncovered = set(coverage.uncovered_devices().values_list("name", flat=True))
    assert by_set.isdisjoint(uncovered)
    assert by_set | uncovered == set(Device.objects.values_list("name", flat=True))
    return by_set


def test_nothing_is_covered_without_assignments(tree: Tree) -> None:
    make_contract("C-1")
    assert _covered(tree) == set()


def test_a_device_is_covered_by_its_own_assignment(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.lon_router)
    assert _covered(tree) == {"lon-router"}


def test_a_location_covers_the_devices_in_it_and_below_it(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.ams)
    assert _covered(tree) == {"ams-router", "ams-switch"}  # the room's device too, not LON's


def test_a_region_covers_every_site_and_room_below_it(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.eu)
    assert _covered(tree) == {"ams-router", "ams-switch", "lon-router"}


def test_a_room_does_not_cover_its_parent_site(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.ams_room)
    assert _covered(tree) == {"ams-router"}


def test_a_tenant_covers_its_devices_wherever_they_are(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.blue)
    make_device("blue-in-lon", location=tree.lon, tenant=tree.blue)
    assert _covered(tree) == {"ams-router", "blue-in-lon"}


def test_a_device_is_not_covered_by_its_location_tenant(tree: Tree) -> None:
    tree.lon.tenant = tree.blue
    tree.lon.validated_save()
    assign(make_contract("C-1"), tree.blue)
    assert "lon-router" not in _covered(tree)


@pytest.mark.parametrize(
    ("contract_dates", "status"),
    [
        ({"start": -30, "end": -1}, "active"),  # expired yesterday
        ({"start": 1, "end": 30}, "active"),  # starts tomorrow
        ({"start": -30, "end": 30}, "cancelled"),
        ({"start": -30, "end": 30}, "planned"),
    ],
)
def test_only_contracts_in_force_today_cover(tree: Tree, contract_dates: dict[str, int], status: str) -> None:
    assign(make_contract("C-1", status=status, **contract_dates), tree.eu)
    assert _covered(tree) == set()


def test_contracts_cover_on_their_first_and_last_day(tree: Tree) -> None:
    assign(make_contract("ends-today", start=-30, end=0), tree.ams)
    assign(make_contract("starts-today", start=0, end=30), tree.lon)
    assert _covered(tree) == {"ams-router", "ams-switch", "lon-router"}


def test_an_assignment_covers_only_between_its_own_dates(tree: Tree) -> None:
    contract = make_contract("C-1", start=-100, end=100)
    assign(contract, tree.ams_router, end=-1)  # ended yesterday
    assign(contract, tree.ams_switch, start=1)  # starts tomorrow
    assign(contract, tree.lon_router, start=0, end=0)  # today only
    assert _covered(tree) == {"lon-router"}
    assert set(coverage.covered_devices(on=day(1)).values_list("name", flat=True)) == {"ams-switch"}


def test_covering_assignments_lists_every_path_of_cover(tree: Tree) -> None:
    device_contract, site_contract, tenant_contract = (make_contract(n) for n in ("dev", "site", "tenant"))
    assign(device_contract, tree.ams_router)
    assign(site_contract, tree.eu)
    assign(tenant_contract, tree.blue)
    numbers = {a.contract.number for a in coverage.covering_assignments(tree.ams_router)}
    assert numbers == {"dev", "site", "tenant"}


def test_directly_uncovered_ignores_location_and_tenant_cover(tree: Tree) -> None:
    assign(make_contract("C-1"), tree.eu)
    assign(make_contract("C-2"), tree.lon_router)
    assert set(coverage.directly_uncovered_devices().values_list("name", flat=True)) == {"ams-router", "ams-switch"}


def test_location_subtree_ids(tree: Tree) -> None:
    assert coverage.location_subtree_ids([tree.ams.pk]) == {tree.ams.pk, tree.ams_room.pk}
    assert coverage.location_subtree_ids([]) == set()
