"""Jobs used by the benchmarks."""

from netjobs.apps.jobs import IntegerVar, Job

name = "Benchmarks"


class NoOp(Job):
    def run(self, data, commit):
        return "ok"


class LogFlood(Job):
    lines = IntegerVar(default=100_000)

    def run(self, data, commit):
        for i in range(data["lines"]):
            self.logger.info("line %d of the flood", i)
        return data["lines"]


class CreateTags(Job):
    count = IntegerVar(default=5_000)

    def run(self, data, commit):
        from netjobs.apps.extras import Tag

        for i in range(data["count"]):
            Tag(name=f"bench-{i}", slug=f"bench-{i}").validated_save()
        return data["count"]
