"""End to end with real processes: `netjobs worker` sends the webhooks of the runs it executes.

Slow (a migrated NETJOBS_HOME per session, a worker per test). The endpoint is a real HTTP server in this test
process; the worker reaches it over 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.events.tests.support import Endpoint, copy_job_fixtures, wait_until

pytestmark = pytest.mark.slow

NETJOBS = Path(sys.executable).with_name("netjobs")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJOBS_")}
    env.update(
        NETJOBS_HOME=str(home),
        DJANGO_SETTINGS_MODULE="netjobs.settings",
        NETJOBS_POLL_INTERVAL="0.2",
        NETJOBS_LOG_FLUSH_INTERVAL="0.05",
        NETJOBS_WEBHOOK_BACKOFF="0.2",
        NETJOBS_WEBHOOK_BACKOFF_MAX="0.5",
    )
    return env


class Home:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = _env(path)
        self.workers: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(NETJOBS), *args], env=self.env, cwd=self.path, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        return done

    def start_worker(self) -> None:
        log = (self.path / "worker.log").open("wb")
        self.workers.append(
            subprocess.Popen(
                [str(NETJOBS), "worker"],
                env=self.env,
                cwd=self.path,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        log.close()

    def stop_workers(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        path = self.path / "netjobs-jobs.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(sql, params).fetchall()

    def add_webhook(self, url: str, **fields: Any) -> None:
        fields = {"name": "chat", "url": url, "events": ["run_started", "run_finished", "log_entry"], **fields}
        secret = fields.pop("secret", None)
        self.run(
            "shell",
            "-c",
            "from netjobs.events.models import Webhook\n"
            f"w = Webhook(**{fields!r})\nw.set_secret({secret!r})\nw.full_clean()\nw.save()",
        )


@pytest.fixture(scope="session")
def migrated_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = tmp_path_factory.mktemp("events-home")
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


@pytest.fixture
def home(migrated_home: Path, tmp_path: Path) -> Iterator[Home]:
    path = tmp_path / "home"
    path.mkdir()
    for item in migrated_home.iterdir():
        if item.is_file():
            (path / item.name).write_bytes(item.read_bytes())
    copy_job_fixtures(path / "jobs")
    home = Home(path)
    yield home
    home.stop_workers()


def _submit(home: Home, job: str) -> int:
    done = home.run("runjob", f"local/notifying/{job}", "--no-wait", "--json")
    return int(json.loads(done.stdout)["id"])


def test_a_worker_sends_a_runs_events_signed_to_the_endpoint(home, endpoint: Endpoint):
    home.add_webhook(endpoint.url, secret="worker-secret", min_log_level="warning")
    home.start_worker()

    result_id = _submit(home, "Chatty")

    requests = endpoint.wait_for(4, timeout=30)
    assert sorted(r.event for r in requests) == ["log_entry", "log_entry", "run_finished", "run_started"]
    for request in requests:
        expected = "sha256=" + hmac.new(b"worker-secret", request.body, hashlib.sha256).hexdigest()
        assert request.headers["x-netjobs-signature"] == expected
        assert request.json["run"]["id"] == result_id
    wait_until(lambda: home.query("SELECT COUNT(*) FROM events_webhookdelivery WHERE status = 'delivered'")[0][0] == 4)


def test_a_worker_retries_500s_and_a_hanging_endpoint_does_not_delay_its_runs(home, endpoint: Endpoint):
    home.add_webhook(endpoint.url, events=["run_finished"], timeout_s=0.5)
    endpoint.statuses[:] = [500, 500]
    home.start_worker()

    first = _submit(home, "Quiet")
    requests = endpoint.wait_for(3, timeout=30)
    assert [r.headers["x-netjobs-delivery"] for r in requests] == [requests[0].headers["x-netjobs-delivery"]] * 3
    assert home.query("SELECT status, attempts FROM events_webhookdelivery")[0] == ("delivered", 3)

    endpoint.hang.set()
    second = _submit(home, "Quiet")
    third = _submit(home, "Quiet")
    finished = "SELECT COUNT(*) FROM jobs_jobresult WHERE id IN (?, ?) AND status = 'completed'"
    wait_until(lambda: home.query(finished, second, third)[0][0] == 2, timeout=30)
    # The worker ran both while its delivery thread sat on the hanging endpoint.
    durations = home.query(
        "SELECT (julianday(finished) - julianday(started)) * 86400 FROM jobs_jobresult WHERE id IN (?, ?)",
        second,
        third,
    )
    assert all(seconds < 1.0 for (seconds,) in durations), durations
    assert len(endpoint.received()) >= 4  # the hanging endpoint was being called meanwhile
    assert first < second < third
    endpoint.release.set()
