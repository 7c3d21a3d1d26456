from __future__ import annotations

import csv
import io

import pytest

from netjobs.contracts.renewals import CSV_COLUMNS, RenewalState, renewal_report_csv, renewal_rows
from netjobs.contracts.tests.builders import day, make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts() -> None:
    """End dates around a 60-day window, plus contracts that never come up for renewal."""
    make_contract("ends-today", end=0)
    make_contract("ends-on-window-edge", end=60)
    make_contract("ends-after-window", end=61)
    make_contract("expired-yesterday", start=-400, end=-1)
    make_contract("expired-long-ago", start=-800, end=-400, status="expired")
    make_contract("cancelled", end=10, status="cancelled")
    make_contract("planned", start=5, end=10, status="planned")


def _numbers(**kwargs: object) -> list[str]:
    return [row.contract.number for row in renewal_rows(day(0), 60, **kwargs)]  # type: ignore[arg-type]


def test_the_window_includes_today_and_its_last_day(contracts: None) -> None:
    assert _numbers() == ["ends-today", "ends-on-window-edge"]


def test_expired_contracts_are_included_only_on_request(contracts: None) -> None:
    assert _numbers(include_expired=True) == [
        "expired-long-ago",
        "expired-yesterday",
        "ends-today",
        "ends-on-window-edge",
    ]


def test_a_zero_day_window_reports_contracts_ending_today() -> None:
    make_contract("ends-today", end=0)
    make_contract("ends-tomorrow", end=1)
    assert [row.contract.number for row in renewal_rows(day(0), 0)] == ["ends-today"]


@pytest.mark.parametrize(
    ("end", "notice_period_days", "state"),
    [
        (-1, 0, RenewalState.EXPIRED),
        (0, 0, RenewalState.URGENT),
        (30, 0, RenewalState.URGENT),
        (31, 0, RenewalState.UPCOMING),
        (45, 45, RenewalState.NOTICE_DUE),  # the notice deadline is today
        (46, 45, RenewalState.UPCOMING),
    ],
)
def test_renewal_state(end: int, notice_period_days: int, state: RenewalState) -> None:
    make_contract("C-1", start=-400, end=end, notice_period_days=notice_period_days)
    (row,) = renewal_rows(day(0), 60, include_expired=True)
    assert row.state == state
    assert row.needs_attention is (state != RenewalState.UPCOMING)


def test_csv_has_a_header_and_one_row_per_contract_with_currency() -> None:
    make_contract("EU-1", provider="Acme", end=10, cost="300.00", currency="EUR", billing_period="quarterly")
    make_contract("US-1", provider="Globex", end=20, cost="1200.00", currency="USD", billing_period="annual")
    text = renewal_report_csv(renewal_rows(day(0), 60))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["contract"], r["currency"], r["monthly_cost"], r["renewal_value"]) for r in rows] == [
        ("EU-1", "EUR", "100.00", "1200.00"),
        ("US-1", "USD", "100.00", "1200.00"),
    ]
    assert rows[0]["end_date"] == day(10).isoformat()
    assert rows[0]["days_remaining"] == "10"
    assert rows[0]["state"] == "urgent"


def test_csv_neutralises_spreadsheet_formulas() -> None:
    make_contract("=HYPERLINK(1)", provider="@evil", end=10)
    row = next(csv.DictReader(io.StringIO(renewal_report_csv(renewal_rows(day(0), 60)))))
    assert row["contract"] == "'=HYPERLINK(1)"
    assert row["provider"] == "'@evil"


def test_csv_of_no_contracts_is_just_the_header() -> None:
    assert renewal_report_csv([]) == ",".join(CSV_COLUMNS) + "\r\n"
