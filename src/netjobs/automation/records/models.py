"""Output files of runs, and monotonic run counters for `/metrics` (bookkeeping database)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from netjobs.jobs.models import JobResult

__all__ = ["OutputFile", "RunCounter"]


class OutputFile(models.Model):
    """A file a job created with `self.create_file()`: kept (and deleted) with its result.

    The bytes are stored in the row, not on a local disk: in distributed mode the worker that wrote the file and
    the web server that serves it are different machines, and the database is the one store both share. The size
    limit (`NETJOBS_MAX_OUTPUT_FILE_SIZE`) keeps rows reasonable; lists defer `content`.
    """

    job_result = models.ForeignKey(JobResult, on_delete=models.CASCADE, related_name="output_files")
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["job_result", "name"]
        constraints = [models.UniqueConstraint(fields=["job_result", "name"], name="outputfile_unique_name")]

    def __str__(self) -> str:
        return self.name


class RunCounter(models.Model):
    """How many runs of a job started (`event="started"`) or finished with a status, since the counter existed.

    Incremented from the run signals in whichever process runs the job; unlike a count of JobResult rows it
    does not go down when old results are deleted, so Prometheus can treat it as a counter.
    """

    job_class_path = models.CharField(max_length=512)
    event = models.CharField(max_length=30, help_text='"started", or the terminal status of a finished run')
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job_class_path", "event"], name="runcounter_unique")]

    def __str__(self) -> str:
        return f"{self.job_class_path} {self.event}: {self.count}"
