"""Schedule routes: `scheduled-jobs` (Nautobot 2's path) on the `extras` router."""

from __future__ import annotations

from netjobs.api.routers import Router
from netjobs.api.schedules.views import ScheduledJobViewSet

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("scheduled-jobs", ScheduledJobViewSet, basename="scheduledjob")
