"""DCIM models, one module per concept; import them from here."""

from netjobs.dcim.models.components import ConsolePort, ConsoleServerPort, Interface, PowerOutlet, PowerPort
from netjobs.dcim.models.devices import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role
from netjobs.dcim.models.locations import Location, LocationType, Region, Site

__all__ = [
    "ConsolePort",
    "ConsoleServerPort",
    "Device",
    "DeviceRole",
    "DeviceType",
    "Interface",
    "Location",
    "LocationType",
    "Manufacturer",
    "Platform",
    "PowerOutlet",
    "PowerPort",
    "Region",
    "Role",
    "Site",
]
