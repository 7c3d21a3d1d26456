"""Which devices a contract covers today: directly, through their location tree, or through their tenant.

A device is covered on a day when at least one assignment is active that day (its own dates and its
contract's term include the day, and the contract is active) for:
- the device itself,
- its location or any ancestor of that location (a contract on a site covers every room in it),
- its tenant.

The set-based helpers answer for many devices in a few queries (one for the location tree, whatever its size);
`is_covered()` answers for one device and walks only that device's ancestors. Both follow the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from netjobs.apps.dcim import Device, Location
from netjobs.apps.tenancy import Tenant
from netjobs.contracts.models import ContractAssignment

__all__ = [
    "CoveredTargets",
    "covered_devices",
    "covered_targets",
    "covering_assignments",
    "directly_uncovered_devices",
    "is_covered",
    "location_subtree_ids",
    "uncovered_devices",
]


def _today(on: dt.date | None) -> dt.date:
    return on if on is not None else timezone.localdate()


def _assigned_ids(active: QuerySet[ContractAssignment], model: type) -> QuerySet:
    content_type = ContentType.objects.get_for_model(model)
    return active.filter(assigned_object_type=content_type).values_list("assigned_object_id", flat=True)


def location_subtree_ids(root_ids: Iterable[int]) -> set[int]:
    """`root_ids` and the ids of every location below them (one query for the whole tree)."""
    roots = set(root_ids)
    if not roots:
        return set()
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Location.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk in seen:  # a cycle stored before validation existed must not loop forever
            continue
        seen.add(pk)
        stack.extend(children.get(pk, ()))
    return seen


@dataclass(frozen=True)
class CoveredTargets:
    """What the active assignments of one day cover; `location_ids` includes every location below one assigned."""

    on: dt.date
    device_ids: frozenset[int]
    location_ids: frozenset[int]
    tenant_ids: frozenset[int]

    def covers(self, device: Device) -> bool:
        return (
            device.pk in self.device_ids
            or device.location_id in self.location_ids
            or (device.tenant_id is not None and device.tenant_id in self.tenant_ids)
        )

    def device_q(self) -> Q:
        """A filter on Device matching the covered devices."""
        return Q(pk__in=self.device_ids) | Q(location_id__in=self.location_ids) | Q(tenant_id__in=self.tenant_ids)


def covered_targets(on: dt.date | None = None) -> CoveredTargets:
    on = _today(on)
    active = ContractAssignment.objects.active(on)
    return CoveredTargets(
        on=on,
        device_ids=frozenset(_assigned_ids(active, Device)),
        location_ids=frozenset(location_subtree_ids(_assigned_ids(active, Location))),
        tenant_ids=frozenset(_assigned_ids(active, Tenant)),
    )


def covered_devices(queryset: QuerySet[Device] | None = None, *, on: dt.date | None = None) -> QuerySet[Device]:
    """The devices (of `queryset`, default all) covered on `on` (default today)."""
    queryset = Device.objects.all() if queryset is None else queryset
    return queryset.filter(covered_targets(on).device_q())


def uncovered_devices(queryset: QuerySet[Device] | None = None, *, on: dt.date | None = None) -> QuerySet[Device]:
    """The devices (of `queryset`, default all) with no coverage at all on `on` (default today)."""
    queryset = Device.objects.all() if queryset is None else queryset
    return queryset.exclude(covered_targets(on).device_q())


def directly_uncovered_devices(
    queryset: QuerySet[Device] | None = None, *, on: dt.date | None = None
) -> QuerySet[Device]:
    """Devices with no active assignment of their own (location and tenant cover not considered): cheap."""
    queryset = Device.objects.all() if queryset is None else queryset
    active = ContractAssignment.objects.active(_today(on))
    return queryset.exclude(pk__in=_assigned_ids(active, Device))


def covering_assignments(device: Device, *, on: dt.date | None = None) -> QuerySet[ContractAssignment]:
    """The active assignments that cover `device` on `on`: its own, its locations' (up the tree), its tenant's."""
    active = ContractAssignment.objects.active(_today(on))
    location_ids = [loc.pk for loc in device.location.ancestors(include_self=True)] if device.location_id else []
    types = ContentType.objects.get_for_models(Device, Location, Tenant)
    matches = Q(assigned_object_type=types[Device], assigned_object_id=device.pk)
    matches |= Q(assigned_object_type=types[Location], assigned_object_id__in=location_ids)
    if device.tenant_id is not None:
        matches |= Q(assigned_object_type=types[Tenant], assigned_object_id=device.tenant_id)
    return active.filter(matches).select_related("contract", "contract__provider", "assigned_object_type")


def is_covered(device: Device, *, on: dt.date | None = None) -> bool:
    return covering_assignments(device, on=on).exists()
