"""Network remotes on loopback: `git daemon`, and `git http-backend` behind basic auth with a secret reference.

The credential tests prove the password works and that it appears nowhere: not in the run's log or result,
the repository row, a dump of both databases, the CLI's output, nor any file under NETJOBS_HOME.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.servers import GitHttpServer, git_daemon, git_http_server
from netjobs.gitsources.tests.support import WorkRepo, messages
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobResult
from netjobs.jobs.tests.support import runs_jobs

GREETING = "git.net-ops/checks/Greeting"
PASSWORD = "s3cr3t-T0ken-for-the-test"
Run = Callable[..., JobResult]

pytestmark = [runs_jobs, pytest.mark.slow]


@pytest.fixture
def http_remote(work_repo: WorkRepo) -> Iterator[GitHttpServer]:
    with git_http_server(work_repo.bare.parent, "netops", PASSWORD) as server:
        yield server


def http_repository(server: GitHttpServer, work_repo: WorkRepo, secret_ref: str) -> GitRepository:
    repo = GitRepository(
        name="Net Ops",
        remote_url=f"{server.url}/{work_repo.bare.name}",
        username="netops",
        secret_ref=secret_ref,
    )
    repo.validated_save()
    return repo


def everything_recorded(result: JobResult, repo: GitRepository, home: Path) -> str:
    """Every place a secret could leak to: logs, result, repository, databases, CLI output, files in the home."""
    out = io.StringIO()
    call_command("dumpdata", "jobs", "gitsources", database="jobs", stdout=out)
    call_command("dumpdata", "core", database="default", stdout=out)  # the change log
    call_command("git", "list", "--json", stdout=out)
    call_command("git", "list", stdout=out)
    repo.refresh_from_db()
    texts = [
        out.getvalue(),
        "\n".join(messages(result)),
        repr(result.result),
        result.traceback,
        repo.last_error,
    ]
    for path in home.rglob("*"):
        # The secret file is where the secret belongs; everything else (checkouts, repo.git) must not hold it.
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(home / "secrets"):
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_a_repository_served_by_git_daemon_syncs_and_runs(work_repo: WorkRepo, sync: Run, run_job: Run) -> None:
    with git_daemon(work_repo.bare.parent) as base_url:
        repo = GitRepository(name="Net Ops", remote_url=f"{base_url}/{work_repo.bare.name}")
        repo.validated_save()
        result = sync(repo)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    assert run_job(GREETING).source_commit == repo.current_commit


def test_credentials_from_an_environment_variable_work_and_are_never_recorded(
    http_remote: GitHttpServer, work_repo: WorkRepo, sync: Run, run_job: Run, monkeypatch: Any, home: Path
) -> None:
    monkeypatch.setenv("NETOPS_GIT_TOKEN", PASSWORD)
    repo = http_repository(http_remote, work_repo, "env:NETOPS_GIT_TOKEN")

    result = sync(repo)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    assert http_remote.rejected >= 1, "git asked without credentials first, as it should"
    run = run_job(GREETING)
    assert run.result == {"version": 1}
    assert PASSWORD not in everything_recorded(result, repo, home)


def test_credentials_from_a_secret_file_work(
    http_remote: GitHttpServer, work_repo: WorkRepo, sync: Run, home: Path
) -> None:
    (home / "secrets" / "netops-token").write_text(PASSWORD + "\n")
    repo = http_repository(http_remote, work_repo, "file:netops-token")

    result = sync(repo)

    assert result.status == JobResultStatus.COMPLETED, messages(result)
    assert PASSWORD not in everything_recorded(result, repo, home)


def test_refused_credentials_fail_the_sync_and_keep_the_previous_commit(
    http_remote: GitHttpServer, work_repo: WorkRepo, sync: Run, run_job: Run, monkeypatch: Any, home: Path
) -> None:
    monkeypatch.setenv("NETOPS_GIT_TOKEN", PASSWORD)
    repo = http_repository(http_remote, work_repo, "env:NETOPS_GIT_TOKEN")
    sync(repo)
    good = repo.current_commit
    work_repo.publish("v2")
    monkeypatch.setenv("NETOPS_GIT_TOKEN", "wrong-" + PASSWORD)

    result = sync(repo)

    assert result.status == JobResultStatus.FAILED
    assert repo.current_commit == good
    assert "Authentication failed" in repo.last_error
    assert run_job(GREETING).result == {"version": 1}
    recorded = everything_recorded(result, repo, home)
    assert PASSWORD not in recorded


def test_a_missing_secret_fails_the_sync_naming_the_reference(
    http_remote: GitHttpServer, work_repo: WorkRepo, sync: Run, monkeypatch: Any
) -> None:
    monkeypatch.delenv("NETOPS_GIT_TOKEN", raising=False)
    repo = http_repository(http_remote, work_repo, "env:NETOPS_GIT_TOKEN")

    result = sync(repo)

    assert result.status == JobResultStatus.FAILED
    assert "NETOPS_GIT_TOKEN is not set" in repo.last_error
    assert repo.current_commit == ""


def test_without_credentials_git_fails_instead_of_prompting(
    http_remote: GitHttpServer, work_repo: WorkRepo, sync: Run
) -> None:
    repo = GitRepository(name="Net Ops", remote_url=f"{http_remote.url}/{work_repo.bare.name}")
    repo.validated_save()

    result = sync(repo)

    assert result.status == JobResultStatus.FAILED
    assert "Authentication failed" in repo.last_error or "could not read" in repo.last_error.lower()
