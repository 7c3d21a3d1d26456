"""run(), the test_*() methods and post_run(): the order they are called in, and what each can see."""

from netjobs.apps.jobs import BooleanVar, IntegerVar, Job, StringVar

name = "Lifecycle"


class Lifecycle(Job):
    class Meta:
        description = "Logs from every method, in the order netjobs calls them"

    fail_check = BooleanVar(description="Make test_b log a failure")

    def run(self, data, commit):
        self.log_info(message=f"commit={commit} self.commit={self.commit} self.dryrun={self.dryrun}")
        return "returned by run()"

    def test_b(self):  # declared first, so it is called first: declaration order, not alphabetical
        self.log_info(message=f"self.data={self.data}")
        if self.data["fail_check"]:
            self.log_failure(message="test_b found a problem")

    def test_a(self):
        self.log_info(message="test_a is called even after a logged failure")

    def post_run(self):
        outcome = "failed" if self.failed else "passed"
        self.log_info(message=f"post_run: the run {outcome}; self.result is run {self.result.pk}")


class KeywordRun(Job):
    """The Nautobot 2 signature: variables as keyword arguments and `dryrun` instead of `commit`."""

    device = StringVar()
    count = IntegerVar(default=1)

    def run(self, *, dryrun, device, count):
        self.log_info(message=f"{device} x{count}, dryrun={dryrun}")
        return {"device": device, "count": count, "dryrun": dryrun}
