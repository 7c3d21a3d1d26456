"""Running the `git` binary for one repository: no prompt ever, credentials only through the environment.

The token or password never appears in a URL, an argument or a file git writes: git asks for it through
`GIT_ASKPASS`, a tiny script that echoes `$NETJOBS_GIT_USERNAME` / `$NETJOBS_GIT_PASSWORD` from the child's
environment. Credential helpers are switched off (`-c credential.helper=`) so that git cannot store it either.
Every message that leaves this module (errors, log lines) has the secret replaced by `********`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from netjobs.gitsources.models import redact_url

__all__ = ["REDACTED", "Credentials", "GitError", "GitRunner", "git_timeout_s"]

REDACTED = "********"
ALLOWED_PROTOCOLS = "file:git:http:https:ssh"
_ASKPASS = """#!/bin/sh
# netjobs: answer git's credential prompts from the environment of this git process only.
case "$1" in
  Username*) printf '%s\\n' "$NETJOBS_GIT_USERNAME" ;;
  *) printf '%s\\n' "$NETJOBS_GIT_PASSWORD" ;;
esac
"""
# Variables that would point git at another repository, index or config than the one we name.
_INHERITED_GIT_VARS = re.compile(
    r"^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|"
    r"NAMESPACE|COMMON_DIR|CONFIG|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|"
    r"CONFIG_VALUE_\d+|ASKPASS|SSH|SSH_COMMAND|TERMINAL_PROMPT|ALLOW_PROTOCOL)$"
)
_HEX_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


def git_timeout_s() -> float:
    """How long one git command may take (NETJOBS_GIT_TIMEOUT / `git_timeout` in netjobs.toml)."""
    return float(settings.NETJOBS.get("git_timeout", 300.0))


class GitError(Exception):
    """A git command failed. The message is redacted and says what was being done."""


@dataclass(frozen=True)
class Credentials:
    """What git may use to authenticate; built from the repository's secret reference, never stored."""

    username: str = ""
    password: str = ""  # an HTTP(S) token or password
    key_file: Path | None = None  # an SSH private key

    def __repr__(self) -> str:  # never print the secret, even in a traceback's locals
        return f"Credentials(username={self.username!r}, password={'set' if self.password else 'unset'})"


