"""A job module that imports a sibling module of the repository."""

from netjobs.apps.jobs import Job

from .helpers import describe


class DescribeInterface(Job):
    def run(self, data, commit):
        return describe("eth0")
