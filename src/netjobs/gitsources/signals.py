"""Keep job definitions in step with repositories: a removed or disabled repository's jobs stop being runnable.

Signals rather than code in the CLI or API, so that the admin and any other path behave the same.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from netjobs.core.routers import BOOKKEEPING_ALIAS

__all__ = ["connect"]


def _repository_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    if not instance.enabled:
        from netjobs.gitsources.sync import retire_jobs

        retire_jobs(instance)


def _repository_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    from netjobs.gitsources.checkouts import remove_files
    from netjobs.gitsources.sync import retire_jobs

    retire_jobs(instance, forget_modules=True)
    # Files go only once the deletion is committed: a rolled-back delete must find its checkout intact.
    transaction.on_commit(lambda: remove_files(instance.slug), using=BOOKKEEPING_ALIAS)


def connect() -> None:
    from netjobs.gitsources.models import GitRepository

    post_save.connect(_repository_saved, sender=GitRepository, dispatch_uid="gitsources-saved")
    post_delete.connect(_repository_deleted, sender=GitRepository, dispatch_uid="gitsources-deleted")
