"""What a job knows about who started it."""

from netjobs.apps.jobs import Job

name = "Who am I"


class WhoAmI(Job):
    class Meta:
        read_only = True

    def run(self, data, commit):
        user = self.user  # the Django user who submitted the run, or None (CLI without --user, system)
        self.log_info(message=f"user={user} request.user={self.request.user}")
        self.log_info(message=f"request.META={self.request.META}")  # from the CLI: REMOTE_ADDR "cli" and USER
        return {"user": user.username if user else None, "remote_addr": self.request.META.get("REMOTE_ADDR")}
