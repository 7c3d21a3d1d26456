"""Version 2 of hot_reload.py: different behaviour, a new variable, a new job class."""

from netjobs.apps.jobs import IntegerVar, Job


class Hot(Job):
    times = IntegerVar(default=3)

    def run(self, data, commit):
        for i in range(data["times"]):
            self.log_success(message=f"new code, line {i}")
        return {"version": 2, "times": data["times"]}


class AddedLater(Job):
    def run(self, data, commit):
        return "I did not exist before"
