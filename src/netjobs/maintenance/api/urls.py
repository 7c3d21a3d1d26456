"""`/api/maintenance/…`: the router of the maintenance section.

Mounted by the project's API URLconf in the section namespace `maintenance`, like the inventory sections:
`path("maintenance/", include((router.urls, "maintenance"), namespace="maintenance"))`.
"""

from __future__ import annotations

from netjobs.api.routers import Router
from netjobs.maintenance.api import views

__all__ = ["register", "router"]


def register(router: Router) -> None:
    router.register("provider-profiles", views.ProviderMaintenanceProfileViewSet, basename="providermaintenanceprofile")
    router.register("sources", views.NotificationSourceViewSet, basename="notificationsource")
    router.register("notifications", views.NotificationViewSet, basename="notification")
    router.register("parsed-notifications", views.ParsedNotificationViewSet, basename="parsednotification")
    router.register("circuit-maintenances", views.CircuitMaintenanceViewSet, basename="circuitmaintenance")
    router.register("circuit-impacts", views.CircuitImpactViewSet, basename="circuitimpact")
    router.register("notes", views.MaintenanceNoteViewSet, basename="maintenancenote")


router = Router("maintenance")
register(router)
