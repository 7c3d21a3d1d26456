"""`netjobs loadmaintenancedemo`: the maintenance app's demo data (after `netjobs loaddemo`). Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from netjobs.core.context import ChangeContext, change_context
from netjobs.maintenance.demo import DemoError, load_maintenance_demo


class Command(BaseCommand):
    help = "Load the circuit-maintenance demo: provider profiles, sources and sample notifications. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with change_context(ChangeContext(user_name="loaddemo")), transaction.atomic():
                result = load_maintenance_demo()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] > 0:
            for line in result.created:
                self.stdout.write(f"  created {line}")
            totals = result.totals
            if totals.stored:
                self.stdout.write(
                    f"  read {totals.stored} notification(s) from {result.maildir}: "
                    f"{totals.parsed} parsed, {totals.not_parsed} not parsed"
                )
            elif not result.created:
                self.stdout.write("Maintenance demo already loaded: nothing to change.")
            self.stdout.write(self.style.SUCCESS("Maintenance demo loaded."))
