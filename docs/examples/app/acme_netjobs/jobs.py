"""Jobs of the acme_netjobs app (class paths app/acme_netjobs.jobs/<Class>)."""

from netjobs.apps.jobs import Job

name = "ACME checks"


class Ping(Job):
    def run(self, data, commit):
        self.log_success(message="pong from an installed app")
        return "pong"
