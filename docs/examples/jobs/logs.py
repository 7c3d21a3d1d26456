"""Every way a job writes to its run's log."""

from netjobs.apps.extras import Tag
from netjobs.apps.jobs import Job

name = "Logging"


class LogDemo(Job):
    class Meta:
        read_only = True  # the tag created below is always rolled back

    def run(self, data, commit):
        tag = Tag(name="Log demo", slug="log-demo")
        tag.validated_save()
        self.log("log(): info level, never about an object")
        self.log_debug("log_debug(): detail for troubleshooting")
        self.log_info(tag, "log_info(obj, message): about the tag")
        self.log_success(obj=tag, message="Markdown: **bold**, `code`, [a link](https://example.com)")
        self.log_warning(obj=tag)  # an object without a message
        self.logger.info("self.logger: the standard logging API, with %s arguments", "lazy")
        self.logger.warning("with an object and a group", extra={"object": tag, "grouping": "summary"})


class LoggerFailure(Job):
    def run(self, data, commit):
        try:
            {}["missing"]
        except KeyError:
            self.logger.exception("logger.exception() logs the traceback and fails the run")
        self.log_info(message="the job carries on after a logged failure")
