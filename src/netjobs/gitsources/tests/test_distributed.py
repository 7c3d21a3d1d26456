"""Distributed mode: a worker with another NETJOBS_HOME (same database) checks out the recorded commit itself."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.support import WorkRepo, forget_git_packages
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobModule, JobResult
from netjobs.jobs.registry import sync_job_definitions
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import runs_jobs

GREETING = "git.net-ops/checks/Greeting"
Run = Callable[..., JobResult]

pytestmark = runs_jobs


def move_to_another_machine(settings: Any, tmp_path: Path) -> Path:
    """From now on this process is a worker on another machine: same database, an empty NETJOBS_HOME."""
    other = tmp_path / "other-machine"
    other.mkdir()
    settings.HOME = other
    forget_git_packages()
    return other


def test_a_worker_without_the_checkout_fetches_the_recorded_commit_before_running(
    repository: GitRepository, sync: Run, run_job: Run, settings: Any, tmp_path: Path
) -> None:
    sync(repository)
    other = move_to_another_machine(settings, tmp_path)

    run = run_job(GREETING)

    assert run.status == JobResultStatus.COMPLETED
    assert run.source_commit == repository.current_commit
    assert (other / "git" / "net-ops" / repository.current_commit / "checks.py").is_file()


def test_a_worker_runs_the_recorded_commit_even_when_the_branch_has_moved_on(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, run_job: Run, settings: Any, tmp_path: Path
) -> None:
    sync(repository)
    recorded = repository.current_commit
    work_repo.publish("v2")  # pushed, not synced: the platform still runs the recorded commit
    move_to_another_machine(settings, tmp_path)

    run = run_job(GREETING)

    assert run.result == {"version": 1}
    assert run.source_commit == recorded


def test_a_worker_that_cannot_fetch_errors_the_run_and_leaves_the_jobs_installed(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, settings: Any, tmp_path: Path
) -> None:
    sync(repository)
    run = submit(GREETING)  # on the machine that synced
    shutil.rmtree(work_repo.bare)  # then the remote goes away, and the worker's machine has no checkout
    move_to_another_machine(settings, tmp_path)

    execute(run.pk)
    run.refresh_from_db()
    sync_job_definitions()

    assert run.status == JobResultStatus.ERRORED
    assert "cannot check out commit" in run.error
    assert JobDefinition.objects.get(class_path=GREETING).installed is True
    error = JobModule.objects.get(source="git.net-ops", module_name="__init__").import_error
    assert "cannot check out commit" in error
