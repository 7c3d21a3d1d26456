"""A job whose module the tests break (with variants/raises_at_import.py) after it was submitted."""

from netjobs.apps.jobs import Job


class Fragile(Job):
    def run(self, data, commit):
        return "still imports"
