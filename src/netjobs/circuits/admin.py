from __future__ import annotations

from django.contrib import admin
from django.db import models

from netjobs.circuits.models import Circuit, CircuitTermination, CircuitType, Provider
from netjobs.core.admin import InventoryAdmin


@admin.register(Provider)
class ProviderAdmin(InventoryAdmin):
    list_display = ["name", "slug", "asn", "account", "portal_url"]
    list_filter = ["tags"]
    search_fields = ["name", "slug", "account", "noc_contact", "comments"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["tags"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(CircuitType)
class CircuitTypeAdmin(InventoryAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class CircuitTerminationInline(admin.StackedInline):
    model = CircuitTermination
    extra = 0
    max_num = 2
    autocomplete_fields = ["location"]
    exclude = ["tags"]


@admin.register(Circuit)
class CircuitAdmin(InventoryAdmin):
    list_display = ["cid", "provider", "circuit_type", "status", "tenant", "commit_rate_kbps", "install_date"]
    list_filter = ["status", "provider", "circuit_type", "tenant", "tags"]
    search_fields = ["cid", "description", "comments", "provider__name"]
    autocomplete_fields = ["provider", "circuit_type", "tenant"]
    filter_horizontal = ["tags"]
    list_select_related = ["provider", "circuit_type", "status", "tenant"]
    inlines = [CircuitTerminationInline]


@admin.register(CircuitTermination)
class CircuitTerminationAdmin(InventoryAdmin):
    list_display = ["circuit", "term_side", "location", "port_speed_kbps", "xconnect_id"]
    list_filter = ["term_side", "circuit__provider"]
    search_fields = ["circuit__cid", "xconnect_id", "pp_info", "location__name"]
    autocomplete_fields = ["circuit", "location"]
    list_select_related = ["circuit", "location"]
