"""The sync job, discovered as `app/netjobs.gitsources.jobs/SyncGitRepository`.

A sync is a run like any other, so it has a result, a live log and a place in the job history; `netjobs git
sync`, the admin action and the API all submit it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.sync import sync_repository
from netjobs.jobs.base import Job
from netjobs.jobs.variables import ObjectVar

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from netjobs.jobs.models import JobResult

__all__ = ["SYNC_JOB", "SyncGitRepository", "submit_sync"]

name = "Git repositories"
SYNC_JOB = "app/netjobs.gitsources.jobs/SyncGitRepository"


class SyncGitRepository(Job):
    repository = ObjectVar(model=GitRepository, description="The repository to fetch, check out and load")

    class Meta:
        name = "Sync Git repository"
        description = (
            "Fetch the repository's branch or tag, check out the commit and load its jobs. A failed sync keeps the "
            "previous commit and its jobs. Without commit: check the new commit without switching to it."
        )

    def run(self, data: dict[str, Any], commit: bool) -> dict[str, Any]:
        repo: GitRepository = data["repository"]
        if self.result is not None:
            GitRepository.objects.filter(pk=repo.pk).update(last_sync_result=self.result)
        outcome = sync_repository(repo, self._report, switch=commit)
        return outcome.as_dict()

    def _report(self, level: str, message: str) -> None:
        {
            "info": self.log_info,
            "success": self.log_success,
            "warning": self.log_warning,
            "failure": self.log_failure,
        }[level](message)


def submit_sync(
    repo: GitRepository,
    *,
    user: AbstractBaseUser | None = None,
    commit: bool = True,
    request_meta: dict[str, Any] | None = None,
) -> JobResult:
    """Queue a sync of `repo` (what the CLI, the admin and the API call); the pending result."""
    from netjobs.jobs.submit import submit

    return submit(SYNC_JOB, {"repository": repo.pk}, user=user, commit=commit, request_meta=request_meta)
