"""Fixtures of the scheduling tests: the fixture jobs in the jobs root, a controllable clock, a CLI home."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

FIXTURES = Path(__file__).parent / "job_fixtures"
ECHO = "local/sched_fixture_jobs/Echo"
NEEDS_COUNT = "local/sched_fixture_jobs/NeedsCount"
T0 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)  # a Monday


class FakeClock:
    """A clock the test moves by hand; thread-safe enough for readers (one datetime assignment)."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def install_fixture_jobs(jobs_root: Path) -> None:
    jobs_root.mkdir(parents=True, exist_ok=True)
    if not (jobs_root / "__init__.py").exists():
        (jobs_root / "__init__.py").write_text("")
    for source in FIXTURES.glob("*.py"):
        if source.name != "__init__.py":
            shutil.copy(source, jobs_root / source.name)


@pytest.fixture(scope="session", autouse=True)
def fixture_jobs() -> None:
    install_fixture_jobs(Path(settings.NETJOBS_JOBS_ROOT))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def netjobs(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `netjobs …` in a subprocess against `home` (its own databases, not the test session's)."""
    env = {**os.environ, "NETJOBS_HOME": str(home), "COLUMNS": "200"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("NETJOBS_DATABASE_URL", None)  # the home's own SQLite files, even when the suite runs on PostgreSQL
    return subprocess.run(
        [sys.executable, "-m", "netjobs", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated NETJOBS_HOME with the fixture jobs, for tests that drive real processes."""
    home = tmp_path_factory.mktemp("netjobs-home")
    install_fixture_jobs(home / "jobs")
    done = netjobs(home, "migrate", "--skip-checks", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    yield home
