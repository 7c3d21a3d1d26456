"""dcim endpoints: list, detail, create, update, delete, each also in bulk."""

from __future__ import annotations

from netjobs.api.dcim import filters, serializers
from netjobs.api.viewsets import InventoryViewSet
from netjobs.dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceRole,
    DeviceType,
    Interface,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerOutlet,
    PowerPort,
    Region,
    Role,
    Site,
)

__all__ = [
    "ConsolePortViewSet",
    "ConsoleServerPortViewSet",
    "DeviceRoleViewSet",
    "DeviceTypeViewSet",
    "DeviceViewSet",
    "InterfaceViewSet",
    "LocationTypeViewSet",
    "LocationViewSet",
    "ManufacturerViewSet",
    "PlatformViewSet",
    "PowerOutletViewSet",
    "PowerPortViewSet",
    "RegionViewSet",
    "RoleViewSet",
    "SiteViewSet",
]


class LocationTypeViewSet(InventoryViewSet):
    queryset = LocationType.objects.select_related("parent")
    serializer_class = serializers.LocationTypeSerializer
    filterset_class = filters.LocationTypeFilterSet


class LocationViewSet(InventoryViewSet):
    queryset = Location.objects.select_related("location_type", "parent", "status", "tenant").prefetch_related("tags")
    serializer_class = serializers.LocationSerializer
    filterset_class = filters.LocationFilterSet


class RegionViewSet(InventoryViewSet):
    queryset = Region.objects.select_related("location_type", "parent", "status", "tenant").prefetch_related("tags")
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilterSet


class SiteViewSet(InventoryViewSet):
    queryset = Site.objects.select_related("location_type", "parent", "status", "tenant").prefetch_related("tags")
    serializer_class = serializers.SiteSerializer
    filterset_class = filters.SiteFilterSet


class ManufacturerViewSet(InventoryViewSet):
    queryset = Manufacturer.objects.all()
    serializer_class = serializers.ManufacturerSerializer
    filterset_class = filters.ManufacturerFilterSet


class DeviceTypeViewSet(InventoryViewSet):
    queryset = DeviceType.objects.select_related("manufacturer").prefetch_related("tags")
    serializer_class = serializers.DeviceTypeSerializer
    filterset_class = filters.DeviceTypeFilterSet


class RoleViewSet(InventoryViewSet):
    queryset = Role.objects.prefetch_related("content_types")
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilterSet


class DeviceRoleViewSet(InventoryViewSet):
    queryset = DeviceRole.objects.prefetch_related("content_types")
    serializer_class = serializers.DeviceRoleSerializer
    filterset_class = filters.DeviceRoleFilterSet


class PlatformViewSet(InventoryViewSet):
    queryset = Platform.objects.select_related("manufacturer")
    serializer_class = serializers.PlatformSerializer
    filterset_class = filters.PlatformFilterSet


class DeviceViewSet(InventoryViewSet):
    queryset = Device.objects.select_related(
        "device_type", "role", "platform", "tenant", "location", "status", "primary_ip4", "primary_ip6"
    ).prefetch_related("tags")
    serializer_class = serializers.DeviceSerializer
    filterset_class = filters.DeviceFilterSet


class InterfaceViewSet(InventoryViewSet):
    queryset = Interface.objects.select_related("device").prefetch_related("tags")
    serializer_class = serializers.InterfaceSerializer
    filterset_class = filters.InterfaceFilterSet


class ConsolePortViewSet(InventoryViewSet):
    queryset = ConsolePort.objects.select_related("device", "connected_endpoint").prefetch_related("tags")
    serializer_class = serializers.ConsolePortSerializer
    filterset_class = filters.ConsolePortFilterSet


class ConsoleServerPortViewSet(InventoryViewSet):
    queryset = ConsoleServerPort.objects.select_related("device").prefetch_related("tags")
    serializer_class = serializers.ConsoleServerPortSerializer
    filterset_class = filters.ConsoleServerPortFilterSet


class PowerPortViewSet(InventoryViewSet):
    queryset = PowerPort.objects.select_related("device", "connected_endpoint").prefetch_related("tags")
    serializer_class = serializers.PowerPortSerializer
    filterset_class = filters.PowerPortFilterSet


class PowerOutletViewSet(InventoryViewSet):
    queryset = PowerOutlet.objects.select_related("device").prefetch_related("tags")
    serializer_class = serializers.PowerOutletSerializer
    filterset_class = filters.PowerOutletFilterSet
