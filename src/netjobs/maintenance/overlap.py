"""Find maintenances that overlap in time and affect circuits terminating at the same location.

Two such maintenances may take down every circuit of a site at once: worth a warning even when each alone is
harmless. Only active maintenances (not cancelled or completed) that have not ended yet are compared.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.utils import timezone

from netjobs.apps.circuits import CircuitTermination
from netjobs.apps.dcim import Location
from netjobs.maintenance.choices import ACTIVE_STATUSES, Impact
from netjobs.maintenance.models import CircuitImpact, CircuitMaintenance

__all__ = ["Overlap", "find_overlaps"]


@dataclass(frozen=True)
class Overlap:
    """Two maintenances whose windows share time and whose circuits share `location`."""

    location: Location
    first: CircuitMaintenance
    second: CircuitMaintenance
    first_circuits: tuple[str, ...]
    second_circuits: tuple[str, ...]

    @property
    def start(self) -> dt.datetime:
        return max(self.first.start, self.second.start)

    @property
    def end(self) -> dt.datetime:
        return min(self.first.end, self.second.end)


def find_overlaps(*, exclude_no_impact: bool = False, now: dt.datetime | None = None) -> list[Overlap]:
    """Every (pair of maintenances, shared location) whose windows overlap; touching windows do not."""
    now = now or timezone.now()
    impacts = CircuitImpact.objects.filter(
        circuit__isnull=False, maintenance__status__in=ACTIVE_STATUSES, maintenance__end__gt=now
    ).select_related("maintenance__provider", "circuit")
    if exclude_no_impact:
        impacts = impacts.exclude(impact=Impact.NO_IMPACT)

    circuits_of: dict[int, list[CircuitImpact]] = defaultdict(list)  # circuit id → its impacts
    for impact in impacts:
        circuits_of[impact.circuit_id].append(impact)
    # location id → maintenance id → the circuit ids there it affects
    at_location: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    maintenances: dict[int, CircuitMaintenance] = {}
    terminations = CircuitTermination.objects.filter(circuit_id__in=circuits_of)
    for circuit_id, location_id in terminations.values_list("circuit_id", "location_id"):
        for impact in circuits_of[circuit_id]:
            maintenances[impact.maintenance_id] = impact.maintenance
            at_location[location_id][impact.maintenance_id].add(impact.circuit.cid)

    locations = Location.objects.in_bulk(list(at_location))
    overlaps: list[Overlap] = []
    for location_id, by_maintenance in at_location.items():
        ordered = sorted(by_maintenance, key=lambda pk: (maintenances[pk].start, pk))
        for first_id, second_id in combinations(ordered, 2):
            first, second = maintenances[first_id], maintenances[second_id]
            if first.start < second.end and second.start < first.end:
                overlaps.append(
                    Overlap(
                        location=locations[location_id],
                        first=first,
                        second=second,
                        first_circuits=tuple(sorted(by_maintenance[first_id])),
                        second_circuits=tuple(sorted(by_maintenance[second_id])),
                    )
                )
    overlaps.sort(key=lambda o: (o.start, str(o.location), o.first.pk, o.second.pk))
    return overlaps
