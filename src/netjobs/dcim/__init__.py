"""DCIM: locations, device types, devices and their interfaces, console and power ports."""
