"""Admin for providers, contracts, assignments (inline and on their own) and the cost snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from netjobs.contracts.costs import format_money, monthly_cost
from netjobs.contracts.models import ASSIGNABLE_APP_LABELS, Contract, ContractAssignment, CostSnapshot, ServiceProvider

__all__ = ["ContractAdmin", "ContractAssignmentAdmin", "CostSnapshotAdmin", "ServiceProviderAdmin"]


class AssignableTypesMixin:
    """Offer only inventory object types in the assignment's type drop-down."""

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assigned_object_type":
            kwargs["queryset"] = ContentType.objects.filter(app_label__in=ASSIGNABLE_APP_LABELS).order_by(
                "app_label", "model"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class AssignmentInline(AssignableTypesMixin, admin.TabularInline):
    model = ContractAssignment
    extra = 0
    fields = ["assigned_object_type", "assigned_object_id", "start_date", "end_date", "notes"]


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "account_number", "support_email", "support_phone", "portal_url"]
    search_fields = ["name", "account_number", "comments"]


class ExpiryFilter(admin.SimpleListFilter):
    title = "end date"
    parameter_name = "ends"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("expired", "Expired"), ("30", "Within 30 days"), ("90", "Within 90 days")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Contract]) -> QuerySet[Contract]:
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(end_date__lt=today)
        if self.value() in ("30", "90"):
            return queryset.filter(end_date__gte=today, end_date__lte=today + dt.timedelta(days=int(self.value())))
        return queryset


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "provider", "status", "start_date", "end_date", "cost_display", "monthly_display"]
    list_filter = ["status", "provider", "currency", "billing_period", "auto_renew", ExpiryFilter]
    search_fields = ["number", "provider__name", "notes"]
    date_hierarchy = "end_date"
    autocomplete_fields = ["provider"]
    list_select_related = ["provider"]
    inlines = [AssignmentInline]
    fieldsets = [
        (None, {"fields": ["number", "provider", "status", "notes"]}),
        ("Term", {"fields": ["start_date", "end_date", "auto_renew", "notice_period_days", "renewal_term_months"]}),
        ("Cost", {"fields": ["cost", "currency", "billing_period"]}),
    ]

    @admin.display(description="cost", ordering="cost")
    def cost_display(self, obj: Contract) -> str:
        return f"{format_money(obj.cost, obj.currency)} {obj.get_billing_period_display().lower()}"

    @admin.display(description="monthly burn")
    def monthly_display(self, obj: Contract) -> str:
        return format_money(monthly_cost(obj), obj.currency)


@admin.register(ContractAssignment)
class ContractAssignmentAdmin(AssignableTypesMixin, admin.ModelAdmin):
    list_display = [
        "contract",
        "assigned_object_type",
        "assigned_object_id",
        "covered_object",
        "start_date",
        "end_date",
    ]
    list_filter = ["assigned_object_type", "contract__provider", "contract__status"]
    search_fields = ["contract__number", "contract__provider__name", "notes"]
    autocomplete_fields = ["contract"]
    list_select_related = ["contract", "contract__provider", "assigned_object_type"]

    @admin.display(description="covers")
    def covered_object(self, obj: ContractAssignment) -> str:
        target = obj.assigned_object
        return str(target) if target is not None else f"(missing {obj.assigned_object_type} {obj.assigned_object_id})"


@admin.register(CostSnapshot)
class CostSnapshotAdmin(admin.ModelAdmin):
    """Snapshots are written by CostHistoryJob; the admin shows them and allows deleting a bad day."""

    list_display = ["snapshot_date", "currency", "monthly_burn", "renewal_forecast", "active_contract_count"]
    list_filter = ["currency"]
    date_hierarchy = "snapshot_date"

    def get_readonly_fields(self, request: HttpRequest, obj: CostSnapshot | None = None) -> list[str]:
        return [field.name for field in CostSnapshot._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
