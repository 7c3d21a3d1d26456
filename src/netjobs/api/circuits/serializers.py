"""circuits serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from netjobs.api.serializers import BaseModelSerializer
from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider

__all__ = ["CircuitSerializer", "CircuitTerminationSerializer", "CircuitTypeSerializer", "ProviderSerializer"]


class ProviderSerializer(BaseModelSerializer):
    class Meta:
        model = Provider
        fields = "__all__"


class CircuitTypeSerializer(BaseModelSerializer):
    class Meta:
        model = CircuitType
        fields = "__all__"


class CircuitSerializer(BaseModelSerializer):
    class Meta:
        model = Circuit
        fields = "__all__"


class CircuitTerminationSerializer(BaseModelSerializer):
    class Meta:
        model = CircuitTermination
        fields = "__all__"
