"""Distributed mode: PostgreSQL for state, Celery workers on Redis or RabbitMQ for execution."""

from __future__ import annotations

import os
import signal
import time

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_runs_are_routed_to_the_workers_of_their_queue(cluster):
    cluster.start_worker("--queues", "default", "--concurrency", "1", "--hostname", "default-worker")
    cluster.start_worker("--queues", "bulk", "--concurrency", "1", "--hostname", "bulk-worker")
    by_meta = cluster.submit("local/distributed/OnBulkQueue")
    by_default = cluster.submit("local/distributed/WhereAmI")
    by_payload = cluster.submit("local/distributed/WhereAmI", "--queue", "bulk")
    results = {run: cluster.wait_finished(run) for run in (by_meta, by_default, by_payload)}
    assert {r["status"] for r in results.values()} == {"completed"}
    workers = dict(cluster.query("select name, queues::text from jobs_worker"))
    queue_of_worker = {name: queues for name, queues in workers.items()}
    assert results[by_meta]["queue"] == "bulk" and '"bulk"' in queue_of_worker[results[by_meta]["worker"]]
    assert results[by_payload]["queue"] == "bulk" and '"bulk"' in queue_of_worker[results[by_payload]["worker"]]
    assert results[by_default]["queue"] == "default"
    assert '"default"' in queue_of_worker[results[by_default]["worker"]]


def test_the_same_message_delivered_twice_runs_the_job_once(cluster):
    cluster.start_worker("--concurrency", "2")
    run = cluster.submit("local/distributed/CreatesTag", "--var", "tag=once", "--commit")
    # A second delivery of the same run id, as a broker redelivery would do.
    cluster.netjobs("shell", "-c", f"from netjobs.jobs.queue.celery import execute_task; execute_task.delay({run})")
    assert cluster.wait_finished(run)["status"] == "completed"
    time.sleep(2)
    assert cluster.query("select count(*) from core_tag where name = 'once'") == [(1,)]
    assert cluster.query("select count(*) from jobs_joblogentry where job_result_id = %s", run)[0][0] == 0


def test_soft_time_limit_raises_inside_the_job_and_the_hard_limit_ends_it(cluster):
    cluster.start_worker("--concurrency", "1")
    run = cluster.submit("local/distributed/IgnoresSoftLimit", "--commit")
    result = cluster.wait_finished(run, timeout=30)
    assert result["status"] == "errored"
    assert "hard time limit of 3s exceeded" in result["error"]
    messages = [m for (m,) in cluster.query("select message from jobs_joblogentry where job_result_id = %s", run)]
    assert "soft limit reached; carrying on regardless" in messages
    assert cluster.query("select count(*) from core_tag where name = 'half-done'") == [(0,)]  # rolled back
    # The worker replaced its process and keeps working.
    assert cluster.wait_finished(cluster.submit("local/distributed/WhereAmI"))["status"] == "completed"


def test_a_cancelled_queued_run_never_runs(cluster):
    run = cluster.submit("local/distributed/CreatesTag", "--var", "tag=never", "--commit")
    cluster.netjobs(
        "shell", "-c", f"from netjobs.jobs.models import JobResult; from netjobs.jobs.actions import cancel; "
        f"cancel(JobResult.objects.get(pk={run}), None, 'changed my mind')"
    )  # fmt: skip
    cluster.start_worker()
    assert cluster.wait_finished(run)["status"] == "cancelled"
    time.sleep(1)
    assert cluster.query("select count(*) from core_tag where name = 'never'") == [(0,)]


def test_a_running_run_that_is_cancelled_is_stopped(cluster):
    cluster.start_worker("--concurrency", "1")
    run = cluster.submit("local/distributed/Sleeps", "--var", "seconds=60")
    cluster.wait_for(lambda: cluster.result(run)["status"] == "running", 30, "the run to start")
    cluster.netjobs(
        "shell", "-c", f"from netjobs.jobs.models import JobResult; from netjobs.jobs.actions import cancel; "
        f"cancel(JobResult.objects.get(pk={run}), None, 'too slow')"
    )  # fmt: skip
    result = cluster.wait_finished(run, timeout=20)
    assert result["status"] == "cancelled" and "too slow" in result["error"]


def test_a_worker_killed_mid_run_leaves_the_run_errored_and_queued_runs_run_after_restart(cluster):
    worker = cluster.start_worker("--concurrency", "1")
    run = cluster.submit("local/distributed/Sleeps", "--var", "seconds=60")
    cluster.wait_for(lambda: cluster.result(run)["status"] == "running", 30, "the run to start")
    queued = cluster.submit("local/distributed/WhereAmI")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    cluster.workers.remove(worker)
    time.sleep(1)
    assert cluster.result(queued)["status"] == "pending"
    cluster.start_worker("--concurrency", "1")  # its reaper finds the dead worker's run
    result = cluster.wait_finished(run, timeout=60)
    assert result["status"] == "errored" and "worker lost" in result["error"]
    assert cluster.wait_finished(queued, timeout=60)["status"] == "completed"


def test_runs_submitted_while_the_broker_is_down_all_run_once_when_it_is_back(cluster, redis_broker):
    cluster.start_worker("--concurrency", "2")
    redis_broker.stop()
    try:
        runs = [
            cluster.submit("local/distributed/CreatesTag", "--var", f"tag=outage-{i}", "--commit") for i in range(10)
        ]
        time.sleep(20)
    finally:
        redis_broker.start()
    for run in runs:
        assert cluster.wait_finished(run, timeout=90)["status"] == "completed"
    created = cluster.query("select name from core_tag where name like 'outage-%%' order by name")
    assert sorted(name for (name,) in created) == sorted(f"outage-{i}" for i in range(10))  # none lost, none twice


def test_rabbitmq_works_as_the_broker(rabbit_cluster):
    rabbit_cluster.start_worker("--concurrency", "1")
    result = rabbit_cluster.wait_finished(rabbit_cluster.submit("local/distributed/WhereAmI"))
    assert result["status"] == "completed"
