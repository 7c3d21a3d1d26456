from __future__ import annotations

from django.contrib import admin

from netjobs.core.admin import InventoryAdmin
from netjobs.tenancy.models import Tenant, TenantGroup


@admin.register(TenantGroup)
class TenantGroupAdmin(InventoryAdmin):
    list_display = ["name", "slug", "parent", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Tenant)
class TenantAdmin(InventoryAdmin):
    list_display = ["name", "slug", "group", "description"]
    list_filter = ["group", "tags"]
    search_fields = ["name", "slug", "description", "comments"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["group"]
    filter_horizontal = ["tags"]
    list_select_related = ["group"]
