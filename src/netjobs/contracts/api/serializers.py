"""Contracts serializers: every field of each model; relations as brief objects, written by id.

Amounts are JSON strings (`"1200.00"`), never floats, and always travel with their currency.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from netjobs.api.fields import ContentTypeField, brief_representation
from netjobs.api.serializers import BaseModelSerializer
from netjobs.contracts.costs import monthly_cost, quantize, renewal_value
from netjobs.contracts.models import ASSIGNABLE_APP_LABELS, Contract, ContractAssignment, CostSnapshot, ServiceProvider

__all__ = [
    "ContractAssignmentSerializer",
    "ContractSerializer",
    "CostSnapshotSerializer",
    "ServiceProviderSerializer",
]


class ServiceProviderSerializer(BaseModelSerializer):
    class Meta:
        model = ServiceProvider
        fields = "__all__"


class ContractSerializer(BaseModelSerializer):
    monthly_cost = serializers.SerializerMethodField(help_text="The cost per month, to the cent, in `currency`")
    renewal_value = serializers.SerializerMethodField(help_text="What renewing for the next term costs")
    brief_extra = ("number", "currency")

    class Meta:
        model = Contract
        fields = "__all__"

    def get_monthly_cost(self, obj: Contract) -> str:
        return str(quantize(monthly_cost(obj)))

    def get_renewal_value(self, obj: Contract) -> str:
        return str(quantize(renewal_value(obj)))


class ContractAssignmentSerializer(BaseModelSerializer):
    assigned_object_type = ContentTypeField(
        queryset=ContentType.objects.filter(app_label__in=ASSIGNABLE_APP_LABELS),
        help_text="The covered object's type as `app_label.model`, e.g. dcim.device, dcim.location, tenancy.tenant",
    )
    assigned_object = serializers.SerializerMethodField(help_text="The covered object (brief), null if it is gone")

    class Meta:
        model = ContractAssignment
        fields = "__all__"

    def get_assigned_object(self, obj: ContractAssignment) -> dict[str, Any] | None:
        target = obj.assigned_object
        return None if target is None else brief_representation(target, self.context.get("request"))


class CostSnapshotSerializer(BaseModelSerializer):
    class Meta:
        model = CostSnapshot
        fields = "__all__"
