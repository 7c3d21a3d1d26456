"""Cost history: the daily per-currency snapshot, and the comparison of this week's snapshot with an older one.

A snapshot row is written for every currency any contract uses, zero when nothing is in force, so a chart line
falls to zero instead of stopping and a currency that lost all its contracts shows up as a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet

from netjobs.contracts.costs import ZERO, burn_rate_by_currency, renewal_forecast_by_currency
from netjobs.contracts.models import Contract, CostSnapshot

__all__ = [
    "DEFAULT_FORECAST_WINDOW_DAYS",
    "METRICS",
    "Anomaly",
    "AnomalyReport",
    "detect_anomalies",
    "take_snapshot",
]

DEFAULT_FORECAST_WINDOW_DAYS = 90
#: The compared snapshot fields and how they are named in log lines.
METRICS = {"monthly_burn": "monthly burn", "renewal_forecast": "renewal forecast"}
#: "This week's" snapshot: the newest one no older than this.
CURRENT_MAX_AGE = dt.timedelta(days=6)


def _counts(contracts: QuerySet[Contract]) -> dict[str, int]:
    """Contracts per currency."""
    return dict(contracts.order_by().values("currency").annotate(n=Count("pk")).values_list("currency", "n"))


def take_snapshot(on: dt.date, *, forecast_window_days: int = DEFAULT_FORECAST_WINDOW_DAYS) -> list[CostSnapshot]:
    """Create or refresh the snapshot of `on` for each currency in use; idempotent for a given day."""
    burn = burn_rate_by_currency(on)
    forecast = renewal_forecast_by_currency(on, forecast_window_days)
    in_force = _counts(Contract.objects.in_force(on))
    renewing = _counts(Contract.objects.renewing(on, forecast_window_days))
    # Every currency any contract uses: those with nothing in force or renewing get a zero row.
    currencies = sorted(set(Contract.objects.order_by().values_list("currency", flat=True).distinct()))
    snapshots = []
    for currency in currencies:
        snapshot, _ = CostSnapshot.objects.update_or_create(
            snapshot_date=on,
            currency=currency,
            defaults={
                "monthly_burn": burn.get(currency, ZERO),
                "renewal_forecast": forecast.get(currency, ZERO),
                "forecast_window_days": forecast_window_days,
                "active_contract_count": in_force.get(currency, 0),
                "renewing_contract_count": renewing.get(currency, 0),
            },
        )
        snapshots.append(snapshot)
    return snapshots


@dataclass(frozen=True)
class Anomaly:
    currency: str
    metric: str
    previous: Decimal
    current: Decimal

    @property
    def change_pct(self) -> Decimal | None:
        """The change in percent of the previous value; None when the previous value was zero."""
        if self.previous == 0:
            return None
        return (self.current - self.previous) / self.previous * 100

    @property
    def direction(self) -> str:
        return "up" if self.current > self.previous else "down"

    @property
    def label(self) -> str:
        return METRICS[self.metric]


@dataclass
class AnomalyReport:
    """The outcome of a comparison: the two snapshot days and the anomalies, or why nothing was compared."""

    current_date: dt.date | None = None
    baseline_date: dt.date | None = None
    missing: str = ""
    anomalies: list[Anomaly] = field(default_factory=list)


def _snapshot_values(day: dt.date) -> dict[str, dict[str, Decimal]]:
    rows = CostSnapshot.objects.filter(snapshot_date=day)
    return {row.currency: {metric: getattr(row, metric) for metric in METRICS} for row in rows}


def detect_anomalies(on: dt.date, *, threshold_pct: Decimal | int, lookback_weeks: int) -> AnomalyReport:
    """Compare the newest snapshot of the week ending `on` with the newest one at least `lookback_weeks` older.

    A metric is an anomaly when it changed by strictly more than `threshold_pct` percent of its baseline value,
    or moved off zero (a currency that appears or vanishes counts as zero on the other side). Without both
    snapshots the report says what is missing and lists nothing.
    """
    threshold = Decimal(threshold_pct)
    report = AnomalyReport()
    days = CostSnapshot.objects.order_by("-snapshot_date").values_list("snapshot_date", flat=True)
    report.current_date = days.filter(snapshot_date__lte=on, snapshot_date__gte=on - CURRENT_MAX_AGE).first()
    cutoff = on - dt.timedelta(weeks=lookback_weeks)
    report.baseline_date = days.filter(snapshot_date__lte=cutoff).first()
    if report.current_date is None:
        report.missing = f"no cost snapshot between {on - CURRENT_MAX_AGE} and {on} (is CostHistoryJob scheduled?)"
    elif report.baseline_date is None:
        report.missing = (
            f"no cost snapshot on or before {cutoff} ({lookback_weeks} week(s) before {on}) to compare with"
        )
    if report.missing:
        return report
    current = _snapshot_values(report.current_date)
    baseline = _snapshot_values(report.baseline_date)
    for currency in sorted(current.keys() | baseline.keys()):
        for metric in METRICS:
            previous = baseline.get(currency, {}).get(metric, ZERO)
            now = current.get(currency, {}).get(metric, ZERO)
            if previous == now:
                continue
            anomaly = Anomaly(currency, metric, previous, now)
            change = anomaly.change_pct
            if change is None or abs(change) > threshold:
                report.anomalies.append(anomaly)
    return report
