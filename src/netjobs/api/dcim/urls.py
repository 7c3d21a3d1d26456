from __future__ import annotations

from netjobs.api.dcim import views
from netjobs.api.routers import Router

__all__ = ["register"]


def register(router: Router) -> None:
    router.register("location-types", views.LocationTypeViewSet, basename="locationtype")
    router.register("locations", views.LocationViewSet, basename="location")
    router.register("regions", views.RegionViewSet, basename="region")
    router.register("sites", views.SiteViewSet, basename="site")
    router.register("manufacturers", views.ManufacturerViewSet, basename="manufacturer")
    router.register("device-types", views.DeviceTypeViewSet, basename="devicetype")
    router.register("roles", views.RoleViewSet, basename="role")
    router.register("device-roles", views.DeviceRoleViewSet, basename="devicerole")
    router.register("platforms", views.PlatformViewSet, basename="platform")
    router.register("devices", views.DeviceViewSet, basename="device")
    router.register("interfaces", views.InterfaceViewSet, basename="interface")
    router.register("console-ports", views.ConsolePortViewSet, basename="consoleport")
    router.register("console-server-ports", views.ConsoleServerPortViewSet, basename="consoleserverport")
    router.register("power-ports", views.PowerPortViewSet, basename="powerport")
    router.register("power-outlets", views.PowerOutletViewSet, basename="poweroutlet")
