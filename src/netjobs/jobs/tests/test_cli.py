"""The `netjobs` console script and its workers, run as real processes against a fresh NETJOBS_HOME.

`netjobs migrate` runs once per session into a template home; each test copies its databases into a home of
its own (a fresh home in every way that matters, without paying for the migrations every time).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.jobs.tests.support import copy_job_fixtures, install_variant

pytestmark = pytest.mark.slow

NETJOBS = Path(sys.executable).with_name("netjobs")
BAD_INPUT = 3


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJOBS_")}
    env.update(
        NETJOBS_HOME=str(home),
        DJANGO_SETTINGS_MODULE="netjobs.settings",
        NETJOBS_POLL_INTERVAL="0.2",
        NETJOBS_LOG_FLUSH_INTERVAL="0.05",
        COLUMNS="200",
        **extra,
    )
    return env


class Home:
    """A NETJOBS_HOME and the `netjobs` commands run against it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.jobs_root = path / "jobs"
        self.env = _env(path)
        self._workers: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(NETJOBS), *args],
            env=env or self.env,
            cwd=self.path,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def json(self, *args: str) -> Any:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def shell(self, code: str) -> None:
        done = self.run("shell", "-c", code)
        assert done.returncode == 0, done.stderr

    # --- workers ---------------------------------------------------------------------------------------------
    def start_worker(self, name: str = "worker", **env: str) -> subprocess.Popen[bytes]:
        """`netjobs worker` in a session (process group) of its own, its output in `<home>/<name>.log`."""
        log = (self.path / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [str(NETJOBS), "worker"],
            env={**self.env, **env},
            cwd=self.path,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self._workers.append(process)
        return process

    def worker_log(self, name: str = "worker") -> str:
        path = self.path / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop_workers(self) -> None:
        for process in self._workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    # --- the bookkeeping database, read directly (a subprocess per poll would be slow) ---------------------
    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        path = self.path / "netjobs-jobs.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(sql, params).fetchall()

    def run_row(self, result_id: int) -> dict[str, Any]:
        (row,) = self.query("SELECT status, worker, error FROM jobs_jobresult WHERE id = ?", result_id)
        return dict(zip(("status", "worker", "error"), row, strict=True))

    def worker_pids(self) -> set[int]:
        return {pid for (pid,) in self.query("SELECT pid FROM jobs_worker")}


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(scope="session")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = tmp_path_factory.mktemp("migrated-home")
    done = subprocess.run(
        [str(NETJOBS), "migrate", "--skip-checks", "--verbosity", "0"],
        env=_env(template),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return template


def _fresh_home(template: Path, path: Path) -> Home:
    path.mkdir(parents=True)
    for item in template.iterdir():
        if item.is_file():
            shutil.copy(item, path / item.name)
    copy_job_fixtures(path / "jobs")
    return Home(path)


@pytest.fixture
def home(migrated_home: Path, tmp_path: Path) -> Iterator[Home]:
    home = _fresh_home(migrated_home, tmp_path / "home")
    yield home
    home.stop_workers()


# --- runjob --local ------------------------------------------------------------------------------------------
def test_runjob_exits_0_for_a_completed_run_and_prints_the_log_grouped_by_method(home):
    done = home.run("runjob", "local/lifecycle/Lifecycle", "--local")

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.index("── run") < out.index("in run") < out.index("── test_zulu") < out.index("── test_alpha")
    assert out.index("── post_run") < out.index("in post_run, failed=False")
    assert "completed" in out.splitlines()[-1]


def test_runjob_exits_1_for_a_failed_run(home):
    done = home.run("runjob", "local/lifecycle/LogsFailure", "--local")

    assert done.returncode == 1, done.stderr
    assert "first check failed" in done.stdout
    assert "a later test still ran" in done.stdout


def test_runjob_exits_2_for_an_errored_run_and_prints_the_traceback(home):
    done = home.run("runjob", "local/lifecycle/Explodes", "--local")

    assert done.returncode == 2, done.stderr
    assert "RuntimeError: the router caught fire" in done.stdout
    assert "Traceback (most recent call last)" in done.stdout


def test_runjob_json_prints_the_result_with_its_log(home):
    done = home.run("runjob", "local/lifecycle/Returns", "--local", "--json", "--data", '{"kind": "dict"}')

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "completed"
    assert result["job"] == "local/lifecycle/Returns"
    assert result["input"] == {"kind": "dict"}
    assert result["result"] == {"created": 2, "names": ["sw1", "sw2"], "nested": {"ok": True}}
    assert result["worker"].startswith("local:")
    assert home.json("results", "list", "--json")[0]["id"] == result["id"]


def test_runjob_json_is_printed_verbatim(home):
    text = "deploy :rocket: [bold]now[/bold]"

    queued = home.run("runjob", "local/lifecycle/Verbatim", "--no-wait", "--json")
    done = home.run("runjob", "local/lifecycle/Verbatim", "--local", "--json")

    assert json.loads(queued.stdout)["status"] == "pending"
    result = json.loads(done.stdout)
    assert result["result"] == text
    assert result["logs"][0]["message"] == text


def test_runjob_takes_an_object_by_name_a_file_by_path_and_typed_values(home):
    home.shell(
        "from netjobs.core.models import Status, Tag; Status.objects.create(name='Active'); "
        "Tag.objects.create(name='core'); Tag.objects.create(name='Edge routers')"
    )
    config = home.path / "sw1.cfg"
    config.write_text("hostname sw1-ams\n")

    done = home.run(
        "runjob",
        "local/inputs/EveryVariable",
        "--local",
        "--json",
        "--var", "hostname=sw1-ams",
        "--var", "count=4",
        "--var", "enabled=no",
        "--var", "status=active",
        "--var", "tags=core,edge-routers",
        "--var", f"config={config}",
        "--var", "network=10.1.0.0/16",
        "--var", "due=2024-05-01",
        "--var", 'document={"vlans": [10, 20]}',
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    received = json.loads(done.stdout)["result"]
    assert received["hostname"] == "sw1-ams"
    assert received["count"] == 4
    assert received["enabled"] is False
    assert received["status"] == "Active"
    assert received["tags"] == ["Edge routers", "core"]
    assert received["config"] == {"file": "sw1.cfg", "content": "hostname sw1-ams\n"}
    assert received["network"] == "10.1.0.0/16"
    assert received["due"] == "2024-05-01"
    assert received["document"] == {"vlans": [10, 20]}


@pytest.fixture(scope="module")
def bad_input_home(migrated_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = _fresh_home(migrated_home, tmp_path_factory.mktemp("bad-input") / "home")
    home.shell("from netjobs.core.models import Status; Status.objects.create(name='Active')")
    assert home.run("syncjobs").returncode == 0
    assert home.run("jobs", "disable", "local/lifecycle/LogsFailure").returncode == 0
    return home


EVERY = "local/inputs/EveryVariable"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["local/lifecycle/NoSuchJob"], ["has no job class 'NoSuchJob'"], id="unknown-class"),
        pytest.param(["local/nowhere/Job"], ["no file nowhere.py in the jobs root"], id="unknown-module"),
        pytest.param(["not-a-class-path"], ["a class path looks like local/<module>/<JobClass>"], id="malformed-path"),
        pytest.param(["local/lifecycle/LogsFailure"], ["is disabled"], id="disabled-job"),
        pytest.param([EVERY], ["hostname", "This field is required."], id="missing-required"),
        pytest.param([EVERY, "--var", "hostname=sw1", "--var", "count=11"], ["count", "less than or"], id="too-big"),
        pytest.param([EVERY, "--var", "hostname=SW_1"], ["hostname", "Must match regex"], id="regex-mismatch"),
        pytest.param([EVERY, "--var", "hostname=sw1", "--var", "status=999"], ["status", "valid choice"], id="bad-id"),
        pytest.param([EVERY, "--var", "hostname=sw1", "--var", "status=nope"], ["status", "No status"], id="bad-name"),
        pytest.param([EVERY, "--var", "hostname=sw1", "--var", "colour=red"], ["colour", "Unknown"], id="unknown-var"),
        pytest.param([EVERY, "--var", "hostname=sw1", "--var", "network=10.0.0.0/8"], ["network", "/16"], id="mask"),
        pytest.param([EVERY, "--var", "hostname"], ["use NAME=VALUE"], id="var-without-value"),
        pytest.param([EVERY, "--data", '{"hostname": "sw1", '], ["--data is not valid JSON"], id="malformed-json"),
        pytest.param([EVERY, "--data", '["sw1"]'], ["--data must be a JSON object"], id="json-not-an-object"),
        pytest.param([EVERY, "--data", '{"hostname": "sw1", "count": 0}'], ["count", "greater than"], id="json-value"),
    ],
)
def test_runjob_exits_3_for_bad_input_naming_the_problem_and_queues_nothing(bad_input_home, args, expected):
    done = bad_input_home.run("runjob", *args, "--local")

    assert done.returncode == BAD_INPUT, done.stdout + done.stderr
    for text in expected:
        assert text in done.stderr
    assert bad_input_home.json("results", "list", "--json") == []


# --- discovery -----------------------------------------------------------------------------------------------
def test_jobs_list_shows_a_module_that_fails_to_import_next_to_the_jobs_that_do(home):
    install_variant(home.jobs_root, "raises_at_import.py", as_name="raises_at_import.py")

    synced = home.run("syncjobs")
    listing = home.json("jobs", "list", "--json")

    assert synced.returncode == 1, synced.stderr  # a broken job file is an error for scripts and CI
    assert "local/raises_at_import: failed to import" in synced.stderr
    assert (
        "RuntimeError: the inventory API is unreachable at import time"
        in listing["import_errors"]["local/raises_at_import"]
    )
    class_paths = {job["class_path"] for job in listing["jobs"]}
    assert {"local/lifecycle/Lifecycle", "local/inputs/EveryVariable", "local/sleeper/Sleeper"} <= class_paths
    lifecycle = next(job for job in listing["jobs"] if job["class_path"] == "local/lifecycle/Lifecycle")
    assert (lifecycle["grouping"], lifecycle["enabled"]) == ("Lifecycle", True)


# --- through the queue, with real workers --------------------------------------------------------------------
def test_runjob_runs_through_the_queue_on_a_worker_which_stops_on_sigterm(home):
    worker = home.start_worker()

    done = home.run("runjob", "local/lifecycle/Lifecycle", "--json", "--timeout", "30")

    assert done.returncode == 0, done.stderr + home.worker_log()
    result = json.loads(done.stdout)
    assert result["status"] == "completed"
    assert not result["worker"].startswith("local:")
    assert [line["grouping"] for line in result["logs"]] == ["run", "run", "test_zulu", "test_alpha", "post_run"]
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=15) == 0, home.worker_log()
    assert home.worker_pids() == set()


