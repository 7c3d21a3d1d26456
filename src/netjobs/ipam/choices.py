"""Choice sets of the IPAM models."""

from __future__ import annotations

from django.db import models

__all__ = ["IPAddressRoleChoices", "PrefixTypeChoices"]


class PrefixTypeChoices(models.TextChoices):
    CONTAINER = "container", "Container"
    NETWORK = "network", "Network"
    POOL = "pool", "Pool"


class IPAddressRoleChoices(models.TextChoices):
    LOOPBACK = "loopback", "Loopback"
    SECONDARY = "secondary", "Secondary"
    ANYCAST = "anycast", "Anycast"
    VIP = "vip", "VIP"
    VRRP = "vrrp", "VRRP"
    HSRP = "hsrp", "HSRP"
    GLBP = "glbp", "GLBP"
    CARP = "carp", "CARP"

    @classmethod
    def shared_roles(cls) -> frozenset[str]:
        """Roles whose address may legitimately exist more than once (on several devices)."""
        return frozenset({cls.ANYCAST, cls.VIP, cls.VRRP, cls.HSRP, cls.GLBP, cls.CARP})
