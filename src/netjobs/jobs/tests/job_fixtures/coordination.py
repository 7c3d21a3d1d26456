"""Jobs for the locks, progress, approval and chaining tests."""

from netjobs.apps.extras import Tag
from netjobs.apps.jobs import IntegerVar, Job, StringVar


class HoldsDevicesLock(Job):
    class Meta:
        locks = ["devices"]

    def run(self, data, commit):
        self.log_info(message="holding the devices lock")
        return "done"


class WaitsForDevicesLock(Job):
    class Meta:
        locks = ["devices"]
        lock_timeout = 600

    def run(self, data, commit):
        return "got it"


class CountsItems(Job):
    count = IntegerVar(default=5)

    def run(self, data, commit):
        for i in range(data["count"]):
            self.item_finished(f"device{i}", result={"n": i}, failed=i == 3)
            self.progress(i + 1, data["count"])
        return "counted"


class NeedsApproval(Job):
    class Meta:
        approval_required = True

    def run(self, data, commit):
        Tag.objects.create(name="approved-run")
        return "approved and ran"


class First(Job):
    class Meta:
        next_job = "local/coordination/Second"

    def run(self, data, commit):
        self.next_job_data = {"greeting": "hello from first"}
        return {"first": True}


class Second(Job):
    greeting = StringVar()

    def run(self, data, commit):
        return {"got": data["greeting"], "parent_returned": self.parent_result.result}
