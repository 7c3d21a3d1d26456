"""Two schedulers at once never fire a due run twice, nor miss one: 1,000 due events each way.

The threaded test gives each scheduler its own database connection (Django connections are per thread) and a
shared controllable clock; the slow test runs two real `netjobs scheduler` processes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connections

from netjobs.jobs.models import JobResult
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.scheduler import FireOutcome, Scheduler
from netjobs.scheduling.schedules import create_schedule
from netjobs.scheduling.tests.conftest import ECHO, T0, FakeClock, netjobs

SCHEDULES = 100
MINUTES = 10  # 100 schedules x 10 slots = 1,000 due events


@pytest.mark.django_db(transaction=True, databases=["default", "jobs"])
def test_two_schedulers_fire_each_of_1000_due_events_exactly_once(clock: FakeClock) -> None:
    for i in range(SCHEDULES):
        create_schedule(
            ECHO, interval_type=IntervalType.MINUTES, interval_minutes=1, start_time=T0, name=f"s{i}", now=T0
        )
    outcomes: dict[str, list[FireOutcome]] = {"a": [], "b": []}
    errors: list[BaseException] = []

    def scheduler_thread(name: str, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            outcomes[name] += Scheduler(clock=clock, name=name).tick()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    for minute in range(MINUTES):
        clock.set(T0 + dt.timedelta(minutes=minute, seconds=1))
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=scheduler_thread, args=(n, barrier)) for n in outcomes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []

    queued = [o for name in outcomes for o in outcomes[name] if o.result_id is not None]
    assert len(queued) == SCHEDULES * MINUTES
    assert JobResult.objects.count() == SCHEDULES * MINUTES
    slots = Counter((o.schedule_id, o.due) for o in queued)
    assert max(slots.values()) == 1  # no slot fired twice
    per_schedule = Counter(JobResult.objects.values_list("scheduled_job_id", flat=True))
    assert set(per_schedule.values()) == {MINUTES}
    assert set(ScheduledJob.objects.values_list("run_count", flat=True)) == {MINUTES}


_SETUP = """
import datetime as dt
from django.utils import timezone
from netjobs.jobs.submit import resolve_job
from netjobs.scheduling.models import ScheduledJob
definition, _ = resolve_job("local/sched_fixture_jobs/Echo")
due = timezone.now() + dt.timedelta(seconds={delay})
ScheduledJob.objects.bulk_create(
    ScheduledJob(name=f"once-{{i}}", job=definition, interval_type="once", start_time=due, next_run=due,
                 data={{"message": "hi"}})
    for i in range({count})
)
"""
_REPORT = """
import json
from collections import Counter
from netjobs.jobs.models import JobResult
from netjobs.scheduling.models import ScheduledJob
runs = Counter(JobResult.objects.values_list("scheduled_job_id", flat=True))
print(json.dumps({
    "results": JobResult.objects.count(),
    "max_per_schedule": max(runs.values(), default=0),
    "left": ScheduledJob.objects.filter(enabled=True).count(),
    "run_counts": sorted(set(ScheduledJob.objects.values_list("run_count", flat=True))),
}))
"""


def _report(home: Path) -> dict[str, int]:
    done = netjobs(home, "shell", "-c", _REPORT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_two_scheduler_processes_fire_1000_due_runs_exactly_once(cli_home: Path) -> None:
    count = 1000
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "netjobs", "scheduler", "--no-system-jobs", "--max-sleep", "0.5"],
            env={**{k: v for k, v in os.environ.items() if k != "NETJOBS_DATABASE_URL"}, "NETJOBS_HOME": str(cli_home)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        setup = netjobs(cli_home, "shell", "-c", _SETUP.format(delay=3, count=count))
        assert setup.returncode == 0, setup.stderr
        deadline = time.monotonic() + 120
        report = _report(cli_home)
        while report["left"] and time.monotonic() < deadline:
            time.sleep(1)
            report = _report(cli_home)
    finally:
        for proc in procs:
            proc.terminate()
        logs = [proc.communicate(timeout=30)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], logs
    assert report == {"results": count, "max_per_schedule": 1, "left": 0, "run_counts": [1]}
    fired_by = [log.count("queued run") for log in logs]
    assert sum(fired_by) == count
