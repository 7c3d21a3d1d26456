"""Jobs for the events tests: log lines at every level, a failure, a flood of warnings, a secret input."""

from netjobs.apps.jobs import IntegerVar, Job, StringVar


class Chatty(Job):
    """Logs one line per level, two of them warnings (like the contract jobs' findings)."""

    class Meta:
        name = "Chatty"

    def run(self, data, commit):
        self.log_debug("a debug line")
        self.log_info(message="an info line")
        self.log_success(message="a success line")
        self.log_warning(message="Contract C-1 expires in 10 days")
        self.logger.warning("Interface %s is down", "ge-0/0/1", extra={"grouping": "interfaces"})
        return {"checked": 2}


class Fails(Job):
    class Meta:
        name = "Fails"

    def run(self, data, commit):
        self.log_warning(message="retrying the device once")
        self.log_failure(message="Device rtr-1 is unreachable")


class Quiet(Job):
    class Meta:
        name = "Quiet"

    def run(self, data, commit):
        self.log_info(message="nothing to report")
        return "ok"


class Floods(Job):
    class Meta:
        name = "Floods"

    count = IntegerVar(default=30, min_value=0, max_value=10_000)

    def run(self, data, commit):
        for number in range(data["count"]):
            self.log_warning(message=f"finding {number}")


class WithSecret(Job):
    class Meta:
        name = "With secret"

    device = StringVar()
    password = StringVar(sensitive=True)

    def run(self, data, commit):
        self.log_warning(message=f"logging in to {data['device']}")
        return {"device": data["device"]}
