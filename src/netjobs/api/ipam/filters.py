"""ipam filter sets: `id`, `q`, each field below exactly, and every relation by id and by slug/name."""

from __future__ import annotations

from netjobs.api.filters import BaseFilterSet
from netjobs.ipam.models import IPAddress, Prefix

__all__ = ["IPAddressFilterSet", "PrefixFilterSet"]


class PrefixFilterSet(BaseFilterSet):
    search_fields = ("prefix", "description")

    class Meta:
        model = Prefix
        fields = ["id", "type", "ip_version", "prefix_length", "network_key", "broadcast_key"]


class IPAddressFilterSet(BaseFilterSet):
    search_fields = ("address", "dns_name", "description")

    class Meta:
        model = IPAddress
        fields = ["id", "role", "dns_name", "ip_version", "mask_length", "host_key"]
