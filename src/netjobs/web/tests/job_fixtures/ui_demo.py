"""Jobs that exercise the web UI: a slow streaming log, failures, hostile log messages, files and secrets."""

import time

from netjobs.apps.extras import Status, Tag
from netjobs.apps.jobs import BooleanVar, FileVar, IntegerVar, Job, MultiObjectVar, ObjectVar, StringVar

name = "UI demo"


class StreamLog(Job):
    class Meta:
        name = "Stream log"
        description = "Logs one line every `delay` seconds, with **markdown**, objects and progress"
        commit_default = False

    lines = IntegerVar(default=10, min_value=1, max_value=100_000)
    delay = IntegerVar(label="Delay (ms)", default=100, min_value=0, max_value=5000)

    def run(self, data, commit):
        tag = Tag.objects.order_by("pk").first()
        total = data["lines"]
        for i in range(1, total + 1):
            self.progress(i, total)
            if i % 3 == 0 and tag is not None:
                self.log_success(obj=tag, message=f"Line {i} of {total}: tag `{tag.name}` checked")
            else:
                self.log_info(message=f"Line {i} of {total}")
            time.sleep(data["delay"] / 1000)
        return "line,level\n" + "\n".join(f"{i},info" for i in range(1, min(total, 20) + 1))

    def test_summary(self):
        self.log_warning(message="A warning from a test method")

    def post_run(self):
        self.log_info(message=f"post_run: failed={self.failed}")


class Explodes(Job):
    class Meta:
        name = "Explodes"
        description = "Logs a failure, then raises: the run errors with a traceback"

    def run(self, data, commit):
        self.log_failure(message="The core router is unreachable")
        raise RuntimeError("the router caught fire")


class HostileLog(Job):
    class Meta:
        name = "Hostile log"
        description = "Logs messages with HTML and script in them; none of it may run in the browser"
        read_only = True

    def run(self, data, commit):
        self.log_info(message="<script>window.__netjobsXss = 'script';</script>plain text after a script")
        self.log_warning(message='<img src="x" onerror="window.__netjobsXss = \'img\'"> image with onerror')
        self.log_info(message="[a javascript link](javascript:window.__netjobsXss='link') and **bold**")
        return {"checked": 3, "scripts_ran": 0}


class Secrets(Job):
    class Meta:
        name = "Secrets"
        description = "Takes a password (never stored in clear) and an optional file"

    username = StringVar(default="admin")
    password = StringVar(sensitive=True)
    config = FileVar(required=False, description="A configuration file to count lines of")
    verbose = BooleanVar(default=True)

    def run(self, data, commit):
        lines = len(data["config"].read().splitlines()) if data["config"] else 0
        self.log_info(message=f"user {data['username']}, verbose={data['verbose']}, {lines} config lines")
        return {"user": data["username"], "config_lines": lines, "verbose": data["verbose"]}


class HoldsLock(Job):
    class Meta:
        name = "Holds a lock"
        description = "Holds the `ui-demo` lock for `seconds`"
        locks = ["ui-demo"]

    seconds = IntegerVar(default=30, min_value=0, max_value=600)

    def run(self, data, commit):
        self.log_info(message="holding the lock")
        for _ in range(data["seconds"] * 10):
            if self.is_cancel_requested():
                self.log_warning(message="cancel requested; stopping")
                return
            time.sleep(0.1)


class TagReport(Job):
    class Meta:
        name = "Tag report"
        description = "Reports on the chosen tags (several may be chosen) of one colour"
        read_only = True

    status = ObjectVar(model=Status, required=False, display_field="slug", null_option="Any status")
    tags = MultiObjectVar(model=Tag, query_params={"color": "$color"})
    color = StringVar(default="ff0000", description="Only tags of this colour are offered")

    def run(self, data, commit):
        for tag in data["tags"]:
            self.log_info(obj=tag, message=f"Tag {tag.name}")
        return [tag.name for tag in data["tags"]]
