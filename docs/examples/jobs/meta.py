"""Every Meta option in one job (docs/job-authors.md, "Meta options")."""

from netjobs.apps.jobs import Job, StringVar

name = "Meta options"


class MaintenanceWindow(Job):
    class Meta:
        name = "Open a maintenance window"  # shown instead of the class name
        description = "Shows every Meta option"
        commit_default = False  # a run that does not say --commit or --no-commit is a dry run
        field_order = ["site", "reason"]  # these variables first, the others after in declaration order
        read_only = False  # True: never commit, whatever the caller asks
        hidden = True  # left out of `netjobs jobs list` unless --all; it can still run
        has_sensitive_variables = True  # treat every variable as sensitive (redacted in the result)
        soft_time_limit = 300  # seconds; then SoftTimeLimitExceeded is raised inside the job
        time_limit = 600  # seconds; then the process running the job is ended and the run errored
        queue = "maintenance"  # runs only on workers started with `-Q maintenance`
        approval_required = True  # queued only once someone else approves the run
        locks = ("change-window",)  # never two runs holding "change-window" at once
        lock_timeout = 60  # wait up to 60 s for the lock, then error
        next_job = None  # a class path to submit when a run completes

    reason = StringVar()
    site = StringVar()

    def run(self, data, commit):
        self.log_info(message=f"Window for {data['site']}: {data['reason']} (commit={commit})")
