"""How a run ends: completed, failed (a failure was logged) or errored (an exception escaped)."""

from netjobs.apps.jobs import ChoiceVar, Job

name = "Outcomes"


class Outcome(Job):
    outcome = ChoiceVar(choices=["completed", "failed", "errored"])

    def run(self, data, commit):
        if data["outcome"] == "failed":
            self.log_failure(message="Interface Gi0/1 is down")  # marks the run failed...
            self.log_info(message="...and the job carries on")
        elif data["outcome"] == "errored":
            raise RuntimeError("the device did not answer")  # ends run(); the test_*() methods are skipped
        return data["outcome"]

    def test_after_run(self):
        self.log_info(message="test_after_run was called")

    def post_run(self):
        self.log_info(message=f"post_run is always called; self.failed={self.failed}")
