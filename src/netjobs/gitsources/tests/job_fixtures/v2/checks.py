"""Version 2 of the job module: Greeting changed, Farewell added, EscapeAttempt removed."""

from netjobs.apps.jobs import Job, StringVar

name = "Repository checks"


class Greeting(Job):
    who = StringVar(default="world")

    class Meta:
        description = "Says hello, and which version of the code ran"

    def run(self, data, commit):
        self.log_info(f"Hello again, {data['who']} (version 2)")
        return {"version": 2}


class LoadSites(Job):
    def run(self, data, commit):
        return self.load_yaml("data/sites.yaml")


class Farewell(Job):
    def run(self, data, commit):
        return "goodbye"
