"""Data files of a repository that provides them (`provides` includes "data"), for jobs from any source.

A job kept in the same repository reads its data with `self.load_yaml("file.yaml")`, relative to its module.
These helpers serve the other case — a local job reading, say, `sites.yaml` from a data-only repository —
from the checkout of the commit the database records (fetched first on a machine that lacks it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from netjobs.gitsources.checkouts import ensure_checkout
from netjobs.gitsources.models import GitRepository, Provides

__all__ = ["load_json", "load_yaml", "repository_file"]


def repository_file(repository: str | GitRepository, filename: str) -> Path:
    """The path of `filename` in the repository's current checkout; paths that escape it are refused."""
    repo = repository if isinstance(repository, GitRepository) else GitRepository.objects.get(slug=repository)
    if Provides.DATA not in (repo.provides or ()):
        raise LookupError(f"The Git repository {repo.name!r} does not provide data files")
    if not repo.current_commit:
        raise LookupError(f"The Git repository {repo.name!r} has not been synced yet")
    root = ensure_checkout(repo, repo.current_commit).resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"{filename!r} is outside the repository {repo.name!r}")
    return path


def load_yaml(repository: str | GitRepository, filename: str) -> Any:
    """Load a YAML file of the repository (by slug or object)."""
    with repository_file(repository, filename).open() as fh:
        return yaml.safe_load(fh)


def load_json(repository: str | GitRepository, filename: str) -> Any:
    """Load a JSON file of the repository (by slug or object)."""
    with repository_file(repository, filename).open() as fh:
        return json.load(fh)
