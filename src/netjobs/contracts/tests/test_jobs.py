"""The five contract jobs, run end to end through submit() and the runner, on crafted contract sets."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from netjobs.apps.jobs import JobResultStatus
from netjobs.contracts.models import CostSnapshot
from netjobs.contracts.tests.builders import Tree, assign, build_tree, day, make_contract
from netjobs.jobs.models import JobResult
from netjobs.jobs.registry import discover

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

RunJob = Callable[..., JobResult]
JOB_NAMES = ["CostAnomalyJob", "CostHistoryJob", "CostReportJob", "CoverageGapJob", "RenewalCheckJob"]


def _lines(result: JobResult, level: str | None = None) -> list[str]:
    logs = result.logs.order_by("id")
    if level is not None:
        logs = logs.filter(log_level=level)
    return list(logs.values_list("message", flat=True))


def _levels(result: JobResult) -> list[str]:
    return list(result.logs.order_by("id").values_list("log_level", flat=True))


def _completed(result: JobResult) -> JobResult:
    assert result.status == JobResultStatus.COMPLETED, _lines(result)
    return result


# --- discovery -------------------------------------------------------------------------------------------------
def test_the_jobs_are_discovered_as_app_jobs_grouped_as_contracts() -> None:
    (module,) = [m for m in discover() if m.module_name == "netjobs.contracts.jobs"]
    assert module.source == "app"
    assert module.grouping == "Contracts"
    assert sorted(job.__name__ for job in module.jobs) == JOB_NAMES


def test_every_job_is_read_only_except_cost_history() -> None:
    from netjobs.contracts import jobs

    read_only = {name: getattr(jobs, name).meta.read_only for name in JOB_NAMES}
    assert read_only == {name: name != "CostHistoryJob" for name in JOB_NAMES}


def test_every_input_has_a_default_so_every_job_can_be_scheduled() -> None:
    from netjobs.apps.scheduling import IntervalType, create_schedule

    for name in JOB_NAMES:
        schedule = create_schedule(
            f"app/netjobs.contracts.jobs/{name}", interval_type=IntervalType.DAILY, data={}, name=name
        )
        assert schedule.pk is not None


# --- RenewalCheckJob ---------------------------------------------------------------------------------------------
@pytest.fixture
def renewal_set() -> None:
    make_contract("ends-today", end=0)
    make_contract("ends-in-45", end=45)
    make_contract("ends-in-60", end=60)
    make_contract("ends-in-61", end=61)
    make_contract("expired", start=-400, end=-3)
    make_contract("cancelled", end=5, status="cancelled")


def test_renewal_check_reports_each_contract_in_the_window_and_returns_the_count(
    run_job: RunJob, renewal_set: None
) -> None:
    result = _completed(run_job("RenewalCheckJob", {"window_days": 60}))
    assert result.result == 3
    reported = _lines(result)[:-1]
    assert [re.search(r"Contract (\S+)", line)[1] for line in reported] == ["ends-today", "ends-in-45", "ends-in-60"]
    # Ending within 30 days needs attention (WARNING); further out is informational.
    assert _levels(result) == ["warning", "info", "info", "info"]
    assert "0 day(s) remaining" in reported[0]
    assert _lines(result)[-1] == "Renewal check complete: 3 contract(s) within the 60-day window."


def test_renewal_check_includes_expired_contracts_on_request(run_job: RunJob, renewal_set: None) -> None:
    result = _completed(run_job("RenewalCheckJob", {"window_days": 60, "include_expired": True}))
    assert result.result == 4
    first = _lines(result)[0]
    assert first.startswith("[Expired] Contract expired")
    assert "expired 3 day(s) ago" in first
    assert _levels(result)[0] == "warning"


def test_renewal_check_window_boundary(run_job: RunJob, renewal_set: None) -> None:
    assert _completed(run_job("RenewalCheckJob", {"window_days": 61})).result == 4
    assert _completed(run_job("RenewalCheckJob", {"window_days": 59})).result == 2


def test_renewal_check_with_nothing_due_logs_one_info_line(run_job: RunJob) -> None:
    make_contract("far", end=400)
    result = _completed(run_job("RenewalCheckJob"))
    assert result.result == 0
    assert _levels(result) == ["info"]
    assert _lines(result)[0].startswith("No contracts expire within 60 day(s)")


def test_renewal_check_log_lines_link_their_contract(run_job: RunJob) -> None:
    contract = make_contract("C-1", end=10, notice_period_days=30, auto_renew=True)
    result = _completed(run_job("RenewalCheckJob"))
    entry = result.logs.order_by("id").first()
    assert entry is not None
    assert (entry.object_id, entry.log_object) == (str(contract.pk), str(contract))
    assert f"notice deadline {day(-20)}" in entry.message
    assert "auto-renews" in entry.message
    assert entry.message.startswith("[Notice deadline reached]")


# --- CoverageGapJob ----------------------------------------------------------------------------------------------
@pytest.fixture
def tree() -> Tree:
    return build_tree()


def test_coverage_gap_warns_once_per_uncovered_device_and_returns_the_count(run_job: RunJob, tree: Tree) -> None:
    assign(make_contract("C-1"), tree.blue)  # covers ams-router through its tenant
    result = _completed(run_job("CoverageGapJob"))
    assert result.result == 2
    warnings = _lines(result, "warning")
    assert len(warnings) == 2
    assert {line.split()[1] for line in warnings} == {"ams-switch", "lon-router"}
    assert _lines(result, "info") == ["Coverage gap scan complete: 2 of 3 device(s) lack coverage."]


def test_coverage_gap_follows_location_ancestors(run_job: RunJob, tree: Tree) -> None:
    assign(make_contract("C-1"), tree.eu)
    result = _completed(run_job("CoverageGapJob"))
    assert result.result == 0
    assert _lines(result, "warning") == []


def test_coverage_gap_can_be_limited_to_a_location_and_what_is_below_it(run_job: RunJob, tree: Tree) -> None:
    result = _completed(run_job("CoverageGapJob", {"location": tree.ams.pk}))
    assert result.result == 2
    assert {line.split()[1] for line in _lines(result, "warning")} == {"ams-router", "ams-switch"}


def test_coverage_gap_ignores_expired_cover(run_job: RunJob, tree: Tree) -> None:
    assign(make_contract("old", start=-400, end=-1), tree.eu)
    assert _completed(run_job("CoverageGapJob")).result == 3


# --- CostReportJob -----------------------------------------------------------------------------------------------
def test_cost_report_logs_the_four_fields_per_currency(run_job: RunJob) -> None:
    tree = build_tree()
    acme = make_contract("A-1", provider="Acme", cost="300.00", billing_period="quarterly", currency="EUR", end=30)
    make_contract("G-1", provider="Globex", cost="50.00", currency="EUR", end=365)
    make_contract("U-1", provider="Globex", cost="1200.00", billing_period="annual", currency="USD", end=365)
    assign(acme, tree.ams_router)
    result = _completed(run_job("CostReportJob", {"forecast_window_days": 90}))
    assert set(_levels(result)) == {"info"}
    assert _lines(result) == [
        "Monthly burn (EUR): 150.00 EUR",
        "Monthly burn (USD): 100.00 USD",
        "90-day renewal cost (EUR): 1,200.00 EUR",
        "Top vendor by monthly spend (EUR): Acme, 100.00 EUR/month over 1 contract(s)",
        "Top vendor by monthly spend (USD): Globex, 100.00 USD/month over 1 contract(s)",
        "Devices without a direct contract assignment: 2",
    ]
    assert result.result["monthly_burn"] == {"EUR": "150.00", "USD": "100.00"}
    assert result.result["renewal_cost"] == {"EUR": "1200.00"}
    assert result.result["direct_coverage_gaps"] == 2


def test_cost_report_without_contracts(run_job: RunJob) -> None:
    result = _completed(run_job("CostReportJob"))
    assert _lines(result)[:3] == [
        "Monthly burn: no contracts in force.",
        "90-day renewal cost: no contracts renewing.",
        "Top vendor by monthly spend: none (no contracts in force).",
    ]


# --- CostHistoryJob ----------------------------------------------------------------------------------------------
def test_cost_history_writes_one_row_per_currency_and_rerunning_the_same_day_refreshes_it(run_job: RunJob) -> None:
    contract = make_contract("E-1", cost="100.00", currency="EUR")
    make_contract("U-1", cost="30.00", currency="USD")
    first = _completed(run_job("CostHistoryJob"))
    assert first.result == 2
    assert len(_lines(first, "info")) == 3  # a line per currency, then the summary
    contract.cost = Decimal("120.00")
    contract.validated_save()
    second = _completed(run_job("CostHistoryJob"))
    assert second.result == 2
    rows = list(CostSnapshot.objects.values_list("snapshot_date", "currency", "monthly_burn"))
    assert rows == [(day(0), "EUR", Decimal("120.00")), (day(0), "USD", Decimal("30.00"))]


def test_cost_history_without_contracts_writes_nothing(run_job: RunJob) -> None:
    result = _completed(run_job("CostHistoryJob"))
    assert result.result == 0
    assert not CostSnapshot.objects.exists()


def test_cost_history_dry_run_writes_nothing(run_job: RunJob) -> None:
    make_contract("E-1")
    result = _completed(run_job("CostHistoryJob", commit=False))
    assert result.result == 1
    assert not CostSnapshot.objects.exists()


# --- CostAnomalyJob ----------------------------------------------------------------------------------------------
def _snapshot(offset: int, burn: str, currency: str = "EUR", forecast: str = "0") -> None:
    CostSnapshot.objects.create(
        snapshot_date=day(offset), currency=currency, monthly_burn=Decimal(burn), renewal_forecast=Decimal(forecast)
    )


def test_cost_anomaly_logs_info_when_history_is_missing(run_job: RunJob) -> None:
    _snapshot(0, "100")
    result = _completed(run_job("CostAnomalyJob"))
    assert result.result == 0
    assert _levels(result) == ["info"]
    assert _lines(result)[0].startswith("Not enough cost history to compare: no cost snapshot on or before")


@pytest.mark.parametrize(("now", "anomalies"), [("120.00", 0), ("120.01", 1)])
def test_cost_anomaly_threshold_edge(run_job: RunJob, now: str, anomalies: int) -> None:
    _snapshot(-28, "100.00")
    _snapshot(0, now)
    result = _completed(run_job("CostAnomalyJob", {"threshold_pct": 20, "lookback_weeks": 4}))
    assert result.result == anomalies
    assert len(_lines(result, "warning")) == anomalies


def test_cost_anomaly_warns_once_per_anomaly(run_job: RunJob) -> None:
    _snapshot(-14, "100", "EUR", forecast="1000")
    _snapshot(-14, "100", "USD")
    _snapshot(0, "150", "EUR", forecast="500")
    _snapshot(0, "100", "USD")
    result = _completed(run_job("CostAnomalyJob", {"threshold_pct": 10, "lookback_weeks": 2}))
    assert result.result == 2
    assert _lines(result, "warning") == [
        f"Cost anomaly (EUR): monthly burn up from 100.00 EUR to 150.00 EUR (+50.0%) between {day(-14)} and {day(0)}.",
        f"Cost anomaly (EUR): renewal forecast down from 1,000.00 EUR to 500.00 EUR (-50.0%) between {day(-14)} and "
        f"{day(0)}.",
    ]
    assert _lines(result, "info") == ["Detected 2 anomalies above 10%."]


def test_cost_anomaly_input_is_validated(run_job: RunJob) -> None:
    from netjobs.jobs.submit import JobInputError

    with pytest.raises(JobInputError):
        run_job("CostAnomalyJob", {"threshold_pct": 0})


def test_read_only_jobs_write_nothing(run_job: RunJob) -> None:
    make_contract("E-1")
    before = CostSnapshot.objects.count()
    for name in ("RenewalCheckJob", "CostReportJob", "CostAnomalyJob", "CoverageGapJob"):
        _completed(run_job(name))
    assert CostSnapshot.objects.count() == before
