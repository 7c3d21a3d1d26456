"""The git runner: no prompts, credentials only in the environment, output redacted; checkouts on disk."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from netjobs.gitsources.checkouts import prune_checkouts
from netjobs.gitsources.data import load_yaml
from netjobs.gitsources.git import Credentials, GitError, GitRunner, ensure_askpass
from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.support import WorkRepo, messages
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition, JobModule, JobResult
from netjobs.jobs.tests.support import runs_jobs

SECRET = "hunter2-very-secret"
Run = Callable[..., JobResult]


def runner(tmp_path: Path) -> GitRunner:
    return GitRunner(tmp_path / "repo.git", Credentials("bob", SECRET), askpass=tmp_path / ".askpass")


def test_git_errors_are_redacted(tmp_path: Path) -> None:
    git = runner(tmp_path)
    git.init()

    with pytest.raises(GitError) as error:
        git.fetch((tmp_path / f"missing-{SECRET}.git").as_uri(), "main")

    assert SECRET not in str(error.value)
    assert "missing-********.git" in str(error.value)
    assert str(error.value).startswith("Fetching 'main' from file://")


def test_credentials_never_show_in_their_repr() -> None:
    assert SECRET not in repr(Credentials("bob", SECRET))


def test_the_askpass_helper_holds_no_secret_and_only_its_owner_may_run_it(tmp_path: Path) -> None:
    path = ensure_askpass(tmp_path / ".askpass")

    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert "NETJOBS_GIT_PASSWORD" in path.read_text()


def test_transports_that_run_commands_are_refused(tmp_path: Path) -> None:
    git = runner(tmp_path)
    git.init()

    with pytest.raises(GitError) as error:
        git.fetch(f"ext::sh -c touch% {tmp_path}/pwned", "main")

    assert "transport 'ext' not allowed" in str(error.value)
    assert not (tmp_path / "pwned").exists()


@runs_jobs
def test_a_jobs_path_limits_discovery_and_modules_import_their_siblings(
    tmp_path: Path, sync: Run, run_job: Run
) -> None:
    work = WorkRepo(tmp_path / "remote")
    work.publish("packaged")
    repo = GitRepository(name="Packaged", remote_url=work.url, jobs_path="network")
    repo.validated_save()

    result = sync(repo)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    jobs = set(JobDefinition.objects.filter(source="git.packaged").values_list("class_path", flat=True))
    assert jobs == {"git.packaged/interfaces/DescribeInterface"}
    assert set(JobModule.objects.filter(source="git.packaged").values_list("module_name", flat=True)) == {
        "helpers",
        "interfaces",
    }
    assert run_job("git.packaged/interfaces/DescribeInterface").result == "interface eth0"


@runs_jobs
def test_a_jobs_path_missing_from_the_commit_fails_the_sync(work_repo: WorkRepo, sync: Run) -> None:
    repo = GitRepository(name="Net Ops", remote_url=work_repo.url, jobs_path="network")
    repo.validated_save()

    result = sync(repo)

    assert result.status == JobResultStatus.FAILED
    assert "has no folder 'network'" in repo.last_error


@runs_jobs
def test_a_data_only_repository_provides_files_and_no_jobs(work_repo: WorkRepo, sync: Run) -> None:
    repo = GitRepository(name="Net Data", remote_url=work_repo.url, provides=["data"])
    repo.validated_save()

    result = sync(repo)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    assert not JobDefinition.objects.filter(source="git.net-data").exists()
    assert load_yaml("net-data", "data/sites.yaml")["sites"][0]["name"] == "ams1"
    with pytest.raises(ValueError, match="outside the repository"):
        load_yaml(repo, "../../outside.yaml")


@runs_jobs
def test_old_checkouts_are_pruned_but_the_current_one_stays(
    repository: GitRepository, work_repo: WorkRepo, sync: Run, home: Path
) -> None:
    for variant in ("v1", "v2", "v1", "v2"):
        work_repo.put(variant)
        work_repo.commit(f"again {variant}")
        work_repo.push()
        sync(repository)

    removed = prune_checkouts(repository, keep=1)

    folder = home / "git" / "net-ops"
    kept = {p.name for p in folder.iterdir() if p.is_dir() and len(p.name) == 40}
    assert repository.current_commit in kept
    assert len(kept) == 2
    assert len(removed) == 2
