"""`netjobs jobs list|enable|disable`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.markup import escape
from rich.table import Table

from netjobs.jobs.console import dump_json, make_console, status_style
from netjobs.jobs.models import JobDefinition, JobModule, JobResult
from netjobs.jobs.registry import sync_job_definitions


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "List jobs, or enable/disable one."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="List jobs grouped by module, with their last run")
        listing.add_argument("--json", action="store_true")
        listing.add_argument("--all", action="store_true", help="Include hidden and uninstalled jobs")
        for action in ("enable", "disable"):
            sub.add_parser(action, help=f"{action.capitalize()} a job").add_argument("class_path")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] in ("enable", "disable"):
            updated = JobDefinition.objects.filter(class_path=options["class_path"]).update(
                enabled=options["action"] == "enable"
            )
            if not updated:
                raise CommandError(f"No job {options['class_path']!r} (see `netjobs jobs list`)", returncode=3)
            self.stdout.write(f"{options['class_path']} {options['action']}d")
            return
        self._list(options)

    def _list(self, options: dict[str, Any]) -> None:
        sync_job_definitions()  # what is on disk now, import errors included
        jobs = JobDefinition.objects.all()
        if not options["all"]:
            jobs = jobs.filter(installed=True, hidden=False)
        jobs = list(jobs)
        last = {}
        for job in jobs:
            last[job.pk] = JobResult.objects.filter(job_definition=job).order_by("-created", "-id").first()
        broken = list(JobModule.objects.exclude(import_error=""))
        if options["json"]:
            payload = {
                "jobs": [
                    {
                        "class_path": j.class_path,
                        "name": j.name,
                        "grouping": j.grouping,
                        "description": j.description,
                        "enabled": j.enabled,
                        "installed": j.installed,
                        "read_only": j.read_only,
                        "last_result": {"id": last[j.pk].pk, "status": last[j.pk].status} if last[j.pk] else None,
                    }
                    for j in jobs
                ],
                "import_errors": {f"{m.source}/{m.module_name}": m.import_error for m in broken},
            }
            self.stdout.write(dump_json(payload))
            return
        console = make_console()
        table = Table(show_edge=False, header_style="bold")
        for column in ("Group", "Class path", "Name", "Enabled", "Last run"):
            table.add_column(column)
        group = None
        for job in jobs:
            result = last[job.pk]
            status = "-"
            if result:
                status = f"[{status_style(result.status)}]{result.status}[/] {result.created:%Y-%m-%d %H:%M}"
            table.add_row(
                escape(job.grouping) if job.grouping != group else "",
                escape(job.class_path),
                escape(job.name),
                "yes" if job.enabled else "[yellow]no[/yellow]",
                status,
            )
            group = job.grouping
        console.print(table)
        for module in broken:
            last_line = module.import_error.strip().splitlines()[-1] if module.import_error.strip() else ""
            console.print(
                f"[red]{escape(module.source)}/{escape(module.module_name)} failed to import:[/red] {escape(last_line)}"
            )
