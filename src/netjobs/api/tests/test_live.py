"""Real clients against a real HTTP server: pynautobot, and the spec's two curl examples run by `curl`.

The server is pytest-django's `live_server` (a threaded WSGI server on the test databases). Runs are executed
by a real `WorkerProcess` serving the database queue from a thread of the test process: it claims, runs and
records runs exactly as `netjobs worker` does, and shares the test databases without any extra setup (a worker
subprocess would need the test database names passed to it). Wake-ups reach it through the same notify socket
as in production; it also polls every 0.1 s.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pynautobot
import pytest

from netjobs.api.tests.conftest import token_for
from netjobs.api.tests.support import committing
from netjobs.jobs.models import JobResult
from netjobs.jobs.worker import WorkerProcess

pytestmark = [committing, pytest.mark.usefixtures("jobs_root")]


@pytest.fixture
def worker(settings: Any) -> Iterator[WorkerProcess]:
    settings.NETJOBS_POLL_INTERVAL = 0.1
    process = WorkerProcess(["default"], name="api-test-worker")
    thread = threading.Thread(target=process.serve, name="api-test-worker", daemon=True)
    thread.start()
    yield process
    process.stopping.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the test worker did not stop"


def _wait_finished(result_id: int, timeout: float = 30) -> JobResult:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = JobResult.objects.get(pk=result_id)
        if result.is_finished:
            return result
        time.sleep(0.1)
    raise AssertionError(f"run {result_id} did not finish: {JobResult.objects.get(pk=result_id).status}")


def test_pynautobot_lists_gets_runs_and_waits_for_jobs(live_server, runner, worker):
    api = pynautobot.api(live_server.url, token=token_for(runner))
    assert api.version == "2.4"
    jobs = api.extras.jobs.all()
    assert "local/example/MyJobWithVars" in {job.class_path for job in jobs}
    job = api.extras.jobs.get(name="My job with vars")
    assert job.class_path == "local/example/MyJobWithVars"
    assert api.extras.jobs.get(job.id).name == "My job with vars"

    queued = api.extras.jobs.run(job_id=job.id, data={"foo": "pynautobot", "bar": 3}, commit=True)
    assert str(queued.job_result.status) in ("PENDING", "STARTED", "SUCCESS")

    done = api.extras.jobs.run_and_wait(job_id=job.id, data={"foo": "waited", "bar": 4}, interval=1, max_rechecks=30)
    assert done.job_result.status.value == "SUCCESS"
    result = api.extras.job_results.get(done.job_result.id)
    assert result.status.value == "SUCCESS" and result.netjobs_status == "completed"
    assert result.result == {"foo": "waited", "bar": 4, "commit": True}
    mine = api.extras.job_results.filter(job_model_id=job.id)
    assert {r.id for r in mine} >= {queued.job_result.id, done.job_result.id}
    logs = api.extras.job_logs.filter(job_result=done.job_result.id)
    assert [log.message for log in logs] == ["foo is `waited`, bar is 4, commit is True"]

    failing = api.extras.jobs.get(name="Logs a failure")
    failed = failing.run(data={})  # Record.run(), as a script holding a job would call it
    assert _wait_finished(failed.job_result.id).status == "failed"
    assert api.extras.job_results.get(failed.job_result.id).status.value == "FAILURE"


def test_pynautobot_sees_bad_input_as_a_request_error(live_server, runner):
    api = pynautobot.api(live_server.url, token=token_for(runner))
    job = api.extras.jobs.get(name="My job with vars")
    with pytest.raises(pynautobot.RequestError) as error:
        api.extras.jobs.run(job_id=job.id, data={"foo": "x", "bar": "not a number"})
    assert error.value.req.status_code == 400
    assert json.loads(error.value.error) == {"data": {"bar": ["Expected integer, got str."]}}
    assert not JobResult.objects.exists()


def _curl(*args: str) -> dict[str, Any]:
    completed = subprocess.run(
        ["curl", "--silent", "--show-error", "--write-out", "\n%{http_code}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    body, _, code = completed.stdout.rpartition("\n")
    return {"status": int(code), "body": body}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (apt-get install -y curl)")
def test_the_spec_curl_examples_work_as_written(live_server, runner, worker):
    token = token_for(runner)
    # Exactly the spec's commands, with only the host and the token changed.
    first = _curl(
        "-X", "POST",
        "-H", f"Authorization: Token {token}",
        "-H", "Content-Type: application/json",
        "-H", "Accept: application/json; indent=4",
        f"{live_server.url}/api/extras/jobs/local/example/MyJobWithNoVars/run/",
    )  # fmt: skip
    second = _curl(
        "-X", "POST",
        "-H", f"Authorization: Token {token}",
        "-H", "Content-Type: application/json",
        "-H", "Accept: application/json; indent=4",
        f"{live_server.url}/api/extras/jobs/local/example/MyJobWithVars/run/",
        "--data", '{"data": {"foo": "somevalue", "bar": 123}, "commit": true}',
    )  # fmt: skip
    for response in (first, second):
        assert response["status"] == 201, response["body"]
        assert '\n    "job_result": {' in response["body"]  # indent=4 honoured
    no_vars = _wait_finished(json.loads(first["body"])["job_result"]["id"])
    with_vars = _wait_finished(json.loads(second["body"])["job_result"]["id"])
    assert no_vars.status == "completed" and no_vars.result == "done"
    assert with_vars.status == "completed"
    assert with_vars.result == {"foo": "somevalue", "bar": 123, "commit": True}
