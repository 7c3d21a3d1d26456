"""extras endpoints: list, detail, create, update, delete, each also in bulk."""

from __future__ import annotations

from netjobs.api.extras import filters, serializers
from netjobs.api.viewsets import InventoryViewSet
from netjobs.core.models import Status, Tag

__all__ = ["StatusViewSet", "TagViewSet"]


class StatusViewSet(InventoryViewSet):
    queryset = Status.objects.prefetch_related("content_types")
    serializer_class = serializers.StatusSerializer
    filterset_class = filters.StatusFilterSet


class TagViewSet(InventoryViewSet):
    queryset = Tag.objects.all()
    serializer_class = serializers.TagSerializer
    filterset_class = filters.TagFilterSet
