"""`netjobs schedules …` and `netjobs scheduler --once` as an operator runs them (real subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netjobs.scheduling.tests.conftest import ECHO, NEEDS_COUNT, netjobs

pytestmark = pytest.mark.slow


def listing(home: Path) -> dict[str, dict]:
    done = netjobs(home, "schedules", "list", "--json")
    assert done.returncode == 0, done.stderr
    return {s["name"]: s for s in json.loads(done.stdout)}


def test_create_list_disable_enable_delete_and_fire(cli_home: Path) -> None:
    created = netjobs(
        cli_home, "schedules", "create", "--job", ECHO, "--every", "15", "--var", "message=hello", "--name", "quarter"
    )
    assert created.returncode == 0, created.stderr
    assert "every 15 minutes" in created.stdout
    cron = netjobs(
        cli_home, "schedules", "create", "--job", NEEDS_COUNT, "--crontab", "*/5 * * * *", "--data", '{"count": 2}'
    )
    assert cron.returncode == 0, cron.stderr

    # A recurring schedule starting now is due at once; so are the system jobs the scheduler schedules at start.
    fired = netjobs(cli_home, "scheduler", "--once")
    assert fired.returncode == 0, fired.stderr
    assert "Queued" in fired.stdout

    schedules = listing(cli_home)
    assert any(s["system_job"] and s["run_count"] == 1 for s in schedules.values())
    quarter = schedules["quarter"]
    assert quarter["run_count"] == 1
    assert quarter["last_result_id"] is not None
    assert (quarter["interval_minutes"], quarter["data"], quarter["enabled"]) == (15, {"message": "hello"}, True)
    assert any(s["crontab"] == "*/5 * * * *" and s["data"] == {"count": 2} for s in schedules.values())

    assert netjobs(cli_home, "schedules", "disable", "quarter").returncode == 0
    assert listing(cli_home)["quarter"]["enabled"] is False
    enabled = netjobs(cli_home, "schedules", "enable", str(quarter["id"]))
    assert enabled.returncode == 0, enabled.stderr
    assert listing(cli_home)["quarter"]["next_run"] is not None

    table = netjobs(cli_home, "schedules", "list")
    assert table.returncode == 0 and "quarter" in table.stdout

    assert netjobs(cli_home, "schedules", "delete", "quarter").returncode == 0
    assert "quarter" not in listing(cli_home)
    missing = netjobs(cli_home, "schedules", "delete", "quarter")
    assert missing.returncode == 3
    assert "no schedule" in missing.stderr


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--job", ECHO, "--every", "0"], "--every"),
        (["--job", ECHO, "--crontab", "*/5 * *"], "--crontab"),
        (["--job", ECHO, "--at", "tomorrow-ish"], "--at"),
        (["--job", ECHO, "--at", "2001-01-01T00:00"], "--at/--start"),
        (["--job", NEEDS_COUNT, "--daily", "--var", "count=many"], "count"),
        (["--job", ECHO, "--daily", "--var", "nope=1"], "--var nope"),
        (["--job", ECHO, "--daily", "--data", "[1, 2]"], "--data"),
        (["--job", ECHO, "--daily", "--user", "nobody"], "--user"),
        (["--job", "local/nowhere/Nothing", "--daily"], "--job"),
    ],
)
def test_bad_input_exits_3_naming_the_field(cli_home: Path, args: list[str], named: str) -> None:
    done = netjobs(cli_home, "schedules", "create", *args)
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert named in done.stderr
