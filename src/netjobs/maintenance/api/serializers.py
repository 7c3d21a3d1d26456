"""Maintenance serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from netjobs.api.serializers import BaseModelSerializer
from netjobs.maintenance.models import (
    CircuitImpact,
    CircuitMaintenance,
    MaintenanceNote,
    Notification,
    NotificationSource,
    ParsedNotification,
    ProviderMaintenanceProfile,
)

__all__ = [
    "CircuitImpactSerializer",
    "CircuitMaintenanceSerializer",
    "IngestSerializer",
    "MaintenanceNoteSerializer",
    "NotificationSerializer",
    "NotificationSourceSerializer",
    "ParsedNotificationSerializer",
    "ProviderMaintenanceProfileSerializer",
]


class ProviderMaintenanceProfileSerializer(BaseModelSerializer):
    class Meta:
        model = ProviderMaintenanceProfile
        fields = "__all__"


class NotificationSourceSerializer(BaseModelSerializer):
    """`secret_ref` is where the password is (env:/file:/setting:), never the password."""

    class Meta:
        model = NotificationSource
        fields = "__all__"


class NotificationSerializer(BaseModelSerializer):
    """A stored e-mail; the raw message itself is at `…/notifications/<id>/raw/`."""

    brief_extra = ("subject", "parse_status")

    class Meta:
        model = Notification
        exclude = ["raw"]
        read_only_fields = [f.name for f in Notification._meta.concrete_fields if f.name != "raw"]


class ParsedNotificationSerializer(BaseModelSerializer):
    brief_extra = ("status", "stamp")

    class Meta:
        model = ParsedNotification
        fields = "__all__"
        read_only_fields = [f.name for f in ParsedNotification._meta.concrete_fields]


class CircuitImpactSerializer(BaseModelSerializer):
    brief_extra = ("cid", "impact")

    class Meta:
        model = CircuitImpact
        fields = "__all__"


class MaintenanceNoteSerializer(BaseModelSerializer):
    """The author is whoever creates the note."""

    class Meta:
        model = MaintenanceNote
        fields = "__all__"
        read_only_fields = ["author"]

    def create(self, validated_data: dict[str, Any]) -> MaintenanceNote:
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            validated_data["author"] = request.user
        return super().create(validated_data)


class CircuitMaintenanceSerializer(BaseModelSerializer):
    """A maintenance with its circuits (`impacts`) inline; they are written through `circuit-impacts/`."""

    brief_extra = ("status", "start", "end")
    impacts = CircuitImpactSerializer(many=True, read_only=True)
    timing = serializers.SerializerMethodField()

    class Meta:
        model = CircuitMaintenance
        fields = "__all__"

    def get_timing(self, obj: CircuitMaintenance) -> str:
        return obj.timing()


class IngestSerializer(serializers.Serializer):
    """A raw e-mail posted as JSON; the same endpoint takes `message/rfc822` bodies and `.eml` file uploads."""

    raw = serializers.CharField(help_text="The whole message, headers and body (RFC 5322)", trim_whitespace=False)
    source = serializers.PrimaryKeyRelatedField(
        queryset=NotificationSource.objects.all(), required=False, help_text="Default: the uploads source"
    )
