"""Maintenance filter sets: `id`, `q`, fields exactly, relations by id and name, and maintenance timing."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from netjobs.api.filters import BaseFilterSet
from netjobs.maintenance.choices import Impact, MaintenanceStatus, ParseStatus
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
    "CircuitImpactFilterSet",
    "CircuitMaintenanceFilterSet",
    "MaintenanceNoteFilterSet",
    "NotificationFilterSet",
    "NotificationSourceFilterSet",
    "ParsedNotificationFilterSet",
    "ProviderMaintenanceProfileFilterSet",
]

TIMINGS = [("upcoming", "Upcoming"), ("ongoing", "Ongoing"), ("past", "Past")]


class ProviderMaintenanceProfileFilterSet(BaseFilterSet):
    search_fields = ("sender_addresses", "parser_type")

    class Meta:
        model = ProviderMaintenanceProfile
        fields = ["id", "parser_type", "enabled"]


class NotificationSourceFilterSet(BaseFilterSet):
    search_fields = ("name", "host", "account", "path", "description")

    class Meta:
        model = NotificationSource
        fields = ["id", "name", "source_type", "enabled"]


class NotificationFilterSet(BaseFilterSet):
    search_fields = ("subject", "sender", "message_id", "parse_error")
    parse_status = django_filters.MultipleChoiceFilter(choices=ParseStatus.choices)

    class Meta:
        model = Notification
        fields = ["id", "sender", "message_id", "parser_type"]


class ParsedNotificationFilterSet(BaseFilterSet):
    search_fields = ("status",)

    class Meta:
        model = ParsedNotification
        fields = ["id", "status", "applied"]


class CircuitMaintenanceFilterSet(BaseFilterSet):
    search_fields = ("name", "description", "account")
    status = django_filters.MultipleChoiceFilter(choices=MaintenanceStatus.choices)
    timing = django_filters.ChoiceFilter(choices=TIMINGS, method="filter_timing", label="Upcoming, ongoing or past")
    circuit_id = django_filters.NumberFilter(field_name="impacts__circuit", distinct=True, label="Circuit (id)")
    location_id = django_filters.NumberFilter(
        field_name="impacts__circuit__terminations__location", distinct=True, label="Location of a circuit (id)"
    )
    start_after = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte")
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt")

    class Meta:
        model = CircuitMaintenance
        fields = ["id", "name", "ack", "account"]

    def filter_timing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return getattr(queryset, value)() if value in dict(TIMINGS) else queryset


class CircuitImpactFilterSet(BaseFilterSet):
    search_fields = ("cid",)
    impact = django_filters.MultipleChoiceFilter(choices=Impact.choices)
    unknown = django_filters.BooleanFilter(field_name="circuit", lookup_expr="isnull", label="Circuit not in inventory")

    class Meta:
        model = CircuitImpact
        fields = ["id", "cid"]


class MaintenanceNoteFilterSet(BaseFilterSet):
    search_fields = ("title", "comment")

    class Meta:
        model = MaintenanceNote
        fields = ["id", "level"]
