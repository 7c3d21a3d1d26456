"""circuits endpoints: list, detail, create, update, delete, each also in bulk."""

from __future__ import annotations

from netjobs.api.circuits import filters, serializers
from netjobs.api.viewsets import InventoryViewSet
from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider

__all__ = ["CircuitTerminationViewSet", "CircuitTypeViewSet", "CircuitViewSet", "ProviderViewSet"]


class ProviderViewSet(InventoryViewSet):
    queryset = Provider.objects.prefetch_related("tags")
    serializer_class = serializers.ProviderSerializer
    filterset_class = filters.ProviderFilterSet


class CircuitTypeViewSet(InventoryViewSet):
    queryset = CircuitType.objects.all()
    serializer_class = serializers.CircuitTypeSerializer
    filterset_class = filters.CircuitTypeFilterSet


class CircuitViewSet(InventoryViewSet):
    queryset = Circuit.objects.select_related("provider", "circuit_type", "status", "tenant").prefetch_related("tags")
    serializer_class = serializers.CircuitSerializer
    filterset_class = filters.CircuitFilterSet


class CircuitTerminationViewSet(InventoryViewSet):
    queryset = CircuitTermination.objects.select_related("circuit", "location").prefetch_related("tags")
    serializer_class = serializers.CircuitTerminationSerializer
    filterset_class = filters.CircuitTerminationFilterSet
