"""tenancy endpoints: list, detail, create, update, delete, each also in bulk."""

from __future__ import annotations

from netjobs.api.tenancy import filters, serializers
from netjobs.api.viewsets import InventoryViewSet
from netjobs.tenancy.models import Tenant, TenantGroup

__all__ = ["TenantGroupViewSet", "TenantViewSet"]


class TenantGroupViewSet(InventoryViewSet):
    queryset = TenantGroup.objects.select_related("parent")
    serializer_class = serializers.TenantGroupSerializer
    filterset_class = filters.TenantGroupFilterSet


class TenantViewSet(InventoryViewSet):
    queryset = Tenant.objects.select_related("group").prefetch_related("tags")
    serializer_class = serializers.TenantSerializer
    filterset_class = filters.TenantFilterSet
