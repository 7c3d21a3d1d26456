"""Jobs for the distributed-mode integration tests."""

import os
import time

from netjobs.apps.extras import Tag
from netjobs.apps.jobs import FloatVar, Job, SoftTimeLimitExceeded, StringVar

name = "Distributed tests"


class WhereAmI(Job):
    """Returns the queue it was routed to and the worker process that ran it."""

    def run(self, data, commit):
        return {"pid": os.getpid(), "queue": self.result.queue, "worker": self.result.worker}


class OnBulkQueue(WhereAmI):
    class Meta:
        queue = "bulk"


class Sleeps(Job):
    seconds = FloatVar(default=30.0)

    def run(self, data, commit):
        self.log_info(message="sleeping")
        time.sleep(data["seconds"])
        return "slept"


class IgnoresSoftLimit(Job):
    class Meta:
        soft_time_limit = 1
        time_limit = 3

    def run(self, data, commit):
        Tag.objects.create(name="half-done")
        try:
            time.sleep(30)
        except SoftTimeLimitExceeded:
            self.log_warning(message="soft limit reached; carrying on regardless")
            time.sleep(30)


class CreatesTag(Job):
    tag = StringVar()

    def run(self, data, commit):
        Tag.objects.create(name=data["tag"])
        return data["tag"]
