"""Fixtures of the Git source tests: a private NETJOBS_HOME, a repository with a bare remote, run helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.gitsources.jobs import SYNC_JOB
from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.support import WorkRepo, forget_git_packages
from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit


@pytest.fixture(autouse=True)
def home(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """NETJOBS_HOME of this test: checkouts under `git/`, secret files under `secrets/`."""
    home = tmp_path / "home"
    (home / "secrets").mkdir(parents=True)
    settings.HOME = home
    forget_git_packages()
    yield home
    forget_git_packages()


@pytest.fixture
def work_repo(tmp_path: Path) -> WorkRepo:
    """A repository whose `main` holds `job_fixtures/v1`, pushed to a bare remote on disk."""
    repo = WorkRepo(tmp_path / "remote")
    repo.publish("v1")
    return repo


@pytest.fixture
def repository(work_repo: WorkRepo) -> GitRepository:
    repo = GitRepository(name="Net Ops", remote_url=work_repo.url, branch="main")
    repo.validated_save()
    return repo


@pytest.fixture
def run_job() -> Callable[..., JobResult]:
    """Submit a run and execute it in this process; the finished result."""

    def _run(class_path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        result = submit(class_path, data, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run


@pytest.fixture
def sync(run_job: Callable[..., JobResult]) -> Callable[..., JobResult]:
    """Run the sync job for a repository; its finished result (the repository is refreshed too)."""

    def _sync(repo: GitRepository, *, commit: bool = True) -> JobResult:
        result = run_job(SYNC_JOB, {"repository": repo.pk}, commit=commit)
        repo.refresh_from_db()
        return result

    return _sync
