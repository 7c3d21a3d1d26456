from __future__ import annotations

from netjobs.api.routers import Router
from netjobs.api.users.views import GroupViewSet, TokenViewSet, UserViewSet

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("tokens", TokenViewSet, basename="token")
    router.register("users", UserViewSet, basename="user")
    router.register("groups", GroupViewSet, basename="group")
