from __future__ import annotations

from decimal import Decimal

import pytest

from netjobs.contracts import costs
from netjobs.contracts.models import Contract
from netjobs.contracts.tests.builders import day, make_contract


def _contract(cost: str, billing_period: str, renewal_term_months: int = 12) -> Contract:
    return Contract(cost=Decimal(cost), billing_period=billing_period, renewal_term_months=renewal_term_months)


@pytest.mark.parametrize(
    ("billing_period", "cost", "monthly"),
    [
        ("monthly", "100.00", "100"),
        ("quarterly", "300.00", "100"),
        ("semiannual", "600.00", "100"),
        ("annual", "1200.00", "100"),
        ("biennial", "2400.00", "100"),
        ("one_time", "5000.00", "0"),
    ],
)
def test_billing_periods_normalise_to_a_monthly_cost(billing_period: str, cost: str, monthly: str) -> None:
    assert costs.monthly_cost(_contract(cost, billing_period)) == Decimal(monthly)


def test_monthly_cost_is_a_decimal_never_a_float() -> None:
    value = costs.monthly_cost(_contract("100.00", "quarterly"))
    assert isinstance(value, Decimal)
    assert costs.quantize(value * 3) == Decimal("100.00")


def test_renewal_value_is_the_next_term_or_the_one_time_fee_again() -> None:
    assert costs.renewal_value(_contract("300.00", "quarterly", renewal_term_months=24)) == Decimal("2400")
    assert costs.renewal_value(_contract("5000.00", "one_time")) == Decimal("5000.00")


def test_totals_are_rounded_only_after_summing() -> None:
    totals = costs.totals_by_currency([("EUR", Decimal(100) / 3)] * 3)
    assert totals == {"EUR": Decimal("100.00")}


def test_format_money_keeps_the_currency() -> None:
    assert costs.format_money(Decimal("1234.5"), "EUR") == "1,234.50 EUR"


@pytest.mark.django_db
def test_burn_rate_is_per_currency_and_never_mixed() -> None:
    make_contract("E-1", cost="100.00", currency="EUR")
    make_contract("E-2", cost="1200.00", currency="EUR", billing_period="annual")
    make_contract("U-1", cost="300.00", currency="USD", billing_period="quarterly")
    make_contract("U-2", cost="999.00", currency="USD", status="cancelled")
    make_contract("U-3", cost="999.00", currency="USD", start=-30, end=-1)
    assert costs.burn_rate_by_currency(day(0)) == {"EUR": Decimal("200.00"), "USD": Decimal("100.00")}


@pytest.mark.django_db
def test_renewal_forecast_counts_contracts_ending_within_the_window() -> None:
    make_contract("in", cost="100.00", currency="EUR", end=90)
    make_contract("out", cost="100.00", currency="EUR", end=91)
    make_contract("usd", cost="50.00", currency="USD", end=0, renewal_term_months=6)
    make_contract("gone", cost="100.00", currency="EUR", start=-60, end=-1)
    assert costs.renewal_forecast_by_currency(day(0), 90) == {"EUR": Decimal("1200.00"), "USD": Decimal("300.00")}


@pytest.mark.django_db
def test_top_vendor_is_chosen_per_currency() -> None:
    make_contract("A-1", provider="Acme", cost="100.00", currency="EUR")
    make_contract("A-2", provider="Acme", cost="100.00", currency="EUR")
    make_contract("G-1", provider="Globex", cost="150.00", currency="EUR")
    make_contract("G-2", provider="Globex", cost="10.00", currency="USD")
    top = costs.top_vendor_by_currency(day(0))
    assert (top["EUR"].provider.name, top["EUR"].monthly, top["EUR"].contract_count) == ("Acme", Decimal("200.00"), 2)
    assert (top["USD"].provider.name, top["USD"].monthly) == ("Globex", Decimal("10.00"))
