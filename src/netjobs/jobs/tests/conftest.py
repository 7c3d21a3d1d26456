"""Fixtures of the jobs framework tests: a temporary jobs root holding the real modules of `job_fixtures/`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import copy_job_fixtures, forget_local_modules


@pytest.fixture
def jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """A fresh jobs root with the fixture job modules, set as `NETJOBS_JOBS_ROOT`."""
    root = copy_job_fixtures(tmp_path / "jobs")
    settings.NETJOBS_JOBS_ROOT = root
    forget_local_modules()
    yield root
    forget_local_modules()


@pytest.fixture
def run_job(jobs_root: Path) -> Callable[..., JobResult]:
    """Submit a run and execute it in this process; returns the finished result."""

    def _run(class_path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        result = submit(class_path, data, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run
