"""Contracts endpoints: CRUD (each also in bulk) for providers, contracts and assignments; snapshots read-only.

Cost snapshots are written by CostHistoryJob only, so that the chart shows what the job measured.
"""

from __future__ import annotations

from rest_framework import mixins

from netjobs.api.viewsets import BaseViewSet, InventoryViewSet
from netjobs.contracts.api import filters, serializers
from netjobs.contracts.models import Contract, ContractAssignment, CostSnapshot, ServiceProvider

__all__ = ["ContractAssignmentViewSet", "ContractViewSet", "CostSnapshotViewSet", "ServiceProviderViewSet"]


class ServiceProviderViewSet(InventoryViewSet):
    queryset = ServiceProvider.objects.all()
    serializer_class = serializers.ServiceProviderSerializer
    filterset_class = filters.ServiceProviderFilterSet


class ContractViewSet(InventoryViewSet):
    queryset = Contract.objects.select_related("provider")
    serializer_class = serializers.ContractSerializer
    filterset_class = filters.ContractFilterSet


class ContractAssignmentViewSet(InventoryViewSet):
    queryset = ContractAssignment.objects.select_related("contract", "contract__provider", "assigned_object_type")
    serializer_class = serializers.ContractAssignmentSerializer
    filterset_class = filters.ContractAssignmentFilterSet


class CostSnapshotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    queryset = CostSnapshot.objects.all()
    serializer_class = serializers.CostSnapshotSerializer
    filterset_class = filters.CostSnapshotFilterSet
