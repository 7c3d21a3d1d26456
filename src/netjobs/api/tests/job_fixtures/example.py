"""The spec's two API examples: `local/example/MyJobWithNoVars` and `local/example/MyJobWithVars`."""

from netjobs.apps.jobs import IntegerVar, Job, StringVar

name = "Examples"


class MyJobWithNoVars(Job):
    class Meta:
        name = "My job with no vars"

    def run(self, data, commit):
        self.log_success(message="Ran **without** variables")
        return "done"


class MyJobWithVars(Job):
    foo = StringVar(description="Any text")
    bar = IntegerVar(min_value=0, max_value=1000)

    class Meta:
        name = "My job with vars"

    def run(self, data, commit):
        self.log_info(message=f"foo is `{data['foo']}`, bar is {data['bar']}, commit is {commit}")
        return {"foo": data["foo"], "bar": data["bar"], "commit": commit}
