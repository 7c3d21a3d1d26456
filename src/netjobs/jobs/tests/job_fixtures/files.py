"""A job that reads data files kept beside its module."""

from netjobs.apps.jobs import Job, StringVar


class LoadsFiles(Job):
    filename = StringVar()

    def run(self, data, commit):
        if data["filename"].endswith(".json"):
            return self.load_json(data["filename"])
        return self.load_yaml(data["filename"])
