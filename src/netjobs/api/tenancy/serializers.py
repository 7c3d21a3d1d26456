"""tenancy serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from netjobs.api.serializers import BaseModelSerializer
from netjobs.tenancy.models import Tenant, TenantGroup

__all__ = ["TenantGroupSerializer", "TenantSerializer"]


class TenantGroupSerializer(BaseModelSerializer):
    class Meta:
        model = TenantGroup
        fields = "__all__"


class TenantSerializer(BaseModelSerializer):
    class Meta:
        model = Tenant
        fields = "__all__"
