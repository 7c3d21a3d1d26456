"""Contracts filter sets: `id`, `q`, the fields below exactly, relations by id, and a few date and state filters."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from netjobs.api.filters import BaseFilterSet
from netjobs.contracts.models import Contract, ContractAssignment, CostSnapshot, ServiceProvider

__all__ = ["ContractAssignmentFilterSet", "ContractFilterSet", "CostSnapshotFilterSet", "ServiceProviderFilterSet"]


class ServiceProviderFilterSet(BaseFilterSet):
    search_fields = ("name", "account_number", "comments")

    class Meta:
        model = ServiceProvider
        fields = ["id", "name", "account_number"]


class ContractFilterSet(BaseFilterSet):
    search_fields = ("number", "provider__name", "notes")
    end_date_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label="Ends on or after")
    end_date_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte", label="Ends on or before")
    in_force = django_filters.BooleanFilter(method="filter_in_force", label="In force today")

    class Meta:
        model = Contract
        fields = ["id", "number", "status", "currency", "billing_period", "auto_renew"]

    def filter_in_force(self, queryset: QuerySet[Contract], name: str, value: bool | None) -> QuerySet[Contract]:
        if value is None:
            return queryset
        in_force = queryset.in_force(timezone.localdate())  # type: ignore[attr-defined]
        return in_force if value else queryset.exclude(pk__in=in_force.values("pk"))


class ContractAssignmentFilterSet(BaseFilterSet):
    search_fields = ("contract__number", "notes")
    object_type = django_filters.CharFilter(method="filter_object_type", label="Object type (app_label.model)")
    active = django_filters.BooleanFilter(method="filter_active", label="Active today")

    class Meta:
        model = ContractAssignment
        fields = ["id", "assigned_object_id"]

    def filter_object_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        app_label, _, model = value.lower().partition(".")
        return queryset.filter(assigned_object_type__app_label=app_label, assigned_object_type__model=model)

    def filter_active(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        active = queryset.active(timezone.localdate())  # type: ignore[attr-defined]
        return active if value else queryset.exclude(pk__in=active.values("pk"))


class CostSnapshotFilterSet(BaseFilterSet):
    search_fields = ("currency",)
    after = django_filters.DateFilter(field_name="snapshot_date", lookup_expr="gte", label="On or after")
    before = django_filters.DateFilter(field_name="snapshot_date", lookup_expr="lte", label="On or before")

    class Meta:
        model = CostSnapshot
        fields = ["id", "snapshot_date", "currency"]
