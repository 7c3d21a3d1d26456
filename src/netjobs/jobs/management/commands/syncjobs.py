"""`netjobs syncjobs`: discover job classes and mirror them as JobDefinitions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from netjobs.jobs.registry import sync_job_definitions


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "Discover jobs (jobs root and installed apps) and update the job list. Import errors are reported."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-import-errors", action="store_true", help="Exit 0 even when a module fails to import"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        modules = sync_job_definitions()
        for module in modules:
            if module.import_error:
                self.stderr.write(self.style.ERROR(f"{module.source}/{module.module_name}: failed to import"))
                if options["verbosity"] >= 1:
                    self.stderr.write(module.import_error.rstrip())
            elif options["verbosity"] >= 2:
                names = ", ".join(job.__name__ for job in module.jobs) or "(no jobs)"
                self.stdout.write(f"{module.source}/{module.module_name}: {names}")
        total = sum(len(m.jobs) for m in modules)
        broken = sum(1 for m in modules if m.import_error)
        if options["verbosity"] >= 1:
            self.stdout.write(f"{total} job(s) in {len(modules)} module(s); {broken} module(s) failed to import")
        if broken and not options["allow_import_errors"]:
            raise SystemExit(1)  # scripts and CI notice a job file that does not import
