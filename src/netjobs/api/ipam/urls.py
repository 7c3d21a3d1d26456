from __future__ import annotations

from netjobs.api.ipam import views
from netjobs.api.routers import Router

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("prefixes", views.PrefixViewSet, basename="prefix")
    router.register("ip-addresses", views.IPAddressViewSet, basename="ipaddress")
