"""A job that sleeps, for the worker tests (a run to kill mid-way)."""

import time

from netjobs.apps.jobs import FloatVar, Job


class Sleeper(Job):
    seconds = FloatVar(default=30.0, min_value=0.0, max_value=300.0)

    def run(self, data, commit):
        self.log_info(message="going to sleep")
        time.sleep(data["seconds"])
        return "woke up"
