"""The registry's view of Git repositories: source `git.<slug>` loads from the checkout of its recorded commit."""

from __future__ import annotations

from netjobs.jobs.registry import ModuleTree, register_source_provider

__all__ = ["PREFIX", "GitSourceProvider", "register"]

PREFIX = "git"


class GitSourceProvider:
    """Sources of enabled repositories that provide jobs and have synced once."""

    def sources(self) -> list[str]:
        from netjobs.gitsources.models import GitRepository

        return [
            repo.source
            for repo in GitRepository.objects.filter(enabled=True).exclude(current_commit="")
            if repo.provides_jobs
        ]

    def tree(self, source: str) -> ModuleTree:
        from netjobs.gitsources.checkouts import tree_for_source

        return tree_for_source(source)


def register() -> None:
    register_source_provider(PREFIX, GitSourceProvider())
