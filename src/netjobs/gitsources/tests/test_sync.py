"""Syncing a repository from a bare remote on disk (file://) and running the jobs it provides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.sync import remove_repository
from netjobs.gitsources.tests.support import WorkRepo, messages
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobModule, JobResult
from netjobs.jobs.registry import JobNotFoundError, get_job_class, sync_job_definitions
from netjobs.jobs.submit import JobDisabledError, submit
from netjobs.jobs.tests.support import runs_jobs

GREETING = "git.net-ops/checks/Greeting"
Run = Callable[..., JobResult]

pytestmark = runs_jobs


def installed_jobs(source: str = "git.net-ops") -> set[str]:
    return set(JobDefinition.objects.filter(source=source, installed=True).values_list("class_path", flat=True))


def test_a_synced_repository_provides_jobs_that_run_and_record_their_commit(
    repository: GitRepository, sync: Run, run_job: Run, home: Path
) -> None:
    result = sync(repository)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    head = repository.current_commit
    assert len(head) == 40
    assert repository.last_error == ""
    assert repository.last_synced is not None
    assert repository.last_sync_result_id == result.pk
    assert result.result["switched"] is True
    assert installed_jobs() == {GREETING, "git.net-ops/checks/LoadSites", "git.net-ops/checks/EscapeAttempt"}
    assert (home / "git" / "net-ops" / "current").resolve() == home / "git" / "net-ops" / head
    definition = JobDefinition.objects.get(class_path=GREETING)
    assert definition.grouping == "Repository checks"

    run = run_job(GREETING, {"who": "ops"})

    assert run.status == JobResultStatus.COMPLETED, messages(run)
    assert run.result == {"version": 1}
    assert run.source_commit == head
    assert "Hello, ops (version 1)" in messages(run)


def test_a_pushed_change_runs_after_a_resync_and_the_result_records_the_new_commit(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, run_job: Run
) -> None:
    sync(repository)
    first = repository.current_commit
    assert run_job(GREETING).result == {"version": 1}

    second = work_repo.publish("v2")
    assert run_job(GREETING).result == {"version": 1}, "nothing changes before the sync"
    result = sync(repository)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    assert repository.current_commit == second != first
    assert result.result["previous_commit"] == first
    run = run_job(GREETING)
    assert run.result == {"version": 2}
    assert run.source_commit == second
    assert installed_jobs() == {GREETING, "git.net-ops/checks/LoadSites", "git.net-ops/checks/Farewell"}
    assert JobDefinition.objects.get(class_path="git.net-ops/checks/EscapeAttempt").installed is False


def test_a_commit_whose_module_does_not_import_keeps_the_previous_commit_and_shows_the_error(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, run_job: Run
) -> None:
    sync(repository)
    good = repository.current_commit
    work_repo.publish("broken")

    result = sync(repository)

    assert result.status == JobResultStatus.FAILED
    assert repository.current_commit == good
    assert "checks" in repository.last_error and "SyntaxError" in repository.last_error
    assert any("does not import" in m for m in messages(result))
    assert result.result["switched"] is False
    run = run_job(GREETING)
    assert run.status == JobResultStatus.COMPLETED
    assert run.result == {"version": 1}
    assert run.source_commit == good
    assert GREETING in installed_jobs()
    # A full scan (as `netjobs jobs list` does) still loads the good commit.
    sync_job_definitions()
    assert not JobModule.objects.filter(source="git.net-ops").exclude(import_error="").exists()
    assert GREETING in installed_jobs()


def test_a_missing_branch_keeps_the_previous_state_and_says_so(
    repository: GitRepository, sync: Run, run_job: Run
) -> None:
    sync(repository)
    good = repository.current_commit
    repository.branch = "no-such-branch"
    repository.save()

    result = sync(repository)

    assert result.status == JobResultStatus.FAILED
    assert repository.current_commit == good
    assert "no-such-branch" in repository.last_error
    assert "couldn't find remote ref" in repository.last_error
    assert run_job(GREETING).result == {"version": 1}


def test_a_bad_url_keeps_the_previous_state(repository: GitRepository, sync: Run, tmp_path: Path) -> None:
    sync(repository)
    good = repository.current_commit
    repository.remote_url = (tmp_path / "nowhere.git").as_uri()
    repository.save()

    result = sync(repository)

    assert result.status == JobResultStatus.FAILED
    assert repository.current_commit == good
    assert "nowhere.git" in repository.last_error
    assert GREETING in installed_jobs()


def test_a_tag_can_be_followed_instead_of_a_branch(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, run_job: Run
) -> None:
    tagged = work_repo.commit("release")
    work_repo.tag("v1.0")
    work_repo.publish("v2")
    repository.branch = "v1.0"
    repository.save()

    sync(repository)

    assert repository.current_commit == tagged
    assert run_job(GREETING).result == {"version": 1}


def test_a_dry_run_sync_checks_the_new_commit_without_switching(
    repository: GitRepository, work_repo: WorkRepo, sync: Run
) -> None:
    sync(repository)
    first = repository.current_commit
    second = work_repo.publish("v2")

    result = sync(repository, commit=False)

    assert result.status == JobResultStatus.COMPLETED
    assert result.result["commit"] == second
    assert result.result["switched"] is False
    assert repository.current_commit == first
    assert "git.net-ops/checks/Farewell" in result.result["jobs"]
    assert "git.net-ops/checks/Farewell" not in installed_jobs()


def test_removing_a_repository_disables_its_jobs_and_keeps_their_results(
    repository: GitRepository, sync: Run, run_job: Run, home: Path
) -> None:
    sync(repository)
    run = run_job(GREETING)

    assert remove_repository(repository) == 3

    assert installed_jobs() == set()
    assert JobDefinition.objects.filter(source="git.net-ops").count() == 3
    assert not JobModule.objects.filter(source="git.net-ops").exists()
    run.refresh_from_db()
    assert run.job_definition is not None and run.result == {"version": 1}
    with pytest.raises(JobDisabledError):
        submit(GREETING)
    with pytest.raises(JobNotFoundError):
        get_job_class(GREETING)
    assert not (home / "git" / "net-ops").exists()
    sync_job_definitions()
    assert installed_jobs() == set()


def test_disabling_a_repository_disables_its_jobs(repository: GitRepository, sync: Run) -> None:
    sync(repository)
    repository.enabled = False
    repository.save()

    assert installed_jobs() == set()
    with pytest.raises(JobDisabledError):
        submit(GREETING)


def test_jobs_read_data_files_from_their_checkout_and_cannot_escape_it(
    repository: GitRepository, sync: Run, run_job: Run, home: Path
) -> None:
    sync(repository)
    (home / "git" / "outside.yaml").write_text("secret: 1\n")

    loaded = run_job("git.net-ops/checks/LoadSites")
    escaped = run_job("git.net-ops/checks/EscapeAttempt")

    assert loaded.result == {"sites": [{"name": "ams1", "asn": 65001}, {"name": "fra1", "asn": 65002}]}
    assert escaped.status == JobResultStatus.ERRORED
    assert "outside the job's folder" in escaped.traceback
