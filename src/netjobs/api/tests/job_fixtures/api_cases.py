"""Jobs for the API's edge cases: sensitive input, failure, exception, approval, object input, read-only."""

from netjobs.apps.extras import Status
from netjobs.apps.jobs import BooleanVar, ChoiceVar, Job, MultiChoiceVar, ObjectVar, StringVar

name = "API cases"


class Sensitive(Job):
    username = StringVar()
    password = StringVar(sensitive=True)

    class Meta:
        name = "Sensitive input"

    def run(self, data, commit):
        self.log_info(message=f"Logging in as {data['username']}")
        return {"user": data["username"], "password_length": len(data["password"])}


class Fails(Job):
    class Meta:
        name = "Logs a failure"

    def run(self, data, commit):
        self.log_failure(message="Something is *wrong*")


class Raises(Job):
    class Meta:
        name = "Raises"

    def run(self, data, commit):
        raise RuntimeError("boom")


class NeedsApproval(Job):
    class Meta:
        name = "Needs approval"
        approval_required = True

    def run(self, data, commit):
        return "approved and ran"


class Choices(Job):
    status = ObjectVar(model=Status, required=False, query_params={"content_types": "$kind"})
    flag = BooleanVar(default=False)
    colour = ChoiceVar(choices=(("r", "Red"), ("g", "Green")), default="r")
    colours = MultiChoiceVar(choices=(("r", "Red"), ("g", "Green")), required=False)

    class Meta:
        name = "Choices and objects"
        read_only = True

    def run(self, data, commit):
        return {"status": str(data["status"]) if data["status"] else None, "flag": data["flag"]}


class Locked(Job):
    class Meta:
        name = "Takes a lock"
        locks = ["devices"]

    def run(self, data, commit):
        return "locked"
