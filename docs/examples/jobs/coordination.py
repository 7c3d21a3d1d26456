"""Locks, approval, chaining, progress and cancellation (docs/job-authors.md, "Coordinating runs")."""

import time

from netjobs.apps.jobs import FloatVar, IntegerVar, Job, StringVar

name = "Coordination"


class PushConfig(Job):
    class Meta:
        locks = ("devices",)  # no two runs holding "devices" run at the same time
        lock_timeout = 300  # wait up to 300 s after being queued for the lock, then error

    seconds = FloatVar(default=0.0, min_value=0.0)

    def run(self, data, commit):
        time.sleep(data["seconds"])  # stands for pushing configuration to devices
        return "pushed"


class AuditDevices(Job):
    class Meta:
        locks = ("devices",)  # no lock_timeout: error at once while another run holds "devices"

    def run(self, data, commit):
        return "audited"


class Decommission(Job):
    class Meta:
        approval_required = True  # queued only once another user approves it

    device = StringVar()

    def run(self, data, commit):
        self.log_warning(message=f"Decommissioning {data['device']}")


class Provision(Job):
    class Meta:
        next_job = "local/coordination/Verify"  # submitted when a run of this job completes

    device = StringVar()

    def run(self, data, commit):
        self.next_job_data = {"device": data["device"]}  # the next job's input
        return {"provisioned": data["device"]}


class Verify(Job):
    device = StringVar()

    def run(self, data, commit):
        parent = self.parent_result  # the run that chained to this one, or None
        return {"verified": data["device"], "after_run": parent.pk if parent else None}


class PollAll(Job):
    count = IntegerVar(default=5, min_value=1)

    def run(self, data, commit):
        devices = [f"sw{n:02d}" for n in range(1, data["count"] + 1)]
        for done, device in enumerate(devices, start=1):
            if self.is_cancel_requested():
                self.log_warning(message="Cancelled: stopping early")
                return "cancelled"
            self.item_finished(device, result={"uptime_days": done}, failed=device == "sw03")
            self.progress(done, len(devices))
        return "polled"
