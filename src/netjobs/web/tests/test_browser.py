"""End-to-end: a real Chromium drives the UI against a live server, with a worker thread running the jobs.

Chromium is Debian's (`scripts/install-browser`); Playwright only drives it. The tests save screenshots of the
main pages under docs/screenshots/ (embedded in the README).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connections

from netjobs.dcim.models import Device, Site
from netjobs.jobs.models import JobLock, JobResult
from netjobs.jobs.worker import WorkerProcess
from netjobs.testing.inventory import make_device_type, make_role, status
from netjobs.web.tests.conftest import forget_local_modules, make_jobs_root

REPO = Path(__file__).resolve().parents[4]
SCREENSHOTS = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "jobs"], transaction=True)]


def _ensure_chromium() -> str:
    """The reason Chromium is unavailable, or "" once it is installed."""
    if os.access(CHROMIUM, os.X_OK):
        return ""
    script = REPO / "scripts" / "install-browser"
    if script.exists():
        done = subprocess.run([str(script)], capture_output=True, text=True, timeout=600, check=False)
        if os.access(CHROMIUM, os.X_OK):
            return ""
        return f"Chromium is not installed and scripts/install-browser failed: {done.stderr.strip()[-300:]}"
    return "Chromium is not installed at /usr/bin/chromium (run scripts/install-browser)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for this module's tests. Module-scoped: Playwright's event loop must be gone before other tests."""
    reason = _ensure_chromium()
    if reason:
        pytest.skip(reason)
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    # Playwright's sync API runs an event loop in this thread, so Django would refuse the tests' (synchronous)
    # ORM calls while it is alive; allow them for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    from netjobs.jobs.registry import sync_job_definitions

    root = make_jobs_root(tmp_path / "jobs")
    settings.NETJOBS_JOBS_ROOT = root
    settings.NETJOBS_LOG_FLUSH_INTERVAL = 0.1
    forget_local_modules()
    sync_job_definitions()
    yield root
    forget_local_modules()


@pytest.fixture
def inventory() -> None:
    """What New Branch needs: a planned status, the Access Switch role and device types of two makers."""
    status("planned")
    make_role("Access Switch")
    for model, maker in (("Catalyst 9300-48P", "Cisco"), ("ISR 4331", "Cisco"), ("DCS-7050SX3", "Arista")):
        make_device_type(model, manufacturer=maker)


