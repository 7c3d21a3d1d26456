"""The spec's example jobs, installed by `netjobs loaddemo`, run with `netjobs runjob` as an operator would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NETJOBS = str(Path(sys.executable).with_name("netjobs"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {**os.environ, "NETJOBS_HOME": str(tmp_path_factory.mktemp("examples"))}
    env.pop("NETJOBS_DATABASE_URL", None)
    for args in (["migrate", "-v0"], ["loaddemo", "-v0"]):
        subprocess.run([NETJOBS, *args], env=env, check=True, capture_output=True)
    return env


def netjobs(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NETJOBS, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def test_loaddemo_installs_the_example_jobs(home):
    listed = json.loads(netjobs(home, "jobs", "list", "--json").stdout)
    paths = {job["class_path"] for job in listed["jobs"]}
    assert {
        "local/new_branch/NewBranch",
        "local/device_connections/DeviceConnectionsReport",
        "local/device_ips/DeviceIPsReport",
    } <= paths
    assert listed["import_errors"] == {}


def test_new_branch_creates_the_site_and_switches_and_returns_csv(home):
    done = netjobs(
        home, "runjob", "local/new_branch/NewBranch", "--local", "--commit", "--json",
        "--var", "site_name=Branch 42", "--var", "switch_count=2", "--var", "manufacturer=Cisco",
        "--var", "switch_model=C9300-48P",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed"
    assert result["result"].splitlines() == [
        "name,make,model",
        "branch-42-switch1,Cisco,Catalyst 9300-48P",
        "branch-42-switch2,Cisco,Catalyst 9300-48P",
    ]
    messages = [entry["message"] for entry in result["logs"]]
    assert messages.count("Created new switch") == 2 and "Created new site" in messages


def test_new_branch_as_a_dry_run_creates_nothing(home):
    done = netjobs(
        home, "runjob", "local/new_branch/NewBranch", "--local", "--no-commit", "--json",
        "--var", "site_name=Dry Branch", "--var", "switch_count=1", "--var", "switch_model=C9300-48P",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    again = netjobs(
        home, "runjob", "local/new_branch/NewBranch", "--local", "--no-commit", "--json",
        "--var", "site_name=Dry Branch", "--var", "switch_count=1", "--var", "switch_model=C9300-48P",
    )  # fmt: skip
    assert json.loads(again.stdout)["status"] == "completed"  # the site was never kept, so no duplicate


def test_device_connections_report_fails_on_the_demo_data_with_a_mix_of_levels(home):
    done = netjobs(home, "runjob", "local/device_connections/DeviceConnectionsReport", "--local", "--json")
    assert done.returncode == 1  # failed: some devices lack connections
    result = json.loads(done.stdout)
    levels = {entry["level"] for entry in result["logs"]}
    groupings = {entry["grouping"] for entry in result["logs"]}
    assert {"success", "warning", "failure"} <= levels
    assert {"test_console_connection", "test_power_connections"} <= groupings


def test_device_ips_report_names_the_router_without_a_loopback(home):
    done = netjobs(home, "runjob", "local/device_ips/DeviceIPsReport", "--local", "--json")
    assert done.returncode == 1
    failures = [e for e in json.loads(done.stdout)["logs"] if e["level"] == "failure"]
    assert any(e["object"] == "fra01-rtr1" for e in failures)


def test_example_jobs_run_through_a_worker(home):
    worker = subprocess.Popen(
        [NETJOBS, "worker", "--concurrency", "1"], env=home, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        done = netjobs(home, "runjob", "local/device_ips/DeviceIPsReport", "--timeout", "60")
        assert done.returncode == 1, done.stderr
        assert "── test_" in done.stdout  # log lines grouped by method
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