class GitRunner:
    """git commands on the bare repository `git_dir`, with `credentials` and a time limit."""

    def __init__(self, git_dir: Path, credentials: Credentials | None = None, *, askpass: Path) -> None:
        self.git_dir = git_dir
        self.credentials = credentials or Credentials()
        self.askpass = askpass

    # --- plumbing -------------------------------------------------------------------------------------------
    def redact(self, text: str) -> str:
        """`text` with the secret (and any password in a URL) replaced by `********`."""
        secret = self.credentials.password
        if secret:
            text = text.replace(secret, REDACTED)
        text = re.sub(r"(?i)(authorization:\s*\w+\s+)\S+", rf"\1{REDACTED}", text)
        return redact_url(text)

    def _env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not _INHERITED_GIT_VARS.match(k) and k != "SSH_ASKPASS"}
        env.update(
            GIT_TERMINAL_PROMPT="0",
            GIT_ASKPASS=str(ensure_askpass(self.askpass)),
            GIT_ALLOW_PROTOCOL=ALLOWED_PROTOCOLS,
            NETJOBS_GIT_USERNAME=self.credentials.username,
            NETJOBS_GIT_PASSWORD=self.credentials.password,
            LC_ALL="C",
        )
        ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new"]
        if self.credentials.key_file is not None:
            ssh += ["-o", "IdentitiesOnly=yes", "-i", str(self.credentials.key_file)]
        env["GIT_SSH_COMMAND"] = shlex.join(ssh)
        env.update(extra or {})
        return env

    def run(self, args: Sequence[str], *, doing: str, env: dict[str, str] | None = None) -> str:
        """Run `git <args>` on the repository; its stdout, or GitError naming `doing` with git's (redacted) error."""
        command = ["git", f"--git-dir={self.git_dir}", "-c", "credential.helper=", "-c", "core.hooksPath=/dev/null"]
        try:
            done = subprocess.run(
                [*command, *args],
                env=self._env(env),
                capture_output=True,
                text=True,
                timeout=git_timeout_s(),
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitError(f"{doing}: git took longer than {git_timeout_s():g}s and was stopped") from None
        except OSError as exc:
            raise GitError(f"{doing}: cannot run git: {exc}") from None
        if done.returncode != 0:
            message = _summary(done.stderr) or f"git exited with status {done.returncode}"
            raise GitError(self.redact(f"{doing}: {message}"))
        return done.stdout

    # --- operations -----------------------------------------------------------------------------------------
    def init(self) -> None:
        """Create the bare repository that holds every fetched commit (once)."""
        if not (self.git_dir / "HEAD").exists():
            self.git_dir.parent.mkdir(parents=True, exist_ok=True)
            self.run(["init", "--bare", "--quiet", str(self.git_dir)], doing="Creating the local repository")

    def fetch(self, url: str, ref: str) -> str:
        """Fetch branch or tag `ref` from `url`; the commit it points to."""
        target = "refs/netjobs/fetched"
        self.run(
            ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--force", "--", url, f"+{ref}:{target}"],
            doing=f"Fetching {ref!r} from {redact_url(url)}",
        )
        return self.resolve(target)

    def fetch_commit(self, url: str, ref: str, commit: str) -> None:
        """Make `commit` present: fetch `ref` (it usually holds it), else ask the server for the commit itself."""
        if self.has_commit(commit):
            return
        try:
            self.fetch(url, ref)
        except GitError:
            pass  # the branch may be gone while the commit is still served: try the commit itself
        if not self.has_commit(commit):
            self.run(
                ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", url, commit],
                doing=f"Fetching commit {commit[:12]} from {redact_url(url)}",
            )
        if not self.has_commit(commit):
            raise GitError(f"Commit {commit[:12]} is not on {redact_url(url)}")
        self.keep(commit)

    def resolve(self, ref: str) -> str:
        commit = self.run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], doing=f"Resolving {ref}")
        commit = commit.strip()
        self.keep(commit)
        return commit

    def keep(self, commit: str) -> None:
        """Keep `commit` reachable, so that no `git gc` ever prunes a commit a checkout or a result names."""
        self.run(["update-ref", f"refs/netjobs/commits/{commit}", commit], doing="Recording the commit")

    def has_commit(self, commit: str) -> bool:
        if not _HEX_COMMIT.match(commit) or not (self.git_dir / "HEAD").exists():
            return False
        try:
            self.run(["cat-file", "-e", f"{commit}^{{commit}}"], doing="Looking up the commit")
        except GitError:
            return False
        return True

    def checkout(self, commit: str, dest: Path) -> None:
        """Write the files of `commit` into the empty folder `dest` (no .git inside: a plain, read-only tree)."""
        with tempfile.TemporaryDirectory(prefix="index-", dir=self.git_dir) as scratch:
            # A private index: concurrent checkouts of the same repository must not share one.
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            self.run(["read-tree", commit], doing=f"Reading commit {commit[:12]}", env=env)
            self.run(
                [f"--work-tree={dest}", "checkout-index", "--all", "--force", "--quiet"],
                doing=f"Checking out commit {commit[:12]}",
                env=env,
            )


def ensure_askpass(path: Path) -> Path:
    """Write the askpass helper (mode 0700) if it is missing or differs; its path."""
    if not path.is_file() or path.read_text() != _ASKPASS:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(_ASKPASS)
        tmp.chmod(0o700)
        os.replace(tmp, path)
    return path


def _summary(stderr: str) -> str:
    """git's error lines, without progress noise (`remote: Counting objects…`)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("remote: ")]
    return " ".join(lines[-3:])
