"""`netjobs locks list|clear <name>`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.markup import escape
from rich.table import Table

from netjobs.jobs import locks
from netjobs.jobs.console import dump_json, make_console
from netjobs.jobs.models import JobLock


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "List the named job locks and who holds them, or clear one by hand."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Held locks").add_argument("--json", action="store_true")
        sub.add_parser("clear", help="Remove a lock (make sure its run is not running)").add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "clear":
            if not locks.clear(options["name"]):
                raise CommandError(f"No lock named {options['name']!r}", returncode=3)
            self.stdout.write(f"Cleared lock {options['name']}")
            return
        held = list(JobLock.objects.select_related("job_result"))
        if options["json"]:
            self.stdout.write(
                dump_json(
                    [
                        {
                            "name": lock.name,
                            "job_result_id": lock.job_result_id,
                            "job": lock.job_result.job_class_path,
                            "acquired": lock.acquired,
                            "worker": lock.worker,
                        }
                        for lock in held
                    ]
                )
            )
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("Lock", "Held by run", "Job", "Since", "Worker"):
            table.add_column(column)
        for lock in held:
            table.add_row(
                escape(lock.name),
                str(lock.job_result_id),
                escape(lock.job_result.job_class_path),
                f"{lock.acquired:%Y-%m-%d %H:%M:%S}",
                escape(lock.worker),
            )
        make_console().print(table if held else "No locks are held.")
