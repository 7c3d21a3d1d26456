from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from netjobs.core.admin import InventoryAdmin
from netjobs.ipam.models import IPAddress, Prefix


@admin.register(Prefix)
class PrefixAdmin(InventoryAdmin):
    list_display = ["prefix", "type", "status", "location", "tenant", "utilization", "description"]
    list_filter = ["ip_version", "type", "status", "location", "tenant", "tags"]
    search_fields = ["prefix", "description"]
    autocomplete_fields = ["location", "tenant"]
    filter_horizontal = ["tags"]
    list_select_related = ["status", "location", "tenant"]

    @admin.display(description="utilization")
    def utilization(self, obj: Prefix) -> str:
        return f"{obj.get_utilization().percent:.0f}%"


@admin.register(IPAddress)
class IPAddressAdmin(InventoryAdmin):
    list_display = ["address", "status", "role", "interface", "dns_name", "tenant", "description"]
    list_filter = ["ip_version", "status", "role", "tenant", "tags"]
    search_fields = ["address", "dns_name", "description", "interface__device__name"]
    autocomplete_fields = ["interface", "tenant"]
    filter_horizontal = ["tags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[IPAddress]:
        return super().get_queryset(request).select_related("status", "tenant", "interface__device")
