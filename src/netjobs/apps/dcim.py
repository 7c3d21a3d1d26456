"""DCIM models for job authors: `from netjobs.apps.dcim import Device, Site, …`."""

from netjobs.dcim.choices import ConsolePortTypeChoices, InterfaceTypeChoices, PowerFeedLegChoices
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
    "ConsolePort",
    "ConsolePortTypeChoices",
    "ConsoleServerPort",
    "Device",
    "DeviceRole",
    "DeviceType",
    "Interface",
    "InterfaceTypeChoices",
    "Location",
    "LocationType",
    "Manufacturer",
    "Platform",
    "PowerFeedLegChoices",
    "PowerOutlet",
    "PowerPort",
    "Region",
    "Role",
    "Site",
]
