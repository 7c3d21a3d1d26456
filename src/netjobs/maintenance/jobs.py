"""The maintenance jobs: fetch and handle provider notifications, and look for overlapping maintenances.

Every input has a default, so both can be scheduled as they are, e.g.
`netjobs schedules create --job app/netjobs.maintenance.jobs/HandleCircuitMaintenanceNotifications --every 15`.
"""

from __future__ import annotations

from typing import Any

from netjobs.apps.jobs import BooleanVar, IntegerVar, Job, MultiObjectVar
from netjobs.maintenance.choices import ParseStatus
from netjobs.maintenance.fetch import FetchTotals, fetch_source
from netjobs.maintenance.fetch import reprocess as reprocess_notifications
from netjobs.maintenance.models import Notification, NotificationSource
from netjobs.maintenance.overlap import find_overlaps
from netjobs.maintenance.tracking import link_unknown_circuits

name = "Circuit maintenance"

__all__ = ["CircuitMaintenanceOverlap", "HandleCircuitMaintenanceNotifications"]

REPROCESSED_STATUSES = (ParseStatus.NEW, ParseStatus.FAILED, ParseStatus.UNKNOWN_SENDER)


def _link(obj: Any) -> str:
    return f"[{obj}]({obj.get_absolute_url()})"


class HandleCircuitMaintenanceNotifications(Job):
    """Fetch new notifications from every enabled source, store them, and track the maintenances they announce.

    Per source, a batch of messages and the source's cursor are saved in one savepoint: a run that fails half
    way keeps what it stored and the next run continues after it, never skipping a message and never storing
    one twice. A source that cannot be read is logged as a failure and the others are still read.
    """

    sources = MultiObjectVar(
        model=NotificationSource,
        queryset=NotificationSource.objects.filter(enabled=True).exclude(source_type="upload"),
        required=False,
        default=[],
        description="Sources to read (default: every enabled source)",
    )
    max_messages = IntegerVar(
        default=500,
        min_value=1,
        max_value=100_000,
        description="At most this many new messages per source and run; the next run reads on",
    )
    reprocess = BooleanVar(
        default=False,
        description="Also try again the stored notifications that failed to parse or came from an unknown sender",
    )

    class Meta:
        name = "Handle Circuit Maintenance Notifications"
        description = "Fetch provider maintenance e-mails, parse them and create or update circuit maintenances."
        locks = ("circuit-maintenance-notifications",)
        lock_timeout = 900
        has_sensitive_variables = False

    def run(self, data: dict[str, Any], commit: bool) -> dict[str, int]:
        chosen = list(data.get("sources") or [])
        sources = [s for s in chosen or NotificationSource.objects.filter(enabled=True) if s.is_fetchable]
        totals = FetchTotals()
        for source in sources:
            fetch_source(source, self, totals, limit=data.get("max_messages") or 500)
        if data.get("reprocess"):
            stored = Notification.objects.filter(parse_status__in=REPROCESSED_STATUSES).order_by("pk")
            reprocess_notifications(stored, self, totals)
        linked = link_unknown_circuits(self)
        self.log_info(
            message=f"{totals.stored} new notification(s) from {len(sources)} source(s): {totals.parsed} parsed, "
            f"{totals.not_parsed} not parsed, {totals.duplicates} already stored"
        )
        return {**totals.as_dict(), "circuits_linked": linked}


class CircuitMaintenanceOverlap(Job):
    """Warn about maintenances that overlap in time and affect circuits terminating at the same location.

    One WARNING per overlapping pair and location, linking both maintenances: together they may cut the
    location off. Cancelled, completed and finished maintenances are not compared.
    """

    overlap_job_exclude_no_impact = BooleanVar(
        default=False,
        label="Exclude NO-IMPACT circuits",
        description="Ignore circuits whose expected impact is NO-IMPACT",
    )

    class Meta:
        name = "Circuit overlap"
        description = "Find overlapping maintenances affecting circuits at the same location (possible site outage)."
        read_only = True
        has_sensitive_variables = False

    def run(self, data: dict[str, Any], commit: bool) -> int:
        overlaps = find_overlaps(exclude_no_impact=bool(data.get("overlap_job_exclude_no_impact")))
        for overlap in overlaps:
            self.log_warning(
                obj=overlap.first,
                message=(
                    f"Possible outage at {_link(overlap.location)}: maintenance {_link(overlap.first)} "
                    f"({overlap.first.provider}: {', '.join(overlap.first_circuits)}) and maintenance "
                    f"{_link(overlap.second)} ({overlap.second.provider}: {', '.join(overlap.second_circuits)}) "
                    f"overlap from {overlap.start:%Y-%m-%d %H:%M} to {overlap.end:%Y-%m-%d %H:%M} UTC"
                ),
            )
        if not overlaps:
            self.log_success(message="No overlapping maintenances at any location")
        return len(overlaps)
