"""Terminal rendering of runs and log lines for the CLI (rich: colours on a terminal, plain text in a pipe)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobLogEntry, JobResult

__all__ = ["EXIT_CODES", "LogPrinter", "make_console", "result_as_dict", "status_style"]

LEVEL_STYLES = {
    "debug": "dim",
    "info": "cyan",
    "success": "green",
    "warning": "yellow",
    "failure": "bold red",
}
STATUS_STYLES = {
    JobResultStatus.COMPLETED: "green",
    JobResultStatus.FAILED: "red",
    JobResultStatus.ERRORED: "bold red",
    JobResultStatus.CANCELLED: "magenta",
    JobResultStatus.RUNNING: "blue",
    JobResultStatus.PENDING: "white",
}
#: `netjobs runjob` exit codes by final status; 3 is bad input, 4 a timeout while waiting.
EXIT_CODES = {
    JobResultStatus.COMPLETED: 0,
    JobResultStatus.FAILED: 1,
    JobResultStatus.ERRORED: 2,
    JobResultStatus.CANCELLED: 2,
}


def make_console(stderr: bool = False) -> Console:
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, soft_wrap=True)


def status_style(status: str) -> str:
    return STATUS_STYLES.get(status, "white")


class LogPrinter:
    """Prints log lines as they arrive, with a heading whenever the method (grouping) changes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.last_id = 0
        self.grouping: str | None = None

    def print_new(self, result_id: int) -> int:
        entries = list(JobLogEntry.objects.filter(job_result_id=result_id, id__gt=self.last_id).order_by("id"))
        for entry in entries:
            self.print_entry(entry)
        return len(entries)

    def print_entry(self, entry: JobLogEntry) -> None:
        self.last_id = entry.pk
        if entry.grouping != self.grouping:
            self.grouping = entry.grouping
            self.console.print(f"[bold]── {escape(entry.grouping)}[/bold]")
        style = LEVEL_STYLES.get(entry.log_level, "white")
        obj = f" [dim]{escape(entry.log_object)}:[/dim]" if entry.log_object else ""
        stamp = entry.created.strftime("%H:%M:%S")
        self.console.print(
            f"[dim]{stamp}[/dim] [{style}]{entry.log_level.upper():<8}[/{style}]{obj} {escape(entry.message)}"
        )


def result_as_dict(result: JobResult, *, logs: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": result.pk,
        "job": result.job_class_path,
        "name": result.name,
        "status": result.status,
        "user": result.user_name or None,
        "commit": result.commit,
        "queue": result.queue,
        "input": result.task_kwargs,
        "created": result.created,
        "started": result.started,
        "finished": result.finished,
        "duration_s": result.duration.total_seconds() if result.duration else None,
        "worker": result.worker or None,
        "result": result.result,
        "error": result.error or None,
        "traceback": result.traceback or None,
        "log_counts": result.log_counts,
    }
    if logs:
        data["logs"] = [
            {
                "id": e.pk,
                "created": e.created,
                "level": e.log_level,
                "grouping": e.grouping,
                "object": e.log_object or None,
                "message": e.message,
            }
            for e in result.logs.order_by("id")
        ]
    return data


def dump_json(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2)


def print_result_summary(console: Console, result: JobResult) -> None:
    style = status_style(result.status)
    duration = f" in {result.duration.total_seconds():.2f}s" if result.duration else ""
    console.print(f"[{style}]Run {result.pk} {result.get_status_display().lower()}[/{style}]{duration}")
    if result.result not in (None, ""):
        value = result.result if isinstance(result.result, str) else dump_json(result.result)
        console.print("[bold]Return value:[/bold]")
        console.print(escape(value), markup=True)
    if result.status == JobResultStatus.ERRORED and result.traceback:
        console.print(f"[red]{escape(result.traceback.rstrip())}[/red]")


def results_table(results: list[JobResult]) -> Table:
    table = Table(show_edge=False, header_style="bold")
    for column in ("ID", "Job", "Status", "User", "Created", "Duration"):
        table.add_column(column)
    for r in results:
        style = status_style(r.status)
        table.add_row(
            str(r.pk),
            escape(r.job_class_path),
            f"[{style}]{r.status}[/{style}]",
            escape(r.user_name or "-"),
            r.created.strftime("%Y-%m-%d %H:%M:%S"),
            f"{r.duration.total_seconds():.2f}s" if r.duration else "-",
        )
    return table
