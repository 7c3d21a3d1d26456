"""Jobs that show the order of a run, both `run()` signatures, logging, failures, errors and return values."""

import sys

from netjobs.apps.extras import Tag
from netjobs.apps.jobs import BooleanVar, ChoiceVar, Job, ObjectVar, StringVar

name = "Lifecycle"


class Lifecycle(Job):
    class Meta:
        name = "Lifecycle"
        description = "Logs from `run()`, two `test_*()` methods and `post_run()`"

    def run(self, data, commit):
        self.log_info(message="in run")
        self.log_debug("debug line from run")

    # Declared out of alphabetical order on purpose: declaration order is the contract.
    def test_zulu(self):
        self.log_success(message="in test_zulu")

    def test_alpha(self):
        self.log_warning(message="in test_alpha")

    def helper(self):
        self.log_failure(message="helpers are never called by the runner")

    def post_run(self):
        self.log_info(message=f"in post_run, failed={self.failed}")


class DataAndCommit(Job):
    """The spec's signature: `run(self, data, commit)`."""

    message = StringVar(default="hello")

    def run(self, data, commit):
        return {"data": data, "commit": commit}


class DryrunAndKeywords(Job):
    """The Nautobot 2 signature: `run(self, *, dryrun, **kwargs)`."""

    message = StringVar(default="hello")

    def run(self, *, dryrun, **kwargs):
        return {"dryrun": dryrun, "kwargs": kwargs}


class Explodes(Job):
    def run(self, data, commit):
        self.log_info(message="about to fail")
        raise RuntimeError("the router caught fire")

    def test_never_reached(self):
        self.log_info(message="a test after a failing run() must not run")

    def post_run(self):
        self.log_info(message=f"post_run still ran, failed={self.failed}")


class CallsSysExit(Job):
    def run(self, data, commit):
        self.log_info(message="about to call sys.exit()")
        sys.exit("the job gave up")

    def post_run(self):
        self.log_info(message=f"post_run still ran, failed={self.failed}")


class LogsFailure(Job):
    def run(self, data, commit):
        self.log_failure(message="first check failed")
        self.log_info(message="kept going after the failure")

    def test_later(self):
        self.log_success(message="a later test still ran")


class Returns(Job):
    kind = ChoiceVar(choices=(("str", "A string"), ("dict", "A dict"), ("list", "A list")))

    def run(self, data, commit):
        values = {
            "str": "name,make,model\nsw1,Acme,X1",
            "dict": {"created": 2, "names": ["sw1", "sw2"], "nested": {"ok": True}},
            "list": [1, "two", None, {"three": 3}],
        }
        return values[data["kind"]]


class Verbatim(Job):
    """Text that a terminal renderer would be tempted to interpret: emoji codes and markup."""

    def run(self, data, commit):
        self.log_info(message="deploy :rocket: [bold]now[/bold]")
        return "deploy :rocket: [bold]now[/bold]"


class UsesLogger(Job):
    tag = ObjectVar(model=Tag)
    fail = BooleanVar(default=False)

    def run(self, data, commit):
        tag = data["tag"]
        self.logger.info("Looking at tag %s", tag.name, extra={"object": tag, "grouping": "inspection"})
        self.logger.warning("A plain warning")
        if data["fail"]:
            self.logger.error("Tag %s has the wrong colour", tag.name, extra={"object": tag})
        self.logger.info("Still running after an error")


class Context(Job):
    note = StringVar()

    def run(self, data, commit):
        return {
            "user": self.user.username if self.user else None,
            "request_user": self.request.user.username if self.request.user else None,
            "remote_addr": self.request.META.get("REMOTE_ADDR"),
            "data": self.data,
            "result_id": self.result.pk,
            "result_status": self.result.status,
            "commit": self.commit,
            "dryrun": self.dryrun,
        }
