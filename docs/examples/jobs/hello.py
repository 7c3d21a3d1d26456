"""The first job of docs/job-authors.md: two validated inputs, a few log lines and a return value."""

from netjobs.apps.jobs import IntegerVar, Job, StringVar

name = "Getting started"  # the group this module's jobs are listed under


class Hello(Job):
    class Meta:
        description = "Greet someone, a few times"

    who = StringVar(default="world", regex=r"^[a-z]+$")
    times = IntegerVar(default=2, min_value=1, max_value=5)

    def run(self, data, commit):
        for i in range(data["times"]):
            self.log_success(message=f"hello {data['who']} #{i}")
        return {"greeted": data["who"]}
