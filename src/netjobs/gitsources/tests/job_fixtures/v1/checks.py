"""Version 1 of a job module kept in a Git repository."""

from netjobs.apps.jobs import Job, StringVar

name = "Repository checks"


class Greeting(Job):
    who = StringVar(default="world")

    class Meta:
        description = "Says hello, and which version of the code ran"

    def run(self, data, commit):
        self.log_info(f"Hello, {data['who']} (version 1)")
        return {"version": 1}


class LoadSites(Job):
    """Reads a data file kept next to this module in the repository."""

    def run(self, data, commit):
        return self.load_yaml("data/sites.yaml")


class EscapeAttempt(Job):
    """Tries to read a file outside the repository's checkout."""

    path = StringVar(default="../../outside.yaml")

    def run(self, data, commit):
        return self.load_yaml(data["path"])
