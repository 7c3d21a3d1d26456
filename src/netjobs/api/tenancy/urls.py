from __future__ import annotations

from netjobs.api.routers import Router
from netjobs.api.tenancy import views

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("tenant-groups", views.TenantGroupViewSet, basename="tenantgroup")
    router.register("tenants", views.TenantViewSet, basename="tenant")
