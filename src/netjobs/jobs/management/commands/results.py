"""`netjobs results list|show`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.console import (
    LogPrinter,
    dump_json,
    make_console,
    print_result_summary,
    result_as_dict,
    results_table,
)
from netjobs.jobs.models import JobResult


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "List job results, or show one with its log."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Most recent results first")
        listing.add_argument("--job", help="Only this class path")
        listing.add_argument("--status", choices=JobResultStatus.values)
        listing.add_argument("--limit", type=int, default=20)
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="One result")
        show.add_argument("id", type=int)
        show.add_argument("--logs", action="store_true", help="Include the log")
        show.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            results = JobResult.objects.all()
            if options["job"]:
                results = results.filter(job_class_path=options["job"])
            if options["status"]:
                results = results.filter(status=options["status"])
            results = list(results[: max(1, options["limit"])])
            if options["json"]:
                self.stdout.write(dump_json([result_as_dict(r) for r in results]))
            else:
                make_console().print(results_table(results))
            return
        result = JobResult.objects.filter(pk=options["id"]).first()
        if result is None:
            raise CommandError(f"No result {options['id']}", returncode=3)
        if options["json"]:
            self.stdout.write(dump_json(result_as_dict(result, logs=options["logs"])))
            return
        console = make_console()
        console.print(f"[bold]{result.name}[/bold] ({result.job_class_path}) by {result.user_name or 'system'}")
        console.print(f"Input: {dump_json(result.task_kwargs)}", markup=False)
        if options["logs"]:
            LogPrinter(console).print_new(result.pk)
        print_result_summary(console, result)
