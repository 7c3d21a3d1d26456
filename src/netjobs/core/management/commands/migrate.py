"""`migrate` that migrates every database alias when no --database is given (data and bookkeeping)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Without --database, every configured database is migrated."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(database=None)

    def get_check_kwargs(self, options: dict[str, Any]) -> dict[str, Any]:
        kwargs = super().get_check_kwargs({**options, "database": options["database"] or "default"})
        if options["database"] is None:
            kwargs["databases"] = list(connections)
        return kwargs

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database"] is not None:
            return super().handle(*args, **options)
        aliases = ["default"]
        if settings.NETJOBS_SPLIT_BOOKKEEPING:
            aliases += [alias for alias in connections if alias != "default"]
        for alias in aliases:
            if options["verbosity"] >= 1 and len(aliases) > 1:
                self.stdout.write(self.style.MIGRATE_HEADING(f"Database {alias!r}:"))
            super().handle(*args, **{**options, "database": alias})
        return None
