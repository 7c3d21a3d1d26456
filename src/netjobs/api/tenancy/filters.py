"""tenancy filter sets: `id`, `q`, each field below exactly, and every relation by id and by slug/name."""

from __future__ import annotations

from netjobs.api.filters import BaseFilterSet
from netjobs.tenancy.models import Tenant, TenantGroup

__all__ = ["TenantFilterSet", "TenantGroupFilterSet"]


class TenantGroupFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description")

    class Meta:
        model = TenantGroup
        fields = ["id", "name", "slug"]


class TenantFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "description", "comments")

    class Meta:
        model = Tenant
        fields = ["id", "name", "slug"]
