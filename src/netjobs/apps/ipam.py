"""IPAM models for job authors: `from netjobs.apps.ipam import IPAddress, Prefix`."""

from netjobs.ipam.choices import IPAddressRoleChoices, PrefixTypeChoices
from netjobs.ipam.models import IPAddress, Prefix, Utilization

__all__ = ["IPAddress", "IPAddressRoleChoices", "Prefix", "PrefixTypeChoices", "Utilization"]
