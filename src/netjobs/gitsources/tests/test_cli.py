"""`netjobs git add|sync|list|remove`, called in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.support import WorkRepo
from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.tests.support import both_databases, runs_jobs

BAD_INPUT = 3


def git_command(*args: str) -> str:
    out = io.StringIO()
    call_command("git", *args, stdout=out)
    return out.getvalue()


@runs_jobs
def test_add_then_sync_then_list_then_remove(work_repo: WorkRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKEN_VAR", "unused-by-a-file-remote")
    assert "Added Net Ops as git.net-ops" in git_command("add", "Net Ops", work_repo.url, "--secret-env", "TOKEN_VAR")

    git_command("sync", "net-ops", "--local")  # exits only when the sync did not complete

    (listed,) = json.loads(git_command("list", "--json"))
    assert listed["source"] == "git.net-ops"
    assert listed["credentials"] == "env:TOKEN_VAR"
    assert len(listed["current_commit"]) == 40
    assert JobResult.objects.get(pk=listed["last_sync_result"]).status == "completed"
    assert JobDefinition.objects.filter(source="git.net-ops", installed=True).count() == 3

    assert "3 job(s) disabled" in git_command("remove", "Net Ops")
    assert not GitRepository.objects.exists()
    assert not JobDefinition.objects.filter(source="git.net-ops", installed=True).exists()


@runs_jobs
def test_a_failed_sync_exits_with_the_failed_status(work_repo: WorkRepo, tmp_path: Path) -> None:
    git_command("add", "Net Ops", (tmp_path / "missing.git").as_uri())

    with pytest.raises(SystemExit) as exited:
        git_command("sync", "Net Ops", "--local", "--json")

    assert exited.value.code == 1


@both_databases
@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param(["Bad", "https://user:pw@example.com/x.git"], "url:", id="password-in-url"),
        pytest.param(["Bad", "ftp://example.com/x.git"], "url:", id="scheme"),
        pytest.param(["Bad", "file:///x.git", "--branch=-evil"], "branch:", id="branch"),
        pytest.param(["Bad", "file:///x.git", "--secret-env", "not a var"], "secret:", id="secret"),
        pytest.param(["Bad", "file:///x.git", "--provides", "jobs,binaries"], "provides:", id="provides"),
        pytest.param(["Bad", "file:///x.git", "--jobs-path", "../up"], "jobs-path:", id="jobs-path"),
        pytest.param(["Bad", "file:///x.git", "--slug", "Not_A_Slug"], "slug:", id="slug"),
    ],
)
def test_bad_input_exits_3_naming_the_field(args: list[str], field: str) -> None:
    with pytest.raises(CommandError) as error:
        git_command("add", *args)

    assert error.value.returncode == BAD_INPUT
    assert field in str(error.value)
    assert "pw@" not in str(error.value)
    assert not GitRepository.objects.exists()


@both_databases
@pytest.mark.parametrize("action", ["sync", "remove"])
def test_an_unknown_repository_exits_3(action: str) -> None:
    with pytest.raises(CommandError) as error:
        git_command(action, "nowhere")

    assert error.value.returncode == BAD_INPUT
    assert "nowhere" in str(error.value)


@both_databases
def test_list_shows_the_repositories_and_their_last_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    GitRepository.objects.create(
        name="Net Ops",
        slug="net-ops",
        remote_url="https://git.example.com/x.git",
        secret_ref="file:token",
        last_error="Fetching 'main': fatal: Authentication failed",
    )

    git_command("list")

    text = capsys.readouterr().out
    assert "git.net-ops" in text and "Authentication failed" in text
