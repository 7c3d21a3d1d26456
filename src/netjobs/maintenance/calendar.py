"""The calendar of upcoming maintenances per location: which location is touched on which day, and how hard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from netjobs.apps.circuits import CircuitTermination
from netjobs.apps.dcim import Location
from netjobs.maintenance.choices import Impact
from netjobs.maintenance.models import CircuitImpact, CircuitMaintenance

__all__ = ["CalendarEntry", "LocationRow", "location_calendar"]

_ORDER = list(Impact.values)


@dataclass
class CalendarEntry:
    maintenance: CircuitMaintenance
    impact: str  # the worst impact on this location's circuits
    circuits: list[str] = field(default_factory=list)


@dataclass
class LocationRow:
    location: Location
    days: list[list[CalendarEntry]]

    @property
    def count(self) -> int:
        return len({entry.maintenance.pk for day in self.days for entry in day})


def _during(maintenance: CircuitMaintenance, start: dt.datetime, end: dt.datetime) -> bool:
    return maintenance.start < end and maintenance.end > start


def location_calendar(first_day: dt.date, days: int, tz: dt.tzinfo) -> tuple[list[dt.date], list[LocationRow]]:
    """Day columns from `first_day`, and one row per location with the active maintenances of each day."""
    dates = [first_day + dt.timedelta(days=n) for n in range(days)]
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=tz)
    end = start + dt.timedelta(days=days)
    impacts = CircuitImpact.objects.filter(
        circuit__isnull=False,
        maintenance__in=CircuitMaintenance.objects.active().overlapping(start, end),
    ).select_related("maintenance__provider", "circuit")
    by_circuit: dict[int, list[CircuitImpact]] = defaultdict(list)
    for impact in impacts:
        by_circuit[impact.circuit_id].append(impact)
    # location id → maintenance id → entry
    entries: dict[int, dict[int, CalendarEntry]] = defaultdict(dict)
    terminations = CircuitTermination.objects.filter(circuit_id__in=by_circuit)
    for circuit_id, location_id in terminations.values_list("circuit_id", "location_id"):
        for impact in by_circuit[circuit_id]:
            entry = entries[location_id].setdefault(
                impact.maintenance_id, CalendarEntry(impact.maintenance, impact.impact)
            )
            if _ORDER.index(impact.impact) > _ORDER.index(entry.impact):
                entry.impact = impact.impact
            entry.circuits.append(impact.circuit.cid)
    locations = Location.objects.in_bulk(list(entries))
    rows = []
    for location_id, by_maintenance in entries.items():
        day_cells: list[list[CalendarEntry]] = []
        for day in dates:
            day_start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
            day_end = day_start + dt.timedelta(days=1)
            cell = [
                e for e in by_maintenance.values() if e.maintenance.start < day_end and e.maintenance.end > day_start
            ]
            day_cells.append(sorted(cell, key=lambda e: e.maintenance.start))
        rows.append(LocationRow(locations[location_id], day_cells))
    rows.sort(key=lambda row: str(row.location))
    return dates, rows
