from __future__ import annotations

from netjobs.api.extras import views
from netjobs.api.routers import Router

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("statuses", views.StatusViewSet, basename="status")
    router.register("tags", views.TagViewSet, basename="tag")
