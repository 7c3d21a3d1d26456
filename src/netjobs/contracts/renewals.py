"""The renewal report: contracts ending within a window, how urgent each is, and its CSV export.

`RenewalCheckJob`, the renewal report page and its CSV download all read `renewal_rows()`, so they list the
same contracts with the same urgency.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from netjobs.contracts.costs import monthly_cost, quantize, renewal_value
from netjobs.contracts.models import Contract

__all__ = [
    "CSV_COLUMNS",
    "URGENT_DAYS",
    "RenewalRow",
    "RenewalState",
    "renewal_report_csv",
    "renewal_rows",
]

#: A contract ending within this many days needs attention whatever its notice period.
URGENT_DAYS = 30


class RenewalState(models.TextChoices):
    EXPIRED = "expired", "Expired"
    NOTICE_DUE = "notice_due", "Notice deadline reached"
    URGENT = "urgent", "Ends within 30 days"
    UPCOMING = "upcoming", "Upcoming"


#: States logged at WARNING by RenewalCheckJob (the rest at INFO).
ATTENTION_STATES = frozenset({RenewalState.EXPIRED, RenewalState.NOTICE_DUE, RenewalState.URGENT})


@dataclass(frozen=True)
class RenewalRow:
    """One contract of the renewal report, as of `on`."""

    contract: Contract
    on: dt.date

    @property
    def days_remaining(self) -> int:
        """0 on the last day of the term, negative once expired."""
        return self.contract.days_remaining(self.on)

    @property
    def notice_deadline(self) -> dt.date:
        return self.contract.notice_deadline()

    @property
    def state(self) -> RenewalState:
        if self.days_remaining < 0:
            return RenewalState.EXPIRED
        if self.contract.notice_period_days and self.on >= self.notice_deadline:
            return RenewalState.NOTICE_DUE
        if self.days_remaining <= URGENT_DAYS:
            return RenewalState.URGENT
        return RenewalState.UPCOMING

    @property
    def needs_attention(self) -> bool:
        return self.state in ATTENTION_STATES

    @property
    def monthly_cost(self) -> Decimal:
        return quantize(monthly_cost(self.contract))

    @property
    def renewal_value(self) -> Decimal:
        return quantize(renewal_value(self.contract))


def renewal_rows(on: dt.date, window_days: int, *, include_expired: bool = False) -> list[RenewalRow]:
    """Renewable contracts ending within `window_days` of `on` (both ends inclusive), soonest first."""
    contracts = Contract.objects.renewing(on, window_days, include_expired=include_expired).select_related("provider")
    return [RenewalRow(contract, on) for contract in contracts]


CSV_COLUMNS = (
    "contract",
    "provider",
    "status",
    "start_date",
    "end_date",
    "days_remaining",
    "notice_deadline",
    "auto_renew",
    "billing_period",
    "cost",
    "currency",
    "monthly_cost",
    "renewal_value",
    "state",
)

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Free text made safe for spreadsheets: a leading formula character is neutralised with a quote."""
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def renewal_report_csv(rows: Iterable[RenewalRow]) -> str:
    """The renewal report as CSV text (header row first), amounts to the cent with their currency."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        contract = row.contract
        writer.writerow(
            [
                _text(contract.number),
                _text(contract.provider.name),
                contract.status,
                contract.start_date.isoformat(),
                contract.end_date.isoformat(),
                row.days_remaining,
                row.notice_deadline.isoformat(),
                "yes" if contract.auto_renew else "no",
                contract.billing_period,
                f"{quantize(contract.cost):.2f}",
                contract.currency,
                f"{row.monthly_cost:.2f}",
                f"{row.renewal_value:.2f}",
                row.state.value,
            ]
        )
    return buffer.getvalue()
