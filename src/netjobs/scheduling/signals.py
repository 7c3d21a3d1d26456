"""Keep the scheduler and the system schedules in step with edits, without polling.

- A saved or deleted ScheduledJob wakes local schedulers (a datagram on the "schedule" channel) once its
  transaction commits, so a schedule created for "now" fires now, not at the end of the scheduler's sleep.
- A saved or deleted RuntimeSetting re-runs `schedule_system_jobs()` after commit: changing an interval in the
  admin re-creates that system job's schedule.

The scheduler's own fires use `QuerySet.update()`, which sends no signals: it never wakes itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from netjobs.core.routers import BOOKKEEPING_ALIAS
from netjobs.jobs import notify
from netjobs.scheduling.models import RuntimeSetting, ScheduledJob

__all__ = ["connect", "wake_schedulers"]

logger = logging.getLogger(__name__)


def wake_schedulers() -> None:
    from netjobs.scheduling.scheduler import SCHEDULE_CHANNEL

    try:
        notify.send(SCHEDULE_CHANNEL)
    except OSError:
        logger.debug("Could not wake schedulers", exc_info=True)


def _schedule_changed(sender: type, **kwargs: Any) -> None:
    transaction.on_commit(wake_schedulers, using=BOOKKEEPING_ALIAS)


def _reschedule_system_jobs() -> None:
    from netjobs.scheduling.system_jobs import schedule_system_jobs

    try:
        schedule_system_jobs()
    except Exception:
        logger.exception("Re-scheduling system jobs after a settings change failed")


def _setting_changed(sender: type, **kwargs: Any) -> None:
    transaction.on_commit(_reschedule_system_jobs, using=BOOKKEEPING_ALIAS)


def connect() -> None:
    post_save.connect(_schedule_changed, sender=ScheduledJob, dispatch_uid="netjobs.scheduling.schedule_saved")
    post_delete.connect(_schedule_changed, sender=ScheduledJob, dispatch_uid="netjobs.scheduling.schedule_deleted")
    post_save.connect(_setting_changed, sender=RuntimeSetting, dispatch_uid="netjobs.scheduling.setting_saved")
    post_delete.connect(_setting_changed, sender=RuntimeSetting, dispatch_uid="netjobs.scheduling.setting_deleted")