@pytest.fixture
def worker(jobs_root: Path, live_server: Any) -> Iterator[None]:
    """A worker in a thread of this process, claiming runs from the test database like `netjobs worker`."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def loop() -> None:
        process = WorkerProcess(["default"], name="e2e-worker")
        try:
            while not stop.is_set():
                try:
                    if not process.run_once():
                        stop.wait(0.05)
                except Exception as exc:  # keep serving; the test fails at teardown
                    errors.append(exc)
                    stop.wait(0.2)
        finally:
            connections.close_all()

    thread = threading.Thread(target=loop, name="e2e-worker", daemon=True)
    thread.start()
    yield
    JobResult.objects.filter(status="running").update(cancel_requested=True)
    stop.set()
    thread.join(timeout=60)
    assert not errors, errors


@pytest.fixture
def page(browser: Any, live_server: Any, worker: None, inventory: None) -> Iterator[Any]:
    """A logged-in page, failing the test on any JavaScript error or dialog (an alert would be injected code)."""
    User.objects.create_superuser("admin", "admin@example.com", "secret-password")
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.goto("/login/")
    tab.fill("#id_username", "admin")
    tab.fill("#id_password", "secret-password")
    tab.click("button:has-text('Log in')")
    tab.wait_for_url("**/jobs/")
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, problems


def screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS.parent.is_dir():
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_finished(page: Any, timeout_ms: int = 30_000) -> str:
    """Wait (without reloading) until the result page shows the end of the log; return the status text."""
    page.wait_for_selector("#log-end", timeout=timeout_ms)
    return page.inner_text("#run-status").strip()


def fill_new_branch(page: Any, site: str, *, commit: bool) -> None:
    page.goto("/jobs/local/new_branch/NewBranch/")
    page.wait_for_function("document.querySelectorAll('#id_switch_model option').length === 4")
    page.select_option("#id_manufacturer", label="Cisco")
    # The switch model list is reloaded with manufacturer_id=<Cisco>: the Arista model disappears.
    page.wait_for_function(
        "!document.querySelector('#id_switch_model').hasAttribute('aria-busy')"
        " && document.querySelectorAll('#id_switch_model option').length === 3"
    )
    models = page.eval_on_selector_all("#id_switch_model option", "options => options.map(o => o.textContent)")
    assert models == ["---------", "Catalyst 9300-48P", "ISR 4331"]
    page.fill("#id_site_name", site)
    page.fill("#id_switch_count", "2")
    page.select_option("#id_switch_model", label="Catalyst 9300-48P")
    page.set_checked("#id_commit", commit)


def test_new_branch_runs_from_its_form_and_shows_its_csv(page: Any) -> None:
    fill_new_branch(page, "Branch 42", commit=True)
    screenshot(page, "job-form")
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    assert wait_finished(page) == "Completed"
    page.wait_for_selector("#output-table")
    cells = page.eval_on_selector_all("#output-table tbody tr", "rows => rows.map(r => r.innerText.split('\\t'))")
    assert cells == [
        ["branch-42-switch1", "Cisco", "Catalyst 9300-48P"],
        ["branch-42-switch2", "Cisco", "Catalyst 9300-48P"],
    ]
    download = page.request.get(page.get_attribute("a:has-text('Download .csv')", "href"))
    assert download.text().splitlines()[0] == "name,make,model"
    assert page.locator(".log-row a", has_text="branch-42-switch1").count() == 1
    assert Device.objects.filter(name__startswith="branch-42-switch").count() == 2
    screenshot(page, "result")
    page.goto("/jobs/")
    row = page.locator("li.job-row", has_text="New Branch")
    assert row.locator(".status-badge").inner_text() == "Completed"
    screenshot(page, "jobs")


def test_a_dry_run_rolls_back_and_a_commit_keeps_the_changes(page: Any) -> None:
    fill_new_branch(page, "Dry Branch", commit=False)
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    assert wait_finished(page) == "Completed"
    assert page.locator(".badge", has_text="Dry run").count() == 1
    assert page.locator(".log-row", has_text="Database changes have been reverted automatically.").count() == 1
    assert not Site.objects.filter(name="Dry Branch").exists()

    page.click("button:has-text('Run again')")  # the same input, dry run again
    page.wait_for_url("**/results/*/")
    wait_finished(page)
    assert JobResult.objects.filter(name="New Branch", commit=False).count() == 2

    fill_new_branch(page, "Real Branch", commit=True)
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    assert wait_finished(page) == "Completed"
    assert page.locator(".log-row", has_text="reverted").count() == 0
    assert Site.objects.filter(name="Real Branch").exists()


def test_the_log_streams_live_and_stops_polling_when_the_run_ends(page: Any) -> None:
    page.goto("/jobs/local/ui_demo/StreamLog/")
    page.fill("#id_lines", "24")
    page.fill("#id_delay", "250")
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    page.evaluate("window.__notReloaded = true")
    page.wait_for_selector(".log-live")
    seen = page.locator(".log-row[data-id]").count()
    for _ in range(3):  # new lines keep arriving, each within a second
        page.wait_for_function(f"document.querySelectorAll('.log-row[data-id]').length > {seen}", timeout=1500)
        seen = page.locator(".log-row[data-id]").count()
    assert page.inner_text("#run-status").strip() == "Running"
    assert page.locator("#run-progress .progress-bar").count() == 1
    assert wait_finished(page) == "Completed"
    assert page.evaluate("window.__notReloaded") is True
    ids = page.eval_on_selector_all(".log-row[data-id]", "rows => rows.map(r => Number(r.dataset.id))")
    assert ids == sorted(set(ids)) and len(ids) == 24 + 3  # every line once, in order (+ test and post_run lines)
    page.wait_for_selector("#output-table")  # the summary was refreshed when the run ended
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if "/log/stream/" in request.url else None)
    page.wait_for_timeout(2000)
    assert polls == []
    page.select_option("#log-level", "warning")
    page.wait_for_function("document.querySelectorAll('.log-row[data-id]').length === 1")
    assert "A warning from a test method" in page.inner_text("#log-rows")


def test_a_failing_job_shows_its_failure_and_traceback(page: Any) -> None:
    page.goto("/jobs/local/ui_demo/Explodes/")
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    assert wait_finished(page) == "Errored"
    page.wait_for_selector("#traceback-heading")
    assert "RuntimeError: the router caught fire" in page.inner_text("pre.traceback")
    assert page.locator(".log-row.level-failure", has_text="The core router is unreachable").count() == 1


def test_script_in_a_log_message_is_never_executed(page: Any) -> None:
    page.goto("/jobs/local/ui_demo/HostileLog/")
    assert page.locator("#id_commit").count() == 0  # a read-only job has no commit box
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    wait_finished(page)
    assert page.locator(".log-row", has_text="plain text after a script").count() == 1
    page.reload()  # rendered by the server this time, not streamed
    page.wait_for_selector("#log-end")
    assert page.evaluate("typeof window.__netjobsXss") == "undefined"
    assert page.locator("#log-rows script, #log-rows img").count() == 0
    assert page.problems == []


def test_a_lock_is_listed_and_cleared_after_confirmation(page: Any) -> None:
    page.goto("/jobs/local/ui_demo/HoldsLock/")
    page.fill("#id_seconds", "120")
    page.click("button:has-text('Run job')")
    page.wait_for_url("**/results/*/")
    page.wait_for_function("document.querySelector('#run-status').innerText.trim() === 'Running'")
    deadline = time.monotonic() + 10
    while not JobLock.objects.filter(name="ui-demo").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    page.goto("/locks/")
    row = page.locator("tr", has_text="ui-demo")
    assert "Holds a lock" in row.inner_text()
    row.locator("a", has_text="Clear").click()
    page.wait_for_selector("text=is still running")
    page.click("button:has-text('Clear lock')")
    page.wait_for_selector("text=Lock ui-demo was cleared.")
    assert not JobLock.objects.filter(name="ui-demo").exists()
    assert page.locator("td", has_text="No locks are held.").count() == 1
    JobResult.objects.filter(status="running").update(cancel_requested=True)


def test_results_list_filters_and_the_theme_is_remembered(page: Any) -> None:
    for job in ("Explodes", "HostileLog"):
        page.goto(f"/jobs/local/ui_demo/{job}/")
        page.click("button:has-text('Run job')")
        page.wait_for_url("**/results/*/")
        wait_finished(page)
    page.goto("/results/")
    assert page.locator("tbody tr").count() == 2
    page.select_option("#id_status", "errored")
    page.wait_for_function("document.querySelectorAll('#results-table tbody tr').length === 1")
    assert "status=errored" in page.url
    page.goto("/results/")
    screenshot(page, "results")
    page.click("[data-theme-toggle]")
    assert page.get_attribute("html", "data-bs-theme") == "dark"
    page.reload()
    assert page.get_attribute("html", "data-bs-theme") == "dark"
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
