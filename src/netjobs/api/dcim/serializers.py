"""dcim serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from netjobs.api.serializers import BaseModelSerializer
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
    "ConsolePortSerializer",
    "ConsoleServerPortSerializer",
    "DeviceRoleSerializer",
    "DeviceSerializer",
    "DeviceTypeSerializer",
    "InterfaceSerializer",
    "LocationSerializer",
    "LocationTypeSerializer",
    "ManufacturerSerializer",
    "PlatformSerializer",
    "PowerOutletSerializer",
    "PowerPortSerializer",
    "RegionSerializer",
    "RoleSerializer",
    "SiteSerializer",
]


class LocationTypeSerializer(BaseModelSerializer):
    class Meta:
        model = LocationType
        fields = "__all__"


class LocationSerializer(BaseModelSerializer):
    class Meta:
        model = Location
        fields = "__all__"


class RegionSerializer(BaseModelSerializer):
    class Meta:
        model = Region
        fields = "__all__"


class SiteSerializer(BaseModelSerializer):
    class Meta:
        model = Site
        fields = "__all__"


class ManufacturerSerializer(BaseModelSerializer):
    class Meta:
        model = Manufacturer
        fields = "__all__"


class DeviceTypeSerializer(BaseModelSerializer):
    class Meta:
        model = DeviceType
        fields = "__all__"


class RoleSerializer(BaseModelSerializer):
    class Meta:
        model = Role
        fields = "__all__"


class DeviceRoleSerializer(BaseModelSerializer):
    class Meta:
        model = DeviceRole
        fields = "__all__"


class PlatformSerializer(BaseModelSerializer):
    class Meta:
        model = Platform
        fields = "__all__"


class DeviceSerializer(BaseModelSerializer):
    class Meta:
        model = Device
        fields = "__all__"


class InterfaceSerializer(BaseModelSerializer):
    class Meta:
        model = Interface
        fields = "__all__"


class ConsolePortSerializer(BaseModelSerializer):
    class Meta:
        model = ConsolePort
        fields = "__all__"


class ConsoleServerPortSerializer(BaseModelSerializer):
    class Meta:
        model = ConsoleServerPort
        fields = "__all__"


class PowerPortSerializer(BaseModelSerializer):
    class Meta:
        model = PowerPort
        fields = "__all__"


class PowerOutletSerializer(BaseModelSerializer):
    class Meta:
        model = PowerOutlet
        fields = "__all__"
