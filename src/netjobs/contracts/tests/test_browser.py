"""A real Chromium renders the cost-history chart and downloads the renewal CSV (Debian's Chromium, as in the web
app's browser tests; skipped when it is not installed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from netjobs.contracts.models import CostSnapshot
from netjobs.contracts.tests.builders import day, make_contract

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(databases=["default", "jobs"], transaction=True),
    pytest.mark.urls("netjobs.contracts.tests.urls"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (run scripts/install-browser)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    User.objects.create_superuser("admin", "admin@example.com", "secret-password")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    tab.goto("/login/")
    tab.fill("#id_username", "admin")
    tab.fill("#id_password", "secret-password")
    tab.click("button:has-text('Log in')")
    tab.wait_for_load_state()
    yield tab
    context.close()
    assert not problems, problems


def test_the_cost_history_chart_renders(page: Any) -> None:
    for offset, burn, forecast in ((-21, 100, 900), (-14, 110, 1200), (-7, 105, 1100), (0, 130, 1500)):
        CostSnapshot.objects.create(
            snapshot_date=day(offset),
            currency="EUR",
            monthly_burn=Decimal(burn),
            renewal_forecast=Decimal(forecast),
        )
    CostSnapshot.objects.create(
        snapshot_date=day(0), currency="USD", monthly_burn=Decimal(40), renewal_forecast=Decimal(0)
    )
    page.goto("/contracts/cost-history/")
    charts = page.locator("svg.cost-history-chart")
    assert charts.count() == 2
    eur = page.locator("svg.cost-history-chart[data-currency='EUR']")
    box = eur.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 100
    burn_line = eur.locator("polyline[data-series='monthly_burn']")
    assert burn_line.is_visible()
    # The browser laid the line out: it spans most of the plot's width.
    line_box = burn_line.bounding_box()
    assert line_box is not None
    assert line_box["width"] > box["width"] / 2
    assert eur.locator("polyline[data-series='renewal_forecast']").is_visible()
    assert eur.locator("text.axis-label").all_text_contents() == ["Snapshot date", "Amount (EUR)"]


def test_the_renewal_report_downloads_as_csv(page: Any) -> None:
    make_contract("R-1", end=10)
    page.goto("/contracts/renewals/")
    assert page.locator("#renewal-table tbody tr").count() == 1
    with page.expect_download() as info:
        page.click("#renewals-csv")
    download = info.value
    assert download.suggested_filename == f"contract-renewals-{day(0).isoformat()}.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("R-1,Acme Support,active,")
