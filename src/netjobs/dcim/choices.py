"""Choice sets of the DCIM models."""

from __future__ import annotations

from django.db import models

__all__ = ["ConsolePortTypeChoices", "InterfaceTypeChoices", "PowerFeedLegChoices"]


class InterfaceTypeChoices(models.TextChoices):
    VIRTUAL = "virtual", "Virtual"
    LAG = "lag", "Link Aggregation Group (LAG)"
    TYPE_100ME_FIXED = "100base-tx", "100BASE-TX (10/100ME)"
    TYPE_1GE_FIXED = "1000base-t", "1000BASE-T (1GE)"
    TYPE_1GE_SFP = "1000base-x-sfp", "SFP (1GE)"
    TYPE_10GE_FIXED = "10gbase-t", "10GBASE-T (10GE)"
    TYPE_10GE_SFP_PLUS = "10gbase-x-sfpp", "SFP+ (10GE)"
    TYPE_25GE_SFP28 = "25gbase-x-sfp28", "SFP28 (25GE)"
    TYPE_40GE_QSFP_PLUS = "40gbase-x-qsfpp", "QSFP+ (40GE)"
    TYPE_100GE_QSFP28 = "100gbase-x-qsfp28", "QSFP28 (100GE)"
    TYPE_400GE_QSFP_DD = "400gbase-x-qsfpdd", "QSFP-DD (400GE)"
    TYPE_80211AC = "ieee802.11ac", "IEEE 802.11ac"
    TYPE_80211AX = "ieee802.11ax", "IEEE 802.11ax"
    OTHER = "other", "Other"

    @classmethod
    def virtual_types(cls) -> frozenset[str]:
        """Types that are not a physical port."""
        return frozenset({cls.VIRTUAL, cls.LAG})


class ConsolePortTypeChoices(models.TextChoices):
    RJ45 = "rj-45", "RJ-45"
    DE9 = "de-9", "DE-9"
    USB_A = "usb-a", "USB Type A"
    USB_C = "usb-c", "USB Type C"
    USB_MICRO_B = "usb-micro-b", "USB Micro B"
    OTHER = "other", "Other"


class PowerFeedLegChoices(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
