"""Device components: interfaces, console ports and power ports, and the connections between them."""

from __future__ import annotations

from typing import Any

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import UniqueErrorsOnFieldMixin
from netjobs.dcim.choices import ConsolePortTypeChoices, InterfaceTypeChoices, PowerFeedLegChoices

__all__ = ["ConsolePort", "ConsoleServerPort", "Interface", "PowerOutlet", "PowerPort", "disconnect"]


def disconnect(collector: Any, field: models.Field, sub_objs: Any, using: str) -> None:
    """`on_delete` of `connected_endpoint`: when the far port goes, this port becomes unconnected, status included.

    Plain SET_NULL would leave `connection_status` set on an unconnected port, which `clean()` forbids.
    """
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(field.model._meta.get_field("connection_status"), None, sub_objs)


class ComponentModel(UniqueErrorsOnFieldMixin, ChangeLoggedModel):
    """A named part of one device; the name is unique on that device. Subclasses declare the `device` key."""

    device: models.ForeignKey
    name = models.CharField(max_length=64)
    label = models.CharField(max_length=64, blank=True, help_text="Physical label, if it differs from the name")
    description = models.CharField(max_length=200, blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    class Meta:
        abstract = True
        ordering = ["device", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="%(app_label)s_%(class)s_unique_device_name")
        ]

    def __str__(self) -> str:
        device = self.device.name if self.device_id is not None else "(no device)"
        return f"{device} {self.name}"


class Interface(ComponentModel):
    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="interfaces")
    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.choices)
    enabled = models.BooleanField(default=True)
    mgmt_only = models.BooleanField(
        default=False, verbose_name="management only", help_text="Out-of-band management only, not a data port"
    )
    mtu = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(65536)], verbose_name="MTU"
    )
    mac_address = models.CharField(max_length=17, blank=True, verbose_name="MAC address")

    @property
    def is_virtual(self) -> bool:
        return self.type in InterfaceTypeChoices.virtual_types()

    def clean(self) -> None:
        super().clean()
        if self.mac_address:
            try:
                mac = netaddr.EUI(self.mac_address, version=48)
            except (netaddr.AddrFormatError, TypeError, ValueError):
                raise ValidationError(
                    {"mac_address": f"“{self.mac_address}” is not a MAC address (e.g. 00:1A:2B:3C:4D:5E)."}
                ) from None
            mac.dialect = netaddr.mac_unix_expanded
            self.mac_address = str(mac).upper()


class ConsoleServerPort(ComponentModel):
    """A serial port on a console server that a device's console port plugs into."""

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="console_server_ports")
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.choices, blank=True)

    class Meta(ComponentModel.Meta):
        verbose_name = "console server port"


class ConnectedPortMixin(models.Model):
    """`connection_status` qualifies `connected_endpoint`: True connected, False planned, None unconnected."""

    connection_status = models.BooleanField(
        null=True, blank=True, help_text="Connected (yes) or planned (no); empty when there is no connection"
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        connected = self.connected_endpoint_id is not None  # type: ignore[attr-defined]
        if connected and self.connection_status is None:
            raise ValidationError({"connection_status": "A connection must be marked connected or planned."})
        if not connected and self.connection_status is not None:
            raise ValidationError({"connection_status": "There is no connection to mark as connected or planned."})
        if connected and self.connected_endpoint.device_id == self.device_id:  # type: ignore[attr-defined]
            raise ValidationError({"connected_endpoint": "A port cannot be connected to its own device."})


class ConsolePort(ConnectedPortMixin, ComponentModel):
    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="console_ports")
    type = models.CharField(max_length=50, choices=ConsolePortTypeChoices.choices, blank=True)
    connected_endpoint = models.OneToOneField(
        ConsoleServerPort,
        on_delete=disconnect,
        related_name="connected_console_port",
        null=True,
        blank=True,
        help_text="The console server port this port is cabled to",
    )

    class Meta(ComponentModel.Meta):
        verbose_name = "console port"


class PowerOutlet(ComponentModel):
    """An outlet on a PDU that a device's power port plugs into."""

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="power_outlets")
    feed_leg = models.CharField(max_length=1, choices=PowerFeedLegChoices.choices, blank=True)

    class Meta(ComponentModel.Meta):
        verbose_name = "power outlet"


class PowerPort(ConnectedPortMixin, ComponentModel):
    """A power supply of a device."""

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="power_ports")
    maximum_draw = models.PositiveIntegerField(null=True, blank=True, help_text="Maximum power draw (watts)")
    allocated_draw = models.PositiveIntegerField(null=True, blank=True, help_text="Allocated power draw (watts)")
    connected_endpoint = models.OneToOneField(
        PowerOutlet,
        on_delete=disconnect,
        related_name="connected_power_port",
        null=True,
        blank=True,
        help_text="The power outlet this power supply is plugged into",
    )

    class Meta(ComponentModel.Meta):
        verbose_name = "power port"

    def clean(self) -> None:
        super().clean()
        if (
            self.maximum_draw is not None
            and self.allocated_draw is not None
            and self.allocated_draw > self.maximum_draw
        ):
            raise ValidationError(
                {"allocated_draw": f"Allocated draw cannot exceed the maximum draw ({self.maximum_draw} W)."}
            )
