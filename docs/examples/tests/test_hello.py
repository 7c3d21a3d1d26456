"""Test jobs the way netjobs runs them: `netjobs runjob --local --json` in a throw-away NETJOBS_HOME."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

JOBS = Path(__file__).resolve().parent.parent / "jobs"  # the folder holding your job files
NETJOBS = shutil.which("netjobs") or str(Path(sys.executable).with_name("netjobs"))


@pytest.fixture(scope="module")
def netjobs_env(tmp_path_factory):
    """A fresh NETJOBS_HOME with the jobs copied in and both databases migrated."""
    home = tmp_path_factory.mktemp("netjobs-home")
    shutil.copytree(JOBS, home / "jobs")
    env = {key: value for key, value in os.environ.items() if not key.startswith("NETJOBS_")}
    env["NETJOBS_HOME"] = str(home)  # and nothing else of your real configuration
    subprocess.run([NETJOBS, "migrate", "--verbosity", "0"], env=env, check=True)
    return env


def runjob(env, class_path, *args):
    """Run a job in this process (--local); return the exit code and the result as a dict (or stderr)."""
    proc = subprocess.run(
        [NETJOBS, "runjob", class_path, "--local", "--json", *args], env=env, capture_output=True, text=True
    )
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else proc.stderr


def test_hello_greets_as_often_as_asked(netjobs_env):
    code, result = runjob(netjobs_env, "local/hello/Hello", "--var", "who=ada", "--var", "times=3")
    assert code == 0
    assert result["status"] == "completed"
    assert result["result"] == {"greeted": "ada"}
    assert [line["message"] for line in result["logs"]] == ["hello ada #0", "hello ada #1", "hello ada #2"]


def test_hello_refuses_capitals(netjobs_env):
    code, errors = runjob(netjobs_env, "local/hello/Hello", "--var", "who=Ada")
    assert code == 3
    assert "who: Invalid value. Must match regex" in errors
