"""Helpers of the Git source tests: real repositories built on the fly, and a run's log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from netjobs.jobs.models import JobResult

FIXTURES = Path(__file__).parent / "job_fixtures"
AUTHOR = ["-c", "user.name=Net Jobs", "-c", "user.email=netjobs@example.com", "-c", "commit.gpgsign=false"]


def git(*args: str, cwd: Path | None = None) -> str:
    """Run the real git binary, isolated from the environment of the test process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0")
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()


class WorkRepo:
    """A working copy and its bare remote on disk: put fixture contents, commit, push."""

    def __init__(self, base: Path, name: str = "jobs") -> None:
        self.bare = base / f"{name}.git"
        self.work = base / f"{name}-work"
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare))
        git("init", "--quiet", "--initial-branch=main", str(self.work))

    @property
    def url(self) -> str:
        return self.bare.as_uri()

    def put(self, variant: str) -> None:
        """Make the working copy hold exactly `job_fixtures/<variant>` (`*.py.txt` files become `*.py`)."""
        for child in self.work.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(FIXTURES / variant, self.work, dirs_exist_ok=True)
        for text in self.work.rglob("*.py.txt"):
            text.rename(text.with_suffix(""))

    def commit(self, message: str) -> str:
        git("add", "--all", cwd=self.work)
        git(*AUTHOR, "commit", "--quiet", "--allow-empty", "-m", message, cwd=self.work)
        return git("rev-parse", "HEAD", cwd=self.work)

    def tag(self, name: str) -> None:
        """Tag HEAD (an annotated tag) and push the tag."""
        git(*AUTHOR, "tag", "--annotate", "-m", f"release {name}", name, cwd=self.work)
        git("push", "--quiet", str(self.bare), f"refs/tags/{name}", cwd=self.work)

    def push(self, branch: str = "main") -> None:
        git("push", "--quiet", "--force", str(self.bare), f"HEAD:refs/heads/{branch}", cwd=self.work)

    def publish(self, variant: str, branch: str = "main") -> str:
        """Put `variant`, commit and push it; the new commit."""
        self.put(variant)
        commit = self.commit(f"{variant} on {branch}")
        self.push(branch)
        return commit


def forget_git_packages() -> None:
    """Drop every Git source package from `sys.modules`, so no test sees another's modules."""
    for name in [n for n in sys.modules if n.startswith("netjobs_git_")]:
        del sys.modules[name]


def messages(result: JobResult) -> list[str]:
    return list(result.logs.order_by("id").values_list("message", flat=True))
