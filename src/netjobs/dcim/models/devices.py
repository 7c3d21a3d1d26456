"""Manufacturers, device types, roles, platforms and devices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import SlugFromNameMixin, UniqueErrorsOnFieldMixin, validate_status_applies
from netjobs.dcim.querysets import AliasQuerySet

if TYPE_CHECKING:
    from netjobs.dcim.models.locations import Location
    from netjobs.ipam.models import IPAddress

__all__ = ["Device", "DeviceQuerySet", "DeviceRole", "DeviceType", "Manufacturer", "Platform", "Role"]

color_validator = RegexValidator(r"^[0-9a-f]{6}$", "Enter an RGB colour as six lowercase hex digits, e.g. 4caf50.")


class Manufacturer(SlugFromNameMixin, ChangeLoggedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceType(UniqueErrorsOnFieldMixin, SlugFromNameMixin, ChangeLoggedModel):
    """A hardware model (make and model) that devices are instances of."""

    slug_source = "model"

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="device_types")
    model = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    part_number = models.CharField(max_length=50, blank=True, help_text="Discrete part number (optional)")
    u_height = models.PositiveSmallIntegerField(default=1, verbose_name="height (U)")
    is_full_depth = models.BooleanField(default=True, help_text="Occupies both the front and the rear of a rack")
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    class Meta:
        ordering = ["manufacturer", "model"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "model"], name="dcim_devicetype_unique_manufacturer_model")
        ]

    def __str__(self) -> str:
        return self.model


class Role(SlugFromNameMixin, ChangeLoggedModel):
    """The function of an object (access switch, core router…), applicable to the models in `content_types`."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    color = models.CharField(max_length=6, default="9e9e9e", validators=[color_validator])
    content_types = models.ManyToManyField(ContentType, related_name="roles", blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceRoleManager(models.Manager):
    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(content_types__app_label="dcim", content_types__model="device")


class DeviceRole(Role):
    """The roles that apply to devices: Nautobot 1's `DeviceRole`. Saving one makes it apply to devices."""

    objects = DeviceRoleManager()

    class Meta:
        proxy = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.content_types.add(ContentType.objects.get_for_model(Device))


class Platform(SlugFromNameMixin, ChangeLoggedModel):
    """The software a device runs, and the driver names automation libraries use for it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="platforms", null=True, blank=True
    )
    network_driver = models.CharField(
        max_length=100, blank=True, help_text="Netmiko/netutils driver name, e.g. cisco_ios or arista_eos"
    )
    napalm_driver = models.CharField(max_length=50, blank=True, verbose_name="NAPALM driver", help_text="e.g. ios, eos")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceQuerySet(AliasQuerySet):
    lookup_aliases: ClassVar[dict[str, str]] = {"site": "location", "device_role": "role"}


class Device(UniqueErrorsOnFieldMixin, ChangeLoggedModel):
    """A piece of network hardware at a location.

    `site` and `device_role` are aliases of `location` and `role` (constructor, attribute and lookups), so jobs
    written for Nautobot 1 run unchanged.
    """

    name = models.CharField(max_length=64)
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="devices")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="devices")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="devices", null=True, blank=True)
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.PROTECT, related_name="devices", null=True, blank=True
    )
    location = models.ForeignKey("dcim.Location", on_delete=models.PROTECT, related_name="devices")
    status = models.ForeignKey("core.Status", on_delete=models.PROTECT, related_name="devices")
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    asset_tag = models.CharField(max_length=50, blank=True, null=True, unique=True)
    primary_ip4 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        related_name="primary_ip4_for",
        null=True,
        blank=True,
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.OneToOneField(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        related_name="primary_ip6_for",
        null=True,
        blank=True,
        verbose_name="primary IPv6",
    )
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["location", "name"], name="dcim_device_unique_location_name")]

    def __str__(self) -> str:
        return self.name

    # --- Nautobot 1 aliases ------------------------------------------------------------------------------------
    @property
    def site(self) -> Location:
        return self.location

    @site.setter
    def site(self, value: Location) -> None:
        self.location = value

    @property
    def device_role(self) -> Role:
        return self.role

    @device_role.setter
    def device_role(self, value: Role) -> None:
        self.role = value

    @property
    def primary_ip(self) -> IPAddress | None:
        """The primary IPv6 address if there is one, else the primary IPv4 address (NetBox's rule)."""
        return self.primary_ip6 or self.primary_ip4

    # -----------------------------------------------------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        if self.asset_tag == "":
            self.asset_tag = None  # unique, so "no tag" must be NULL
        validate_status_applies(self)
        errors: dict[str, str] = {}
        if self.role_id is not None:
            device_type = ContentType.objects.get_for_model(Device)
            if not self.role.content_types.filter(pk=device_type.pk).exists():
                errors["role"] = f"Role “{self.role}” does not apply to devices."
        if (
            self.platform_id is not None
            and self.device_type_id is not None
            and self.platform.manufacturer_id not in (None, self.device_type.manufacturer_id)
        ):
            errors["platform"] = (
                f"Platform “{self.platform}” is for {self.platform.manufacturer} devices, "
                f"not {self.device_type.manufacturer}."
            )
        for field, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            if error := self._primary_ip_error(field, version):
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    def _primary_ip_error(self, field: str, version: int) -> str | None:
        if getattr(self, f"{field}_id") is None:
            return None
        ip = getattr(self, field)
        if ip.address.version != version:
            return f"{ip} is not an IPv{version} address."
        if self.pk is None or ip.interface_id is None or ip.interface.device_id != self.pk:
            return f"{ip} is not assigned to an interface of this device."
        return None
