"""ipam serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from rest_framework import serializers

from netjobs.api.fields import IPField
from netjobs.api.serializers import BaseModelSerializer
from netjobs.ipam.models import IPAddress, Prefix

__all__ = ["IPAddressSerializer", "PrefixSerializer"]


class PrefixSerializer(BaseModelSerializer):
    prefix = IPField()
    ip_version = serializers.ReadOnlyField()
    prefix_length = serializers.ReadOnlyField()
    network_key = serializers.ReadOnlyField()
    broadcast_key = serializers.ReadOnlyField()

    class Meta:
        model = Prefix
        fields = "__all__"


class IPAddressSerializer(BaseModelSerializer):
    address = IPField()
    ip_version = serializers.ReadOnlyField()
    mask_length = serializers.ReadOnlyField()
    host_key = serializers.ReadOnlyField()

    class Meta:
        model = IPAddress
        fields = "__all__"
