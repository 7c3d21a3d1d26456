"""extras filter sets: `id`, `q`, each field below exactly, and every relation by id and by slug/name."""

from __future__ import annotations

from netjobs.api.filters import BaseFilterSet
from netjobs.core.models import Status, Tag

__all__ = ["StatusFilterSet", "TagFilterSet"]


class StatusFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Status
        fields = ["id", "name", "slug", "color"]


class TagFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = Tag
        fields = ["id", "name", "slug", "color"]
