"""Contract jobs: renewals, coverage gaps, cost report, cost history and cost anomalies.

Every input has a default, so each job can be scheduled as it is (`netjobs schedules create --job
app/netjobs.contracts.jobs/RenewalCheckJob --every 1440`). All are read-only except CostHistoryJob, which
writes one CostSnapshot per currency and day. Findings that need a person are logged at WARNING, one line per
finding, so that a webhook subscribed to log entries at WARNING and above can route them to chat or a ticket
queue (see docs/contracts.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from netjobs.apps.dcim import Device, Location
from netjobs.apps.jobs import BooleanVar, IntegerVar, Job, ObjectVar
from netjobs.contracts import costs, coverage, history, renewals

name = "Contracts"

__all__ = ["CostAnomalyJob", "CostHistoryJob", "CostReportJob", "CoverageGapJob", "RenewalCheckJob"]


class RenewalCheckJob(Job):
    """Find contracts expiring within `window_days` and log a summary per contract.

    Expired contracts, contracts past their notice deadline and contracts ending within 30 days are logged at
    WARNING; the others at INFO. Read-only: it changes no contract and sends nothing itself.
    """

    window_days = IntegerVar(
        default=60,
        min_value=0,
        max_value=3650,
        description="Report contracts whose end date falls within this many days from today",
    )
    include_expired = BooleanVar(default=False, description="Also report contracts that have already expired")

    class Meta:
        name = "Check upcoming renewals"
        description = "Identify contracts expiring within the configured window."
        read_only = True
        has_sensitive_variables = False

    def run(self, window_days: int, include_expired: bool) -> int:
        """Walk contracts; log each one expiring within the window. Returns the count reported."""
        today = timezone.localdate()
        rows = renewals.renewal_rows(today, window_days, include_expired=include_expired)
        if not rows:
            self.logger.info(
                "No contracts expire within %d day(s) (%s to %s)%s.",
                window_days,
                today,
                today + dt.timedelta(days=window_days),
                ", expired ones included" if include_expired else "",
            )
            return 0
        for row in rows:
            contract = row.contract
            when = (
                f"expired {-row.days_remaining} day(s) ago"
                if row.days_remaining < 0
                else f"{row.days_remaining} day(s) remaining"
            )
            notes = []
            if contract.notice_period_days:
                notes.append(f"notice deadline {row.notice_deadline}")
            if contract.auto_renew:
                notes.append("auto-renews")
            log = self.logger.warning if row.needs_attention else self.logger.info
            log(
                "[%s] Contract %s (%s) ends %s, %s%s; renewal %s.",
                row.state.label,
                contract.number,
                contract.provider.name,
                contract.end_date,
                when,
                "".join(f"; {note}" for note in notes),
                costs.format_money(row.renewal_value, contract.currency),
                extra={"object": contract},
            )
        self.logger.info("Renewal check complete: %d contract(s) within the %d-day window.", len(rows), window_days)
        return len(rows)


class CoverageGapJob(Job):
    """Find devices with no active contract coverage and log each one.

    A device is covered if it, its location (or any location above it) or its tenant has an active contract
    assignment today. Read-only; one WARNING per uncovered device.
    """

    location = ObjectVar(
        model=Location,
        required=False,
        description="Only devices at this location or any location below it (empty: every device)",
    )

    class Meta:
        name = "Find devices without contract coverage"
        description = "Report each device with no active contract coverage (direct, or via its location or tenant)."
        read_only = True
        has_sensitive_variables = False

    def run(self, location: Any = None) -> int:
        """Walk devices; log each one without active coverage. Returns the count."""
        devices = Device.objects.select_related("location", "tenant")
        if location is not None:
            devices = devices.filter(location_id__in=coverage.location_subtree_ids([location.pk]))
        targets = coverage.covered_targets(timezone.localdate())
        scanned = uncovered = 0
        for device in devices.order_by("location__name", "name", "pk"):
            scanned += 1
            if targets.covers(device):
                continue
            uncovered += 1
            self.logger.warning(
                "Device %s (location %s, tenant %s) has no active contract coverage.",
                device.name,
                device.location.name,
                device.tenant.name if device.tenant_id else "none",
                extra={"object": device},
            )
        self.logger.info("Coverage gap scan complete: %d of %d device(s) lack coverage.", uncovered, scanned)
        return uncovered


class CostReportJob(Job):
    """Log fleet-wide contract costs, one INFO line per figure.

    Fields logged: the monthly burn rate per currency, the renewal cost within `forecast_window_days` per
    currency, the top vendor by current monthly spend (per currency) and the direct coverage-gap count (devices
    with no active assignment of their own). Read-only.
    """

    forecast_window_days = IntegerVar(
        default=90, min_value=1, max_value=3650, description="Forecast window of the renewal-cost line, in days"
    )

    class Meta:
        name = "Cost report"
        description = "Log monthly burn rate, renewal forecast, top vendor and coverage-gap count."
        read_only = True
        has_sensitive_variables = False

    def run(self, forecast_window_days: int) -> dict[str, Any]:
        """Compute the cost summary and write per-line INFO log entries."""
        today = timezone.localdate()
        burn = costs.burn_rate_by_currency(today)
        renewal = costs.renewal_forecast_by_currency(today, forecast_window_days)
        top = costs.top_vendor_by_currency(today)
        gaps = coverage.directly_uncovered_devices(on=today).count()

        if not burn:
            self.logger.info("Monthly burn: no contracts in force.")
        for currency, amount in burn.items():
            self.logger.info("Monthly burn (%s): %s", currency, costs.format_money(amount, currency))
        if not renewal:
            self.logger.info("%d-day renewal cost: no contracts renewing.", forecast_window_days)
        for currency, amount in renewal.items():
            self.logger.info(
                "%d-day renewal cost (%s): %s", forecast_window_days, currency, costs.format_money(amount, currency)
            )
        if not top:
            self.logger.info("Top vendor by monthly spend: none (no contracts in force).")
        for currency, spend in top.items():
            self.logger.info(
                "Top vendor by monthly spend (%s): %s, %s/month over %d contract(s)",
                currency,
                spend.provider.name,
                costs.format_money(spend.monthly, currency),
                spend.contract_count,
                extra={"object": spend.provider},
            )
        self.logger.info("Devices without a direct contract assignment: %d", gaps)
        return {
            "monthly_burn": {currency: str(amount) for currency, amount in burn.items()},
            "renewal_cost": {currency: str(amount) for currency, amount in renewal.items()},
            "forecast_window_days": forecast_window_days,
            "top_vendor": {
                currency: {"provider": spend.provider.name, "monthly": str(spend.monthly)}
                for currency, spend in top.items()
            },
            "direct_coverage_gaps": gaps,
        }


class CostHistoryJob(Job):
    """Persist a CostSnapshot per currency for today's date.

    Schedule it daily or weekly: the rows drive the cost-history chart. Re-running on the same day refreshes
    that day's rows (`update_or_create` on the unique date and currency) instead of adding duplicates.
    """

    class Meta:
        name = "Capture cost history snapshot"
        description = "Save today's monthly burn and renewal forecast per currency for the cost-history chart."
        read_only = False
        has_sensitive_variables = False

    def run(self) -> int:
        """Take a snapshot and log one INFO line per currency captured. Returns the number of rows."""
        today = timezone.localdate()
        snapshots = history.take_snapshot(today)
        if not snapshots:
            self.logger.info("No contracts: no snapshot rows written for %s.", today)
            return 0
        for snapshot in snapshots:
            self.logger.info(
                "Snapshot %s %s: monthly burn %s, %d-day renewal forecast %s, %d contract(s) in force",
                snapshot.snapshot_date,
                snapshot.currency,
                costs.format_money(snapshot.monthly_burn, snapshot.currency),
                snapshot.forecast_window_days,
                costs.format_money(snapshot.renewal_forecast, snapshot.currency),
                snapshot.active_contract_count,
                extra={"object": snapshot},
            )
        self.logger.info("Captured %d snapshot row(s) for %s.", len(snapshots), today)
        return len(snapshots)


class CostAnomalyJob(Job):
    """Compare this week's cost snapshot with the one `lookback_weeks` ago and log each anomaly.

    A currency's monthly burn or renewal forecast is an anomaly when it changed by more than `threshold_pct`
    percent (or moved off zero). One WARNING per anomaly; an INFO line when there is no history to compare
    (CostHistoryJob has not run long enough). Read-only.
    """

    threshold_pct = IntegerVar(
        default=20, min_value=1, max_value=1000, description="Changes of more than this percentage are anomalies"
    )
    lookback_weeks = IntegerVar(
        default=4, min_value=1, max_value=52, description="Compare with the snapshot this many weeks back"
    )

    class Meta:
        name = "Detect cost anomalies"
        description = "Flag changes in monthly burn or renewal forecast beyond a threshold."
        read_only = True
        has_sensitive_variables = False

    def run(self, threshold_pct: int, lookback_weeks: int) -> int:
        """Compute anomalies and emit one WARNING per finding. Returns the number of anomalies."""
        report = history.detect_anomalies(
            timezone.localdate(), threshold_pct=threshold_pct, lookback_weeks=lookback_weeks
        )
        if report.missing:
            self.logger.info("Not enough cost history to compare: %s.", report.missing)
            return 0
        if not report.anomalies:
            self.logger.info(
                "No anomalies: every currency within %d%% of its %s snapshot.", threshold_pct, report.baseline_date
            )
            return 0
        for anomaly in report.anomalies:
            change = anomaly.change_pct
            self.logger.warning(
                "Cost anomaly (%s): %s %s from %s to %s (%s) between %s and %s.",
                anomaly.currency,
                anomaly.label,
                anomaly.direction,
                costs.format_money(anomaly.previous, anomaly.currency),
                costs.format_money(anomaly.current, anomaly.currency),
                "new" if change is None else f"{change.quantize(Decimal('0.1')):+}%",
                report.baseline_date,
                report.current_date,
            )
        self.logger.info(
            "Detected %d anomal%s above %d%%.",
            len(report.anomalies),
            "y" if len(report.anomalies) == 1 else "ies",
            threshold_pct,
        )
        return len(report.anomalies)
