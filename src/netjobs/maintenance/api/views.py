"""Maintenance endpoints: CRUD (each also in bulk) like the inventory; notifications are read-only records,
created by posting a raw e-mail to `notifications/ingest/`."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.fields import BooleanField
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from netjobs.api.viewsets import BaseViewSet, InventoryViewSet
from netjobs.maintenance.api import filters, serializers
from netjobs.maintenance.ingest import ingest_email
from netjobs.maintenance.models import (
    CircuitImpact,
    CircuitMaintenance,
    MaintenanceNote,
    Notification,
    NotificationSource,
    ParsedNotification,
    ProviderMaintenanceProfile,
)
from netjobs.maintenance.reporting import RecordingReporter

__all__ = [
    "CircuitImpactViewSet",
    "CircuitMaintenanceViewSet",
    "MaintenanceNoteViewSet",
    "NotificationSourceViewSet",
    "NotificationViewSet",
    "ParsedNotificationViewSet",
    "ProviderMaintenanceProfileViewSet",
]


class RawEmailParser(BaseParser):
    """A request body that is the e-mail itself (`Content-Type: message/rfc822`)."""

    media_type = "message/rfc822"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> bytes:
        return stream.read() if stream is not None else b""


class OctetStreamParser(RawEmailParser):
    media_type = "application/octet-stream"


def _raw_email(request: Request) -> bytes:
    """The posted e-mail: a raw body, an uploaded `file`, or JSON `raw` (text) / `raw_base64`."""
    data = request.data
    if isinstance(data, bytes):
        return data
    upload = request.FILES.get("file") if hasattr(request, "FILES") else None
    if upload is not None:
        return upload.read()
    if "raw_base64" in data:
        try:
            return base64.b64decode(str(data["raw_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({"raw_base64": ["Not valid base64."]}) from None
    serializer = serializers.IngestSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data["raw"].encode("utf-8", errors="surrogateescape")


class ProviderMaintenanceProfileViewSet(InventoryViewSet):
    queryset = ProviderMaintenanceProfile.objects.select_related("provider")
    serializer_class = serializers.ProviderMaintenanceProfileSerializer
    filterset_class = filters.ProviderMaintenanceProfileFilterSet


class NotificationSourceViewSet(InventoryViewSet):
    queryset = NotificationSource.objects.all()
    serializer_class = serializers.NotificationSourceSerializer
    filterset_class = filters.NotificationSourceFilterSet


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, BaseViewSet):
    queryset = Notification.objects.select_related("source", "provider").defer("raw")
    serializer_class = serializers.NotificationSerializer
    filterset_class = filters.NotificationFilterSet

    @action(detail=True, methods=["get"])
    def raw(self, request: Request, pk: Any = None) -> HttpResponse:
        """The message as received."""
        notification = Notification.objects.get(pk=self.get_object().pk)
        response = HttpResponse(notification.raw_bytes(), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="notification-{notification.pk}.eml"'
        return response

    @action(
        detail=False,
        methods=["post"],
        parser_classes=[RawEmailParser, OctetStreamParser, MultiPartParser, FormParser, JSONParser],
    )
    def ingest(self, request: Request) -> Response:
        """Store and process one e-mail: 201 with the notification, or 200 if it was stored before."""
        raw = _raw_email(request)
        if not raw.strip():
            raise ValidationError({"raw": ["The e-mail is empty."]})
        source = None
        if isinstance(request.data, dict) and request.data.get("source"):
            source = NotificationSource.objects.filter(pk=request.data["source"]).first()
            if source is None:
                raise ValidationError({"source": ["No such source."]})
        reporter = RecordingReporter()
        notification, created = ingest_email(raw, source, report=reporter)
        body = self.get_serializer(notification).data
        body["messages"] = [{"level": level, "message": message} for level, _, message in reporter.records]
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    ingest.required_perms = ("maintenance.add_notification",)  # type: ignore[attr-defined]


class ParsedNotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    queryset = ParsedNotification.objects.select_related("notification", "maintenance")
    serializer_class = serializers.ParsedNotificationSerializer
    filterset_class = filters.ParsedNotificationFilterSet


class CircuitMaintenanceViewSet(InventoryViewSet):
    queryset = CircuitMaintenance.objects.select_related("provider").prefetch_related(
        Prefetch("impacts", queryset=CircuitImpact.objects.select_related("circuit"))
    )
    serializer_class = serializers.CircuitMaintenanceSerializer
    filterset_class = filters.CircuitMaintenanceFilterSet

    @action(detail=True, methods=["post"])
    def ack(self, request: Request, pk: Any = None) -> Response:
        """Acknowledge the maintenance (`{"ack": false}` takes it back)."""
        maintenance = self.get_object()
        value = request.data.get("ack", True) if hasattr(request.data, "get") else True
        maintenance.ack = BooleanField().to_internal_value(value)
        maintenance.validated_save()
        return Response(self.get_serializer(maintenance).data)

    ack.required_perms = ("maintenance.change_circuitmaintenance",)  # type: ignore[attr-defined]


class CircuitImpactViewSet(InventoryViewSet):
    queryset = CircuitImpact.objects.select_related("maintenance", "circuit")
    serializer_class = serializers.CircuitImpactSerializer
    filterset_class = filters.CircuitImpactFilterSet


class MaintenanceNoteViewSet(InventoryViewSet):
    queryset = MaintenanceNote.objects.select_related("maintenance", "author")
    serializer_class = serializers.MaintenanceNoteSerializer
    filterset_class = filters.MaintenanceNoteFilterSet
