"""dcim filter sets: `id`, `q`, each field below exactly, and every relation by id and by slug/name."""

from __future__ import annotations

from netjobs.api.filters import BaseFilterSet
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
    "ConsolePortFilterSet",
    "ConsoleServerPortFilterSet",
    "DeviceFilterSet",
    "DeviceRoleFilterSet",
    "DeviceTypeFilterSet",
    "InterfaceFilterSet",
    "LocationFilterSet",
    "LocationTypeFilterSet",
    "ManufacturerFilterSet",
    "PlatformFilterSet",
    "PowerOutletFilterSet",
    "PowerPortFilterSet",
    "RegionFilterSet",
    "RoleFilterSet",
    "SiteFilterSet",
]


class LocationTypeFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = LocationType
        fields = ["id", "name", "slug", "nestable"]


class LocationFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description", "comments")

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "slug",
            "facility",
            "asn",
            "time_zone",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]


class RegionFilterSet(LocationFilterSet):
    """Regions are locations of one type: the same filters."""

    class Meta(LocationFilterSet.Meta):
        model = Region


class SiteFilterSet(LocationFilterSet):
    """Sites are locations of one type: the same filters."""

    class Meta(LocationFilterSet.Meta):
        model = Site


class ManufacturerFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Manufacturer
        fields = ["id", "name", "slug"]


class DeviceTypeFilterSet(BaseFilterSet):
    search_fields = ("model", "slug", "part_number", "comments")

    class Meta:
        model = DeviceType
        fields = ["id", "model", "slug", "part_number", "u_height", "is_full_depth"]


class RoleFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Role
        fields = ["id", "name", "slug", "color"]


class DeviceRoleFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = DeviceRole
        fields = ["id", "name", "slug", "color"]


class PlatformFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Platform
        fields = ["id", "name", "slug", "network_driver", "napalm_driver"]


class DeviceFilterSet(BaseFilterSet):
    search_fields = ("name", "serial", "asset_tag", "comments")

    class Meta:
        model = Device
        fields = ["id", "name", "serial", "asset_tag"]


class InterfaceFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")

    class Meta:
        model = Interface
        fields = ["id", "name", "label", "type", "enabled", "mgmt_only", "mtu", "mac_address"]


class ConsolePortFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")

    class Meta:
        model = ConsolePort
        fields = ["id", "name", "label", "connection_status", "type"]


class ConsoleServerPortFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")

    class Meta:
        model = ConsoleServerPort
        fields = ["id", "name", "label", "type"]


class PowerPortFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")

    class Meta:
        model = PowerPort
        fields = ["id", "name", "label", "connection_status", "maximum_draw", "allocated_draw"]


class PowerOutletFilterSet(BaseFilterSet):
    search_fields = ("name", "label", "description")

    class Meta:
        model = PowerOutlet
        fields = ["id", "name", "label", "feed_leg"]
