from __future__ import annotations

from decimal import Decimal

import pytest

from netjobs.contracts.history import detect_anomalies, take_snapshot
from netjobs.contracts.models import CostSnapshot
from netjobs.contracts.tests.builders import day, make_contract

pytestmark = pytest.mark.django_db


def _snapshot(offset: int, currency: str = "EUR", burn: str = "100.00", forecast: str = "0.00") -> CostSnapshot:
    return CostSnapshot.objects.create(
        snapshot_date=day(offset), currency=currency, monthly_burn=Decimal(burn), renewal_forecast=Decimal(forecast)
    )


def test_snapshot_has_a_row_per_currency_with_burn_and_forecast() -> None:
    make_contract("E-1", cost="100.00", currency="EUR", end=30)
    make_contract("U-1", cost="1200.00", currency="USD", billing_period="annual", end=300)
    snapshots = {s.currency: s for s in take_snapshot(day(0))}
    assert set(snapshots) == {"EUR", "USD"}
    assert (snapshots["EUR"].monthly_burn, snapshots["EUR"].renewal_forecast) == (Decimal("100.00"), Decimal("1200.00"))
    assert (snapshots["USD"].monthly_burn, snapshots["USD"].renewal_forecast) == (Decimal("100.00"), Decimal("0"))
    assert snapshots["EUR"].active_contract_count == 1
    assert snapshots["EUR"].renewing_contract_count == 1


def test_taking_the_snapshot_twice_a_day_refreshes_the_rows() -> None:
    contract = make_contract("E-1", cost="100.00", currency="EUR")
    take_snapshot(day(0))
    contract.cost = Decimal("150.00")
    contract.validated_save()
    take_snapshot(day(0))
    assert list(CostSnapshot.objects.values_list("currency", "monthly_burn")) == [("EUR", Decimal("150.00"))]


def test_a_currency_without_contracts_in_force_gets_a_zero_row() -> None:
    make_contract("U-1", currency="USD", start=-60, end=-1)
    (snapshot,) = take_snapshot(day(0))
    assert (snapshot.currency, snapshot.monthly_burn, snapshot.renewal_forecast) == ("USD", 0, 0)


def test_no_contracts_no_snapshot() -> None:
    assert take_snapshot(day(0)) == []


def test_missing_history_reports_why_and_no_anomalies() -> None:
    _snapshot(0)
    report = detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4)
    assert report.anomalies == []
    assert "on or before" in report.missing


def test_missing_current_snapshot_is_reported() -> None:
    _snapshot(-28)
    _snapshot(-7)  # last week's: too old to be "this week's"
    report = detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4)
    assert report.current_date is None
    assert "no cost snapshot between" in report.missing


@pytest.mark.parametrize(
    ("now", "is_anomaly"),
    [
        ("120.00", False),  # exactly +20%: not more than the threshold
        ("120.01", True),
        ("80.00", False),  # exactly -20%
        ("79.99", True),
        ("100.00", False),
    ],
)
def test_threshold_edges(now: str, is_anomaly: bool) -> None:
    _snapshot(-28, burn="100.00")
    _snapshot(0, burn=now)
    report = detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4)
    assert report.missing == ""
    assert bool(report.anomalies) is is_anomaly


def test_the_baseline_is_the_newest_snapshot_at_least_lookback_weeks_old() -> None:
    _snapshot(-40, burn="10.00")
    _snapshot(-28, burn="100.00")
    _snapshot(-27, burn="500.00")  # too recent to be the baseline
    _snapshot(-2, burn="110.00")
    report = detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4)
    assert (report.baseline_date, report.current_date) == (day(-28), day(-2))
    assert report.anomalies == []


def test_each_currency_and_metric_is_compared_separately() -> None:
    _snapshot(-28, "EUR", burn="100.00", forecast="1000.00")
    _snapshot(-28, "USD", burn="100.00", forecast="0.00")
    _snapshot(0, "EUR", burn="100.00", forecast="2000.00")
    _snapshot(0, "USD", burn="50.00", forecast="0.00")
    _snapshot(0, "GBP", burn="10.00", forecast="0.00")
    found = {
        (a.currency, a.metric, a.change_pct)
        for a in detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4).anomalies
    }
    assert found == {
        ("EUR", "renewal_forecast", Decimal(100)),
        ("USD", "monthly_burn", Decimal(-50)),
        ("GBP", "monthly_burn", None),  # new: no baseline to take a percentage of
    }


def test_a_vanished_currency_is_a_drop_to_zero() -> None:
    _snapshot(-28, "USD", burn="100.00")
    _snapshot(0, "EUR", burn="0.00")
    (anomaly,) = detect_anomalies(day(0), threshold_pct=20, lookback_weeks=4).anomalies
    assert (anomaly.currency, anomaly.current, anomaly.change_pct, anomaly.direction) == ("USD", 0, -100, "down")
