"""Prefixes and IP addresses.

Each row carries hex sort keys (`network_key`/`broadcast_key`, `host_key`, see `netjobs.ipam.fields.sort_key`)
kept in step by `clean()` and `save()`, so that ordering is numeric and "which prefix contains this address"
is an indexed range query rather than a Python scan. `QuerySet.update()` of an address bypasses them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import validate_status_applies
from netjobs.ipam.choices import IPAddressRoleChoices, PrefixTypeChoices
from netjobs.ipam.fields import IPAddressWithMaskField, IPNetworkField, sort_key

__all__ = ["IPAddress", "IPAddressQuerySet", "Prefix", "PrefixQuerySet", "Utilization"]

dns_name_validator = RegexValidator(
    r"^([0-9A-Za-z_-]+|\*)(\.[0-9A-Za-z_-]+)*\.?$",
    "Only letters, digits, hyphens, underscores and dots are allowed in a DNS name.",
)


class Utilization(NamedTuple):
    """How much of a prefix is in use, in addresses."""

    used: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.used / self.total if self.total else 0.0


class PrefixQuerySet(models.QuerySet):
    def containing(self, address: netaddr.IPAddress | netaddr.IPNetwork | str) -> PrefixQuerySet:
        """Prefixes that contain `address` (an address or a network), most specific first."""
        network = netaddr.IPNetwork(str(address))
        return self.filter(
            ip_version=network.version,
            network_key__lte=sort_key(network.network),
            broadcast_key__gte=sort_key(network[-1]),
            prefix_length__lte=network.prefixlen,
        ).order_by("-prefix_length")


class Prefix(ChangeLoggedModel):
    """An IPv4 or IPv6 network, e.g. 10.0.0.0/24. Stored normalised to its network address."""

    prefix = IPNetworkField(unique=True)
    type = models.CharField(max_length=20, choices=PrefixTypeChoices.choices, default=PrefixTypeChoices.NETWORK)
    status = models.ForeignKey("core.Status", on_delete=models.PROTECT, related_name="prefixes")
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.PROTECT, related_name="prefixes", null=True, blank=True
    )
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, related_name="prefixes", null=True, blank=True
    )
    description = models.CharField(max_length=200, blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")
    # Derived from `prefix`; see the module docstring.
    ip_version = models.PositiveSmallIntegerField(editable=False, db_index=True)
    prefix_length = models.PositiveSmallIntegerField(editable=False)
    network_key = models.CharField(max_length=32, editable=False, db_index=True)
    broadcast_key = models.CharField(max_length=32, editable=False, db_index=True)

    objects = PrefixQuerySet.as_manager()

    class Meta:
        ordering = ["ip_version", "network_key", "prefix_length"]
        verbose_name_plural = "prefixes"

    def __str__(self) -> str:
        return str(self.prefix)

    def _sync_keys(self) -> None:
        if isinstance(self.prefix, netaddr.IPNetwork):
            self.prefix = self.prefix.cidr  # 10.0.0.7/24 means 10.0.0.0/24
            self.ip_version = self.prefix.version
            self.prefix_length = self.prefix.prefixlen
            self.network_key = sort_key(self.prefix.network)
            self.broadcast_key = sort_key(self.prefix[-1])

    def clean(self) -> None:
        super().clean()
        self._sync_keys()
        validate_status_applies(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.prefix = type(self)._meta.get_field("prefix").to_python(self.prefix)
        self._sync_keys()
        super().save(*args, **kwargs)

    def get_parent(self) -> Prefix | None:
        """The most specific prefix that contains this one."""
        return (
            Prefix.objects.containing(self.prefix)
            .exclude(pk=self.pk)
            .filter(prefix_length__lt=self.prefix_length)
            .first()
        )

    def get_child_prefixes(self) -> PrefixQuerySet:
        """Every prefix inside this one, at any depth."""
        return Prefix.objects.filter(
            ip_version=self.ip_version,
            network_key__gte=self.network_key,
            broadcast_key__lte=self.broadcast_key,
            prefix_length__gt=self.prefix_length,
        )

    def get_child_ips(self) -> IPAddressQuerySet:
        """Every IP address inside this prefix."""
        return IPAddress.objects.filter(
            ip_version=self.ip_version, host_key__gte=self.network_key, host_key__lte=self.broadcast_key
        )

    def get_utilization(self) -> Utilization:
        """Addresses in use: covered by child prefixes for a container, else assigned as IP addresses.

        An IPv4 network (not a pool) shorter than /31 cannot use its network and broadcast addresses.
        """
        total = self.prefix.size
        if self.type == PrefixTypeChoices.CONTAINER:
            covered = netaddr.IPSet(p.prefix for p in self.get_child_prefixes().only("prefix"))
            return Utilization(used=covered.size, total=total)
        if self.ip_version == 4 and self.prefix_length < 31 and self.type != PrefixTypeChoices.POOL:
            total -= 2
        used = self.get_child_ips().values("host_key").distinct().count()
        return Utilization(used=used, total=total)


class IPAddressQuerySet(models.QuerySet):
    def filter_host(self, host: netaddr.IPAddress | str) -> IPAddressQuerySet:
        """The IP addresses whose address is `host`, whatever their mask."""
        address = netaddr.IPAddress(str(host).split("/")[0])
        return self.filter(ip_version=address.version, host_key=sort_key(address))


class IPAddress(ChangeLoggedModel):
    """One IPv4 or IPv6 address with the mask of its subnet (10.0.0.1/24), optionally on an interface."""

    address = IPAddressWithMaskField()
    status = models.ForeignKey("core.Status", on_delete=models.PROTECT, related_name="ip_addresses")
    role = models.CharField(max_length=20, choices=IPAddressRoleChoices.choices, blank=True)
    dns_name = models.CharField(max_length=255, blank=True, validators=[dns_name_validator], verbose_name="DNS name")
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.PROTECT, related_name="ip_addresses", null=True, blank=True
    )
    interface = models.ForeignKey(
        "dcim.Interface", on_delete=models.SET_NULL, related_name="ip_addresses", null=True, blank=True
    )
    description = models.CharField(max_length=200, blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")
    # Derived from `address`; see the module docstring.
    ip_version = models.PositiveSmallIntegerField(editable=False, db_index=True)
    mask_length = models.PositiveSmallIntegerField(editable=False)
    host_key = models.CharField(max_length=32, editable=False, db_index=True)

    objects = IPAddressQuerySet.as_manager()

    class Meta:
        ordering = ["ip_version", "host_key", "mask_length"]
        verbose_name = "IP address"
        verbose_name_plural = "IP addresses"

    def __str__(self) -> str:
        return str(self.address)

    @property
    def host(self) -> str:
        """The address without its mask, e.g. "10.0.0.1"."""
        return str(self.address.ip)

    def _sync_keys(self) -> None:
        if isinstance(self.address, netaddr.IPNetwork):
            self.ip_version = self.address.version
            self.mask_length = self.address.prefixlen
            self.host_key = sort_key(self.address.ip)

    def clean(self) -> None:
        super().clean()
        validate_status_applies(self)
        if not isinstance(self.address, netaddr.IPNetwork):
            return  # the field has reported it
        self._sync_keys()
        errors: dict[str, str] = {}
        address = self.address
        if address.prefixlen == 0:
            errors["address"] = "An IP address needs a mask longer than /0, e.g. 10.0.0.1/24."
        elif self.interface_id is not None and address.version == 4 and address.prefixlen < 31:
            if address.ip == address.network:
                errors["address"] = f"{address} is a network address and cannot be assigned to an interface."
            elif address.ip == address.broadcast:
                errors["address"] = f"{address} is a broadcast address and cannot be assigned to an interface."
        if "address" not in errors and self.role not in IPAddressRoleChoices.shared_roles():
            duplicates = IPAddress.objects.filter_host(address.ip).exclude(pk=self.pk)
            duplicates = duplicates.exclude(role__in=IPAddressRoleChoices.shared_roles())
            if duplicate := duplicates.first():
                errors["address"] = f"Duplicate IP address: {duplicate} already exists."
        if self.pk is not None and (error := self._primary_ip_reassignment_error()):
            errors["interface"] = error
        if errors:
            raise ValidationError(errors)

    def _primary_ip_reassignment_error(self) -> str | None:
        """A device's primary IP must stay on one of its interfaces."""
        from netjobs.dcim.models import Device

        device = Device.objects.filter(models.Q(primary_ip4=self) | models.Q(primary_ip6=self)).first()
        if device is None:
            return None
        if self.interface_id is None or self.interface.device_id != device.pk:
            return f"{self} is the primary IP of {device}; unset that before moving it off the device."
        return None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.address = type(self)._meta.get_field("address").to_python(self.address)
        self._sync_keys()
        super().save(*args, **kwargs)

    def parent_prefix(self) -> Prefix | None:
        """The most specific prefix that contains this address, or None."""
        if not isinstance(self.address, netaddr.IPNetwork):
            return None
        return Prefix.objects.containing(self.address.ip).first()
