"""Version 1 of a job that the hot-reload test rewrites (see variants/hot_reload_v2.py)."""

from netjobs.apps.jobs import Job


class Hot(Job):
    def run(self, data, commit):
        self.log_info(message="old code")
        return "version 1"
