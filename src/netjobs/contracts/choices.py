"""Contract statuses and billing periods, defined once."""

from __future__ import annotations

from django.db import models

__all__ = ["RENEWABLE_STATUSES", "BillingPeriod", "ContractStatus"]


class ContractStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


#: Statuses whose contracts come up for renewal; planned and cancelled contracts never need one.
RENEWABLE_STATUSES = (ContractStatus.ACTIVE, ContractStatus.EXPIRED)


class BillingPeriod(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMIANNUAL = "semiannual", "Every six months"
    ANNUAL = "annual", "Annual"
    BIENNIAL = "biennial", "Every two years"
    ONE_TIME = "one_time", "One-time"

    @property
    def months(self) -> int | None:
        """Months one invoice covers; None for a one-time charge, which has no monthly burn."""
        return _MONTHS[self]


_MONTHS: dict[str, int | None] = {
    BillingPeriod.MONTHLY: 1,
    BillingPeriod.QUARTERLY: 3,
    BillingPeriod.SEMIANNUAL: 6,
    BillingPeriod.ANNUAL: 12,
    BillingPeriod.BIENNIAL: 24,
    BillingPeriod.ONE_TIME: None,
}
