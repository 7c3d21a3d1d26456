"""Contract money: billing periods normalised to a monthly burn rate, renewal values, totals per currency.

Every amount is a `Decimal` and every total is keyed by currency. Nothing converts or adds across currencies:
which exchange rate, on which day, for which purpose, is a finance question this app does not answer.
Per-contract amounts are kept exact and only totals are rounded (to the cent, half up), so three thirds of a
quarterly fee add up to the fee.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from netjobs.contracts.choices import BillingPeriod
from netjobs.contracts.models import Contract, ServiceProvider

__all__ = [
    "CENT",
    "ZERO",
    "VendorSpend",
    "burn_rate_by_currency",
    "format_money",
    "monthly_cost",
    "quantize",
    "renewal_forecast_by_currency",
    "renewal_value",
    "spend_by_vendor",
    "top_vendor_by_currency",
    "totals_by_currency",
]

ZERO = Decimal("0")
CENT = Decimal("0.01")


def quantize(amount: Decimal) -> Decimal:
    """`amount` rounded to the cent, half up (the way invoices round)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """`1,234.50 EUR`: the amount to the cent with thousands separators, then the currency code."""
    return f"{quantize(amount):,.2f} {currency}"


def monthly_cost(contract: Contract) -> Decimal:
    """The contract's cost per month (exact). A one-time charge has no monthly burn."""
    months = BillingPeriod(contract.billing_period).months
    if months is None:
        return ZERO
    return Decimal(contract.cost) / months


def renewal_value(contract: Contract) -> Decimal:
    """What renewing costs: the monthly cost over the next term, or the fee again for a one-time contract."""
    if BillingPeriod(contract.billing_period).months is None:
        return Decimal(contract.cost)
    return monthly_cost(contract) * contract.renewal_term_months


def totals_by_currency(amounts: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sum `(currency, amount)` pairs per currency; rounded totals, currencies in alphabetical order."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for currency, amount in amounts:
        totals[currency] += amount
    return {currency: quantize(totals[currency]) for currency in sorted(totals)}


def burn_rate_by_currency(on: dt.date) -> dict[str, Decimal]:
    """Monthly burn of the contracts in force on `on`, per currency."""
    contracts = Contract.objects.in_force(on).only("cost", "currency", "billing_period")
    return totals_by_currency((c.currency, monthly_cost(c)) for c in contracts)


def renewal_forecast_by_currency(on: dt.date, window_days: int) -> dict[str, Decimal]:
    """What renewing the contracts that end within `window_days` of `on` would cost, per currency."""
    contracts = Contract.objects.renewing(on, window_days).only(
        "cost", "currency", "billing_period", "renewal_term_months", "end_date"
    )
    return totals_by_currency((c.currency, renewal_value(c)) for c in contracts)


@dataclass(frozen=True)
class VendorSpend:
    provider: ServiceProvider
    currency: str
    monthly: Decimal
    contract_count: int


def spend_by_vendor(on: dt.date) -> list[VendorSpend]:
    """Monthly spend per (provider, currency) on `on`: by currency, then largest first, then by name."""
    monthly: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    providers: dict[int, ServiceProvider] = {}
    for contract in Contract.objects.in_force(on).select_related("provider"):
        key = (contract.provider_id, contract.currency)
        monthly[key] += monthly_cost(contract)
        counts[key] += 1
        providers[contract.provider_id] = contract.provider
    rows = [
        VendorSpend(providers[pid], currency, quantize(amount), counts[(pid, currency)])
        for (pid, currency), amount in monthly.items()
    ]
    rows.sort(key=lambda row: (row.currency, -row.monthly, row.provider.name))
    return rows


def top_vendor_by_currency(on: dt.date) -> dict[str, VendorSpend]:
    """The provider with the largest monthly spend in each currency (ties: by name)."""
    top: dict[str, VendorSpend] = {}
    for row in spend_by_vendor(on):
        top.setdefault(row.currency, row)
    return top
