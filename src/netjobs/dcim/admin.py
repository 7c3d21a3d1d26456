from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from netjobs.core.admin import InventoryAdmin, color_swatch
from netjobs.dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceType,
    Interface,
    Location,
    LocationType,
    Manufacturer,
    Platform,
    PowerOutlet,
    PowerPort,
    Role,
    Site,
)


@admin.register(LocationType)
class LocationTypeAdmin(InventoryAdmin):
    list_display = ["name", "slug", "parent", "nestable", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Location)
class LocationAdmin(InventoryAdmin):
    list_display = ["name", "location_type", "parent", "status", "tenant", "facility", "time_zone"]
    list_filter = ["location_type", "status", "tenant", "tags"]
    search_fields = ["name", "slug", "facility", "description", "physical_address", "comments"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["location_type", "parent", "tenant"]
    filter_horizontal = ["tags"]
    list_select_related = ["location_type", "parent", "status", "tenant"]


@admin.register(Site)
class SiteAdmin(LocationAdmin):
    """Locations of type Site; the type is set automatically."""

    list_display = ["name", "parent", "status", "tenant", "facility", "time_zone"]
    list_filter = ["status", "tenant", "tags"]
    exclude = ["location_type"]
    autocomplete_fields = ["parent", "tenant"]


@admin.register(Manufacturer)
class ManufacturerAdmin(InventoryAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(DeviceType)
class DeviceTypeAdmin(InventoryAdmin):
    list_display = ["model", "manufacturer", "part_number", "u_height", "is_full_depth"]
    list_filter = ["manufacturer", "tags"]
    search_fields = ["model", "slug", "part_number", "manufacturer__name"]
    prepopulated_fields = {"slug": ["model"]}
    autocomplete_fields = ["manufacturer"]
    filter_horizontal = ["tags"]
    list_select_related = ["manufacturer"]


@admin.register(Role)
class RoleAdmin(InventoryAdmin):
    list_display = ["name", "slug", "colour", "description"]
    list_filter = ["content_types"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["content_types"]

    @admin.display(description="colour", ordering="color")
    def colour(self, obj: Role) -> str:
        return color_swatch(obj.color)


@admin.register(Platform)
class PlatformAdmin(InventoryAdmin):
    list_display = ["name", "slug", "manufacturer", "network_driver", "napalm_driver"]
    list_filter = ["manufacturer"]
    search_fields = ["name", "slug", "network_driver", "napalm_driver"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["manufacturer"]


class ComponentInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    exclude = ["tags"]


class InterfaceInline(ComponentInline):
    model = Interface
    fields = ["name", "type", "enabled", "mgmt_only", "mtu", "mac_address", "description"]


class ConsolePortInline(ComponentInline):
    model = ConsolePort
    fields = ["name", "type", "connected_endpoint", "connection_status", "description"]
    autocomplete_fields = ["connected_endpoint"]


class ConsoleServerPortInline(ComponentInline):
    model = ConsoleServerPort
    fields = ["name", "type", "description"]


class PowerPortInline(ComponentInline):
    model = PowerPort
    fields = ["name", "maximum_draw", "allocated_draw", "connected_endpoint", "connection_status", "description"]
    autocomplete_fields = ["connected_endpoint"]


class PowerOutletInline(ComponentInline):
    model = PowerOutlet
    fields = ["name", "feed_leg", "description"]


@admin.register(Device)
class DeviceAdmin(InventoryAdmin):
    list_display = ["name", "location", "role", "device_type", "platform", "status", "tenant", "primary_ip4"]
    list_filter = ["status", "role", "location", "device_type__manufacturer", "platform", "tenant", "tags"]
    search_fields = ["name", "serial", "asset_tag", "comments"]
    autocomplete_fields = ["device_type", "location", "platform", "tenant", "primary_ip4", "primary_ip6"]
    filter_horizontal = ["tags"]
    list_select_related = ["location", "role", "device_type", "platform", "status", "tenant", "primary_ip4"]
    inlines = [InterfaceInline, ConsolePortInline, ConsoleServerPortInline, PowerPortInline, PowerOutletInline]

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role":
            kwargs.setdefault("queryset", Role.objects.filter(content_types=ContentType.objects.get_for_model(Device)))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ComponentAdmin(InventoryAdmin):
    list_display = ["name", "device", "description"]
    list_filter = ["device__location"]
    search_fields = ["name", "label", "description", "device__name"]
    autocomplete_fields = ["device"]
    filter_horizontal = ["tags"]
    list_select_related = ["device"]


@admin.register(Interface)
class InterfaceAdmin(ComponentAdmin):
    list_display = ["name", "device", "type", "enabled", "mgmt_only", "mtu", "mac_address", "description"]
    list_filter = ["type", "enabled", "mgmt_only", "device__location"]


@admin.register(ConsoleServerPort)
class ConsoleServerPortAdmin(ComponentAdmin):
    list_display = ["name", "device", "type", "connected_console_port", "description"]
    list_select_related = ["device", "connected_console_port__device"]


@admin.register(ConsolePort)
class ConsolePortAdmin(ComponentAdmin):
    list_display = ["name", "device", "type", "connected_endpoint", "connection_status", "description"]
    list_filter = ["connection_status", "device__location"]
    autocomplete_fields = ["device", "connected_endpoint"]
    list_select_related = ["device", "connected_endpoint__device"]


@admin.register(PowerOutlet)
class PowerOutletAdmin(ComponentAdmin):
    list_display = ["name", "device", "feed_leg", "connected_power_port", "description"]
    list_select_related = ["device", "connected_power_port__device"]


@admin.register(PowerPort)
class PowerPortAdmin(ComponentAdmin):
    list_display = ["name", "device", "maximum_draw", "connected_endpoint", "connection_status", "description"]
    list_filter = ["connection_status", "device__location"]
    autocomplete_fields = ["device", "connected_endpoint"]
    list_select_related = ["device", "connected_endpoint__device"]
