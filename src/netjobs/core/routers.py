"""Route the bookkeeping apps (job results, logs, workers, locks) to the "jobs" database alias.

On SQLite the alias is a second database file, so both databases are migrated, each with its own apps.
On PostgreSQL it is a second connection to the *same* database: everything is migrated through "default" only,
because a shared `django_migrations` table would otherwise record the bookkeeping migrations as applied
without their tables ever being created through "jobs".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

__all__ = ["BOOKKEEPING_ALIAS", "BOOKKEEPING_APPS", "BookkeepingRouter"]

BOOKKEEPING_ALIAS = "jobs"
BOOKKEEPING_APPS = frozenset({"jobs", "scheduling", "events", "gitsources", "automation_records"})


class BookkeepingRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        # Never None: Django would then follow a relation into the database of the instance it starts from,
        # and `log_entry.object_type` or `result.user` would look for data tables in the bookkeeping file.
        return BOOKKEEPING_ALIAS if model._meta.app_label in BOOKKEEPING_APPS else DEFAULT_DB_ALIAS

    db_for_write = db_for_read

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Relations across the two aliases are declared with db_constraint=False and DO_NOTHING.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        if not settings.NETJOBS_SPLIT_BOOKKEEPING:
            return db != BOOKKEEPING_ALIAS
        return (db == BOOKKEEPING_ALIAS) == (app_label in BOOKKEEPING_APPS)
