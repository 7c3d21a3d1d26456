"""Syncing a repository: fetch, check out, check that its modules import, and only then go live.

The order is what keeps a bad push harmless: the new commit is checked out beside the live one and its job
modules are imported from there; only when every module imports does the database record the new commit
(what every worker loads), the `current` link move and the job list change. Any failure — bad URL, refused
credentials, missing branch, a module that does not import — leaves the previous commit live and is recorded
in `last_error`, credentials redacted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from netjobs.gitsources.checkouts import (
    ensure_checkout,
    module_tree,
    prune_checkouts,
    repo_lock,
    runner_for,
    switch_current,
)
from netjobs.gitsources.git import GitError
from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.secrets import SecretUnavailable
from netjobs.jobs.models import JobDefinition, JobModule
from netjobs.jobs.registry import DiscoveredModule, class_path_for, discover_tree, sync_job_definitions

__all__ = ["SyncError", "SyncOutcome", "remove_repository", "retire_jobs", "sync_repository"]

logger = logging.getLogger(__name__)
#: `report(level, message)`: level is one of "info", "success", "warning", "failure".
Reporter = Callable[[str, str], None]


class SyncError(Exception):
    """The fetched commit cannot go live (its modules do not import, its jobs folder is missing)."""


@dataclass
class SyncOutcome:
    """What a sync did; the sync job returns it as its result."""

    repository: str
    ok: bool = False
    commit: str = ""
    previous_commit: str = ""
    switched: bool = False
    jobs: list[str] = field(default_factory=list)
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _log_to_logger(level: str, message: str) -> None:
    logger.log(logging.WARNING if level in ("warning", "failure") else logging.INFO, "%s", message)


def sync_repository(repo: GitRepository, report: Reporter = _log_to_logger, *, switch: bool = True) -> SyncOutcome:
    """Bring `repo` to the tip of its branch or tag. With `switch=False`, check the tip but do not go live."""
    outcome = SyncOutcome(repository=repo.name, previous_commit=repo.current_commit)
    try:
        git = runner_for(repo)
    except SecretUnavailable as exc:
        return _failed(repo, outcome, str(exc), report)
    try:
        with repo_lock(repo.slug):
            report("info", f"Fetching `{repo.branch}` from {repo.display_url}")
            git.init()
            commit = git.fetch(repo.remote_url, repo.branch)
            outcome.commit = commit
            report("info", f"`{repo.branch}` is at commit {commit}")
            checkout = ensure_checkout(repo, commit, git)
            modules = _check_modules(repo, checkout, commit, report)
            outcome.jobs = sorted(class_path_for(m.source, m.module_name, job) for m in modules for job in m.jobs)
            if not switch:
                report("info", f"Dry run: commit {commit[:12]} is fine; the repository stays at {_short(repo)}")
                outcome.ok = True
                return outcome
            _go_live(repo, commit, modules)
            outcome.ok = outcome.switched = True
            prune_checkouts(repo)
    except (GitError, SyncError) as exc:
        return _failed(repo, outcome, git.redact(str(exc)), report)
    if outcome.commit == outcome.previous_commit:
        report("success", f"Already at commit {outcome.commit[:12]}; {len(outcome.jobs)} job(s)")
    else:
        report("success", f"Now at commit {outcome.commit[:12]} (was {_short(repo, outcome.previous_commit)})")
    for class_path in outcome.jobs:
        report("info", f"Job `{class_path}`")
    return outcome


def _failed(repo: GitRepository, outcome: SyncOutcome, message: str, report: Reporter) -> SyncOutcome:
    outcome.error = message
    GitRepository.objects.filter(pk=repo.pk).update(last_error=message)
    repo.last_error = message
    report("failure", f"Sync failed; the repository stays at {_short(repo)}.\n\n{message}")
    return outcome


def _short(repo: GitRepository, commit: str | None = None) -> str:
    commit = repo.current_commit if commit is None else commit
    return f"commit {commit[:12]}" if commit else "no commit (never synced)"


def _check_modules(repo: GitRepository, checkout: Any, commit: str, report: Reporter) -> list[DiscoveredModule]:
    """Import every job module of the checkout; SyncError naming each one that fails."""
    if not repo.provides_jobs:
        return []
    tree = module_tree(repo, checkout, commit)
    if not tree.root.is_dir():
        raise SyncError(f"Commit {commit[:12]} has no folder {repo.jobs_path!r} (the repository's jobs path)")
    modules = discover_tree(tree)
    broken = [m for m in modules if m.import_error]
    for module in broken:
        report("failure", f"Module `{module.module_name}` does not import:\n```\n{module.import_error}\n```")
    if broken:
        names = ", ".join(m.module_name for m in broken)
        last = broken[0].import_error.strip().splitlines()[-1]
        raise SyncError(f"Commit {commit[:12]}: module(s) {names} do not import ({last})")
    return modules


def _go_live(repo: GitRepository, commit: str, modules: list[DiscoveredModule]) -> None:
    now = timezone.now()
    switch_current(repo, commit)
    GitRepository.objects.filter(pk=repo.pk).update(current_commit=commit, last_synced=now, last_error="")
    repo.current_commit, repo.last_synced, repo.last_error = commit, now, ""
    if repo.provides_jobs:
        sync_job_definitions(modules, sources={repo.source})


def retire_jobs(repo: GitRepository, *, forget_modules: bool = False) -> int:
    """Make the repository's jobs not runnable (`installed=False`); their definitions and results stay."""
    count = JobDefinition.objects.filter(source=repo.source, installed=True).update(installed=False)
    if forget_modules:
        JobModule.objects.filter(source=repo.source).delete()
    return count


def remove_repository(repo: GitRepository) -> int:
    """Delete the repository; how many of its jobs were retired (the post_delete signal does the work)."""
    count = JobDefinition.objects.filter(source=repo.source, installed=True).count()
    repo.delete()
    return count
