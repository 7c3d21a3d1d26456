"""The CLI and real workers: two NETJOBS_HOMEs sharing one database, as two machines in distributed mode.

B's home links to A's SQLite files (SQLite follows the links, so both open the same database with the same
settings) — the stand-in for a shared PostgreSQL.

Machine A adds and syncs the repository; only machine B runs a worker, so every run is executed by a process
that has never seen the checkout: it fetches the recorded commit into its own home, and after a resync on A it
runs the new commit without being restarted.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.gitsources.tests.support import WorkRepo

pytestmark = pytest.mark.slow

NETJOBS = Path(sys.executable).with_name("netjobs")


DATABASE_FILES = ("netjobs.sqlite3", "netjobs-jobs.sqlite3")


class Machine:
    """A NETJOBS_HOME of its own; the database is shared."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True)
        self.home = home
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("NETJOBS_", "GIT_"))}
        self.env.update(
            NETJOBS_HOME=str(home),
            NETJOBS_SECRET_KEY="one-deployment-one-key",
            NETJOBS_POLL_INTERVAL="0.2",
            NETJOBS_LOG_FLUSH_INTERVAL="0.05",
            DJANGO_SETTINGS_MODULE="netjobs.settings",
            COLUMNS="200",
        )

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(NETJOBS), *args], env=self.env, cwd=self.home, capture_output=True, text=True, timeout=timeout
        )

    def start_worker(self) -> subprocess.Popen[bytes]:
        with (self.home / "worker.log").open("wb") as log:
            return subprocess.Popen(
                [str(NETJOBS), "worker", "-c", "1"],
                env=self.env,
                cwd=self.home,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def results(self) -> list[tuple[Any, ...]]:
        path = self.home / "netjobs-jobs.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(
                "SELECT id, status, worker, source_commit FROM jobs_jobresult ORDER BY id"
            ).fetchall()


@pytest.fixture
def machines(tmp_path: Path) -> Iterator[tuple[Machine, Machine]]:
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    migrated = a.run("migrate", "--skip-checks", "--verbosity", "0", timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    for name in DATABASE_FILES:
        (b.home / name).symlink_to(a.home / name)
    yield a, b


def worker_log(machine: Machine) -> str:
    path = machine.home / "worker.log"
    return path.read_text(errors="replace") if path.exists() else ""


def run_job(a: Machine, b: Machine, class_path: str) -> dict[str, Any]:
    """Submit on A, executed by B's worker; the finished result."""
    done = a.run("runjob", class_path, "--json", "--timeout", "120")
    assert done.returncode == 0, f"{done.stdout}{done.stderr}\nB's worker log:\n{worker_log(b)}"
    return json.loads(done.stdout)


def test_a_worker_on_another_machine_runs_the_synced_commit_and_follows_resyncs(
    machines: tuple[Machine, Machine], tmp_path: Path
) -> None:
    a, b = machines
    work = WorkRepo(tmp_path / "remote")
    first = work.publish("v1")
    assert a.run("git", "add", "Net Ops", work.url).returncode == 0
    synced = a.run("git", "sync", "net-ops", "--local")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    worker = b.start_worker()
    try:
        result = run_job(a, b, "git.net-ops/checks/Greeting")
        assert result["result"] == {"version": 1}
        assert (b.home / "git" / "net-ops" / first / "checks.py").is_file()

        second = work.publish("v2")
        resynced = a.run("git", "sync", "net-ops", "--wait", "--timeout", "120")  # the sync runs on B's worker
        assert resynced.returncode == 0, f"{resynced.stdout}{resynced.stderr}\nB's worker log:\n{worker_log(b)}"
        assert "Now at commit" in resynced.stdout

        result = run_job(a, b, "git.net-ops/checks/Greeting")
        assert result["result"] == {"version": 2}
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    rows = a.results()
    greetings = [(status, commit) for _, status, _, commit in rows if commit]
    assert greetings == [("completed", first), ("completed", second)]
    assert all(not w.startswith("local:") for _, _, w, c in rows if c), "B's worker ran the jobs"
