"""Resolving a repository's secret reference into credentials, at the moment git needs them.

`env:NAME` reads the environment variable NAME of the process that runs git (the worker); `file:NAME` reads
`NETJOBS_HOME/secrets/NAME` — a token or password for HTTP(S) remotes, a private key for SSH remotes. The value
is never written to the database, a log, a result or the API: only the reference is.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from netjobs.gitsources.git import Credentials
from netjobs.gitsources.models import GitRepository

__all__ = ["SecretUnavailable", "credentials_for", "secrets_dir"]


class SecretUnavailable(Exception):
    """The secret reference points at nothing readable in this process."""


def secrets_dir() -> Path:
    return Path(settings.HOME) / "secrets"


def credentials_for(repo: GitRepository) -> Credentials:
    """The credentials `repo`'s secret reference resolves to here (empty when it has none)."""
    kind, _, name = repo.secret_ref.partition(":")
    if not repo.secret_ref:
        return Credentials(username=repo.username)
    if kind == "env":
        value = os.environ.get(name, "")
        if not value:
            raise SecretUnavailable(f"credentials: the environment variable {name} is not set in this process")
        return Credentials(username=repo.username, password=value.strip())
    if kind == "file":
        path = secrets_dir() / name
        if not path.is_file():
            raise SecretUnavailable(f"credentials: no secret file {name!r} in {secrets_dir()}")
        if repo.is_ssh:
            return Credentials(username=repo.username, key_file=path)
        return Credentials(username=repo.username, password=path.read_text().strip())
    raise SecretUnavailable(f"credentials: unknown reference kind {kind!r} (use env:NAME or file:NAME)")