def _queue_sleeper(home: Home) -> int:
    queued = home.json("runjob", "local/sleeper/Sleeper", "--no-wait", "--json")
    run_id = queued["id"]
    wait_for(lambda: home.run_row(run_id)["status"] == "running", 30, "a worker to start the run")
    return run_id


def test_a_run_of_a_worker_killed_with_sigkill_is_errored_as_worker_lost_by_another_worker(home):
    fast_reaping = {"NETJOBS_WORKER_TIMEOUT": "3", "NETJOBS_HEARTBEAT_INTERVAL": "0.5"}
    first = home.start_worker("first", **fast_reaping)
    run_id = _queue_sleeper(home)

    os.killpg(first.pid, signal.SIGKILL)  # the supervisor and its worker process: nobody is left to notice
    first.wait(timeout=10)
    assert home.run_row(run_id)["status"] == "running"

    started = time.monotonic()
    home.start_worker("second", **fast_reaping)
    row = wait_for(
        lambda: (r := home.run_row(run_id))["status"] != "running" and r,
        60,
        "the second worker to reap the run of the dead one",
    )

    assert row["status"] == "errored", home.worker_log("second")
    assert row["error"].startswith("worker lost"), row["error"]
    assert time.monotonic() - started < 60
    shown = home.json("results", "show", str(run_id), "--json")
    assert shown["status"] == "errored"
    assert shown["error"].startswith("worker lost")


def test_a_killed_worker_process_errors_its_run_at_once_and_the_supervisor_starts_another(home):
    worker = home.start_worker()
    run_id = _queue_sleeper(home)
    child_pid = int(home.run_row(run_id)["worker"].rsplit(":", 1)[1])
    assert child_pid != worker.pid

    os.kill(child_pid, signal.SIGKILL)
    row = wait_for(lambda: (r := home.run_row(run_id))["status"] != "running" and r, 10, "the supervisor to notice")

    assert row["status"] == "errored"
    assert row["error"].startswith("worker lost: process") and "signal 9" in row["error"], row["error"]
    new_pids = wait_for(lambda: home.worker_pids() - {child_pid}, 10, "a new worker process")
    assert len(new_pids) == 1
    assert worker.poll() is None
    done = home.run("runjob", "local/lifecycle/Lifecycle", "--timeout", "30")
    assert done.returncode == 0, done.stderr + home.worker_log()
