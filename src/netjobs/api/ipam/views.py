"""ipam endpoints: list, detail, create, update, delete, each also in bulk."""

from __future__ import annotations

from netjobs.api.ipam import filters, serializers
from netjobs.api.viewsets import InventoryViewSet
from netjobs.ipam.models import IPAddress, Prefix

__all__ = ["IPAddressViewSet", "PrefixViewSet"]


class PrefixViewSet(InventoryViewSet):
    queryset = Prefix.objects.select_related("status", "tenant", "location").prefetch_related("tags")
    serializer_class = serializers.PrefixSerializer
    filterset_class = filters.PrefixFilterSet


class IPAddressViewSet(InventoryViewSet):
    queryset = IPAddress.objects.select_related("status", "tenant", "interface").prefetch_related("tags")
    serializer_class = serializers.IPAddressSerializer
    filterset_class = filters.IPAddressFilterSet
