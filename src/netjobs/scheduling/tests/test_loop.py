"""The serving loop: asleep while nothing is due, woken at once by a schedule change, stopped promptly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections

from netjobs.jobs.models import JobResult
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.scheduler import FireOutcome, Scheduler
from netjobs.scheduling.schedules import create_schedule
from netjobs.scheduling.tests.conftest import ECHO

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])


class CountingScheduler(Scheduler):
    ticks = 0

    def tick(self) -> list[FireOutcome]:
        self.ticks += 1
        return super().tick()


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_loop_sleeps_when_idle_wakes_on_a_new_schedule_and_stops_promptly() -> None:
    scheduler = CountingScheduler(max_sleep=60, name="loop-test")

    def serve() -> None:
        try:
            scheduler.serve()
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        assert eventually(lambda: scheduler.ticks == 1)
        time.sleep(0.5)
        assert scheduler.ticks == 1  # idle: one look at the schedules, then asleep (no polling)

        create_schedule(ECHO, interval_type=IntervalType.MINUTES, interval_minutes=60)
        assert eventually(lambda: JobResult.objects.count() == 1), "the new schedule's first run was not queued"
        assert scheduler.ticks <= 3
    finally:
        started = time.monotonic()
        scheduler.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert time.monotonic() - started < 2
