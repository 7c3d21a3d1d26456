from __future__ import annotations

from django.apps import AppConfig
from django.urls import NoReverseMatch, reverse


class MaintenanceConfig(AppConfig):
    name = "netjobs.maintenance"
    label = "maintenance"
    verbose_name = "Circuit maintenance"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def netjobs_menu(self) -> list[tuple[str, str, str]]:
        """The UI's menu entry (label, URL name, permission), once the project mounts the app's pages."""
        try:
            reverse("maintenance:circuitmaintenance-list")
        except NoReverseMatch:
            return []
        return [("Maintenance", "maintenance:circuitmaintenance-list", "maintenance.view_circuitmaintenance")]
