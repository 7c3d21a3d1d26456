"""Checkouts on disk: `NETJOBS_HOME/git/<slug>/` holds `repo.git` (every fetched commit), one folder per
checked-out commit, and a `current` symlink to the live one.

A checkout folder is written under a temporary name and renamed into place, so a folder named after a commit
is always complete. The database's `current_commit` is what every process loads; the symlink follows it on
the machine that synced, for people and tools. A worker on another machine (same database, another
NETJOBS_HOME) finds the recorded commit's folder missing and fetches it before running (`tree_for_source`).
Work on one repository is serialised per machine by an flock on `<slug>/.lock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from netjobs.gitsources.git import GitError, GitRunner
from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.secrets import SecretUnavailable, credentials_for
from netjobs.jobs.registry import JobNotFoundError, ModuleTree

__all__ = [
    "KEEP_CHECKOUTS",
    "checkout_path",
    "ensure_checkout",
    "git_root",
    "module_tree",
    "prune_checkouts",
    "remove_files",
    "repo_lock",
    "runner_for",
    "switch_current",
    "tree_for_source",
]

logger = logging.getLogger(__name__)
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
#: Checkout folders kept besides the current one: runs still going on an older commit read their data files.
KEEP_CHECKOUTS = 4


def git_root() -> Path:
    return Path(settings.HOME) / "git"


def repo_dir(slug: str) -> Path:
    return git_root() / slug


def checkout_path(repo: GitRepository, commit: str) -> Path:
    return repo_dir(repo.slug) / commit


def runner_for(repo: GitRepository) -> GitRunner:
    """A git runner for `repo` with its credentials (raises SecretUnavailable when they cannot be read)."""
    return GitRunner(repo_dir(repo.slug) / "repo.git", credentials_for(repo), askpass=git_root() / ".askpass")


def module_tree(repo: GitRepository, checkout: Path, commit: str) -> ModuleTree:
    """How the registry loads the job modules of `checkout` (the commit `commit` of `repo`)."""
    root = checkout / repo.jobs_path if repo.jobs_path else checkout
    label = f"{repo.source} at commit {commit[:12]}"
    return ModuleTree(source=repo.source, package=repo.package_name, root=root, revision=commit, label=label)


# --- locking ---------------------------------------------------------------------------------------------------
class _RepoLock:
    """An flock on one repository's folder, re-entrant within a process (a sync holds it while it loads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None

    def __enter__(self) -> None:
        self.thread_lock.acquire()
        if self.depth == 0:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                self.thread_lock.release()
                raise
            self.fd = fd
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0 and self.fd is not None:
            os.close(self.fd)  # closing releases the flock
            self.fd = None
        self.thread_lock.release()


_locks: dict[Path, _RepoLock] = {}
_locks_guard = threading.Lock()


@contextlib.contextmanager
def repo_lock(slug: str) -> Iterator[None]:
    """Hold the repository's lock: one fetch, checkout or switch at a time on this machine."""
    path = repo_dir(slug) / ".lock"
    with _locks_guard:
        lock = _locks.setdefault(path, _RepoLock(path))
    with lock:
        yield


# --- checkouts -------------------------------------------------------------------------------------------------
def ensure_checkout(repo: GitRepository, commit: str, git: GitRunner | None = None) -> Path:
    """The folder holding `commit` of `repo`, fetched and checked out first if this machine lacks it."""
    if not _COMMIT.match(commit):
        raise GitError(f"{commit!r} is not a commit id")
    path = checkout_path(repo, commit)
    if path.is_dir():
        return path
    with repo_lock(repo.slug):
        if path.is_dir():
            return path
        git = git or runner_for(repo)
        git.init()
        git.fetch_commit(repo.remote_url, repo.branch, commit)
        scratch = path.with_name(f".tmp-{commit}-{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        try:
            git.checkout(commit, scratch)
            os.rename(scratch, path)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return path


def switch_current(repo: GitRepository, commit: str) -> None:
    """Point `<slug>/current` at the checkout of `commit`, atomically (a rename over the old link)."""
    link = repo_dir(repo.slug) / "current"
    tmp = link.with_name(f".current-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(commit)
    os.replace(tmp, link)


def prune_checkouts(repo: GitRepository, keep: int = KEEP_CHECKOUTS) -> list[str]:
    """Delete all but the current and the `keep` most recent other checkouts; the commits deleted."""
    folder = repo_dir(repo.slug)
    current = repo.current_commit
    others = [p for p in folder.iterdir() if _COMMIT.match(p.name) and not p.is_symlink() and p.name != current]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for old in others[keep:]:
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed


def remove_files(slug: str) -> None:
    """Delete everything this machine holds for the repository `slug`."""
    with repo_lock(slug):
        shutil.rmtree(repo_dir(slug), ignore_errors=True)


# --- the registry's hook -----------------------------------------------------------------------------------------
def tree_for_source(source: str) -> ModuleTree:
    """The module tree of `git.<slug>` at the commit the database records, fetched first when missing here."""
    slug = source.partition(".")[2]
    repo = GitRepository.objects.filter(slug=slug).first()
    if repo is None:
        raise JobNotFoundError(source, f"no Git repository with the slug {slug!r}")
    if not repo.enabled:
        raise JobNotFoundError(source, f"the Git repository {repo.name!r} is disabled")
    if not repo.current_commit:
        raise JobNotFoundError(source, f"the Git repository {repo.name!r} has not been synced yet")
    commit = repo.current_commit
    try:
        if not checkout_path(repo, commit).is_dir():
            logger.info("Fetching commit %s of %s: this machine has no checkout of it", commit[:12], source)
        checkout = ensure_checkout(repo, commit)
    except (GitError, SecretUnavailable, OSError) as exc:
        raise JobNotFoundError(source, f"cannot check out commit {commit[:12]} here: {exc}") from None
    return module_tree(repo, checkout, commit)
