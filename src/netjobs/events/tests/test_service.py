"""The delivery thread: started with a worker, woken by new events, and never in a job's way."""

from __future__ import annotations

import time

from netjobs.events import service
from netjobs.events.choices import DeliveryStatus
from netjobs.events.models import WebhookDelivery
from netjobs.events.tests.support import wait_until
from netjobs.jobs import signals
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.tests.support import runs_jobs

pytestmark = runs_jobs


class _Worker:
    name = "test-host:1"


def test_worker_start_and_stop_signals_start_and_stop_the_delivery_thread():
    signals.send_robust(signals.worker_started, worker=_Worker())
    running = service.current()
    assert running is not None and running.running

    signals.send_robust(signals.worker_stopping, worker=_Worker())

    assert service.current() is None
    assert not running.running


def test_the_thread_can_be_turned_off_for_a_dedicated_sender(settings):
    settings.NETJOBS_WEBHOOK_WORKER_THREAD = False

    signals.send_robust(signals.worker_started, worker=_Worker())

    assert service.current() is None


def test_events_are_delivered_by_the_thread_within_moments_of_the_run(run_job, make_webhook, endpoint, settings):
    settings.NETJOBS_WEBHOOK_POLL_INTERVAL = 30.0  # only a wake-up can explain a prompt delivery
    make_webhook(events=["run_finished", "log_entry"])
    service.start()
    time.sleep(0.1)  # let the thread finish its first (empty) pass and go to sleep

    run_job("Chatty")

    requests = endpoint.wait_for(3, timeout=5)
    assert [r.event for r in requests].count("run_finished") == 1
    wait_until(lambda: not WebhookDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists())


def test_a_run_with_a_webhook_to_a_hanging_server_still_finishes_promptly(run_job, make_webhook, endpoint):
    endpoint.hang.set()
    make_webhook(events=["run_started", "run_finished", "log_entry"], min_log_level="debug", timeout_s=0.5)
    service.start()

    started = time.monotonic()
    first = run_job("Chatty")
    second = run_job("Floods", {"count": 20})
    elapsed = time.monotonic() - started

    assert (first.status, second.status) == (JobResultStatus.COMPLETED, JobResultStatus.COMPLETED)
    assert elapsed < 3.0, f"two runs took {elapsed:.1f}s with a hanging webhook"
    assert first.duration.total_seconds() < 1.0
    # Meanwhile the thread got its timeout: an error is recorded and the delivery will be retried.
    timed_out = wait_until(lambda: WebhookDelivery.objects.filter(last_error__contains="timed out").first(), timeout=10)
    assert timed_out.status in {DeliveryStatus.PENDING, DeliveryStatus.DELIVERING}
    assert timed_out.attempts >= 1

    endpoint.release.set()
    endpoint.hang.clear()
