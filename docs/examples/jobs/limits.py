"""Time limits: a soft limit the job can catch, a hard limit that ends the process running it."""

import time

from netjobs.apps.jobs import FloatVar, Job, SoftTimeLimitExceeded

name = "Time limits"


class PollDevices(Job):
    class Meta:
        soft_time_limit = 2  # seconds: SoftTimeLimitExceeded is raised inside the job
        time_limit = 10  # seconds: the process is ended and the run errored

    seconds = FloatVar(default=1.0, min_value=0.0)

    def run(self, data, commit):
        try:
            time.sleep(data["seconds"])  # stands for slow work, e.g. polling devices
        except SoftTimeLimitExceeded:
            self.log_warning(message="Soft time limit reached: stopping early, keeping what is done")
            return "stopped early"
        return "finished"


class Runaway(Job):
    class Meta:
        time_limit = 1

    def run(self, data, commit):
        time.sleep(30)
