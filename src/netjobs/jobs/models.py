"""Bookkeeping models: job definitions, results, log lines, workers, uploaded input files.

They live on the "jobs" database alias (netjobs.core.routers) so that a run's status and log are written on a
connection of their own, visible while the run's data transaction is open and kept when it is rolled back.
Relations to the data database (users, content types) are declared with `db_constraint=False` and
`DO_NOTHING`, because the rows may live in another SQLite file.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from netjobs.jobs.choices import TERMINAL_STATES, JobResultStatus, LogLevel

__all__ = ["FileProxy", "JobDefinition", "JobLock", "JobLogEntry", "JobModule", "JobResult", "Worker"]


class JobModule(models.Model):
    """A discovered Python module that provides jobs; `import_error` holds its traceback when it fails."""

    source = models.CharField(max_length=100)
    module_name = models.CharField(max_length=255)
    grouping = models.CharField(max_length=255)
    path = models.CharField(max_length=1024, blank=True)
    import_error = models.TextField(blank=True)
    last_synced = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grouping", "module_name"]
        constraints = [models.UniqueConstraint(fields=["source", "module_name"], name="jobmodule_unique_name")]

    def __str__(self) -> str:
        return f"{self.source}/{self.module_name}"


class JobDefinition(models.Model):
    """The database mirror of one discovered Job class, with what an administrator may override."""

    class_path = models.CharField(max_length=512, unique=True)
    source = models.CharField(max_length=100)
    module_name = models.CharField(max_length=255)
    job_class_name = models.CharField(max_length=255)
    grouping = models.CharField(max_length=255, db_index=True)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    installed = models.BooleanField(default=True, help_text="False when the class no longer exists in its source")
    enabled = models.BooleanField(default=True)
    read_only = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    meta = models.JSONField(default=dict, blank=True, help_text="The class's Meta options as last discovered")
    variables_schema = models.JSONField(default=dict, blank=True)
    # Group *names*, not a relation: groups live in the data database (no cross-database M2M). A renamed or
    # deleted group simply stops matching, so the limit fails closed.
    allowed_groups = models.JSONField(
        default=list,
        blank=True,
        help_text="Names of the groups whose members may see and run this job; empty: no group limit",
    )
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["grouping", "name"]
        permissions = [("run_job", "Can run jobs"), ("approve_job", "Can approve runs of other users")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        source, module, class_name = self.class_path.split("/", 2)
        return reverse("web:job", args=[source, module, class_name])

    @property
    def runnable(self) -> bool:
        return self.enabled and self.installed

    @property
    def commit_default(self) -> bool:
        return bool(self.meta.get("commit_default", True))


class JobResult(models.Model):
    """One run of a job: its input, state, timings, return value and (through JobLogEntry) its log."""

    job_definition = models.ForeignKey(
        JobDefinition, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    job_class_path = models.CharField(max_length=512, db_index=True)
    name = models.CharField(max_length=255)
    status = models.CharField(
        max_length=30, choices=JobResultStatus.choices, default=JobResultStatus.PENDING, db_index=True
    )
    queue = models.CharField(max_length=100, default="default")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    user_name = models.CharField(max_length=150, blank=True)
    commit = models.BooleanField(default=True)
    task_kwargs = models.JSONField(default=dict, blank=True, help_text="The input, sensitive values redacted")
    sensitive_payload = models.BinaryField(
        null=True, blank=True, editable=False, help_text="Sensitive input, encrypted; erased when the run starts"
    )
    request_meta = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=255, blank=True, db_index=True)
    result = models.JSONField(null=True, blank=True, help_text="The return value of run()")
    traceback = models.TextField(blank=True)
    error = models.TextField(blank=True, help_text="One-line reason for an errored or cancelled run")
    log_counts = models.JSONField(default=dict, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, help_text="sha256 of the job module that ran")
    source_commit = models.CharField(
        max_length=64, blank=True, help_text="The Git commit the job's code came from (jobs from a Git repository)"
    )
    # Progress and per-item results (CNaaS-NMS "finished_devices"), persisted at most every ~2 s.
    progress_done = models.IntegerField(null=True, blank=True)
    progress_total = models.IntegerField(null=True, blank=True)
    finished_items = models.JSONField(default=list, blank=True)
    item_results = models.JSONField(default=dict, blank=True)
    # Who and why (CNaaS-NMS job fields), and where the run came from.
    scheduled_by = models.CharField(max_length=150, blank=True)
    comment = models.TextField(blank=True)
    ticket_ref = models.CharField(max_length=100, blank=True)
    change_score = models.IntegerField(null=True, blank=True)
    scheduled_job_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    parent_result = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Chained from"
    )
    next_result = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Chained to"
    )
    # Approval and cancellation.
    approved_by_id = models.IntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    cancelled_by = models.CharField(max_length=150, blank=True)
    cancel_reason = models.TextField(blank=True)
    lock_names = models.JSONField(default=list, blank=True, help_text="Named locks the run takes before starting")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["status", "queue", "id"], name="jobresult_queue_idx"),
            models.Index(fields=["job_definition", "-created"], name="jobresult_job_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("web:result", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in TERMINAL_STATES

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started and self.finished:
            return self.finished - self.started
        return None

    def mark_finished(self, status: str, *, result: Any = None, traceback: str = "", error: str = "") -> None:
        """Record the outcome (one UPDATE)."""
        self.status = status
        self.result = result
        self.traceback = traceback
        self.error = error
        self.finished = timezone.now()
        self.sensitive_payload = None  # erased when the run starts; this covers a run that never started
        fields = [
            "status",
            "result",
            "traceback",
            "error",
            "finished",
            "log_counts",
            "source_hash",
            "source_commit",
            "sensitive_payload",
        ]
        self.save(update_fields=fields)

    @classmethod
    def mark_lost(cls, queryset: models.QuerySet[JobResult], reason: str) -> int:
        """Error every still-running run in `queryset` (its worker died). Returns how many."""
        return queryset.filter(status=JobResultStatus.RUNNING).update(
            status=JobResultStatus.ERRORED,
            error=reason,
            traceback=reason,
            finished=timezone.now(),
            sensitive_payload=None,
        )


class JobLogEntry(models.Model):
    """One log line of a run. Written in bulk by the run's log buffer, never one INSERT per line."""

    job_result = models.ForeignKey(JobResult, on_delete=models.CASCADE, related_name="logs")
    created = models.DateTimeField(default=timezone.now)
    log_level = models.CharField(max_length=20, choices=LogLevel.choices, default=LogLevel.INFO)
    grouping = models.CharField(max_length=255, default="run")
    message = models.TextField(blank=True)
    log_object = models.CharField(max_length=200, blank=True)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    absolute_url = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["job_result", "id"], name="joblog_result_idx")]
        verbose_name_plural = "job log entries"

    def __str__(self) -> str:
        return f"[{self.log_level}] {self.message[:80]}"


class JobLock(models.Model):
    """A named lock held by a running run. Taken atomically with the claim, released when the run ends."""

    name = models.CharField(max_length=200, unique=True)
    job_result = models.ForeignKey(JobResult, on_delete=models.CASCADE, related_name="locks")
    acquired = models.DateTimeField(default=timezone.now)
    worker = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        permissions = [("clear_joblock", "Can clear job locks by hand")]

    def __str__(self) -> str:
        return f"{self.name} (run {self.job_result_id})"


class Worker(models.Model):
    """A live worker process. A worker silent for NETJOBS_WORKER_TIMEOUT seconds is dead (see reaper)."""

    name = models.CharField(max_length=255, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.IntegerField()
    queues = models.JSONField(default=list)
    backend = models.CharField(max_length=20, default="database")
    started = models.DateTimeField(default=timezone.now)
    last_heartbeat = models.DateTimeField(default=timezone.now, db_index=True)
    current_result_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FileProxy(models.Model):
    """An uploaded FileVar value, kept only until the run that needs it ends."""

    name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "file proxies"

    def __str__(self) -> str:
        return self.name
