"""Template context for every page: the navigation."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from netjobs.jobs import permissions
from netjobs.web.inventory import inventory_models

__all__ = ["navigation"]

_SECTIONS = ("jobs", "results", "schedules", "locks", "workers", "inventory")


def _schedules_installed() -> bool:
    return apps.is_installed("netjobs.scheduling") and _has_model("scheduling", "scheduledjob")


def _has_model(app_label: str, model_name: str) -> bool:
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def _app_menu(user: Any, path: str) -> list[dict[str, Any]]:
    """Menu entries that installed apps declare as `netjobs_menu = [(label, url name, permission)]`."""
    entries = []
    for config in apps.get_app_configs():
        for label, url_name, permission in getattr(config, "netjobs_menu", ()):
            if user.has_perm(permission):
                try:
                    url = reverse(url_name)
                except NoReverseMatch:  # the app's pages are not in this URLconf (a test's, say)
                    continue
                entries.append({"label": label, "url": url, "active": path.startswith(url)})
    return entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu: sections the user may open, and the inventory grouped by app."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    groups: dict[str, list[Any]] = {}
    for item in inventory_models():
        if permissions.can_view_objects(user, item.model):
            groups.setdefault(item.app_verbose_name, []).append(item)
    path = request.path
    return {
        "nav": {
            "section": next((name for name in _SECTIONS if path.startswith(f"/{name}")), ""),
            "inventory": groups,
            "schedules": _schedules_installed() and permissions.can_view_schedules(user),
            "locks": _has_model("jobs", "joblock") and permissions.can_view_locks(user),
            "workers": permissions.can_view_workers(user),
            "apps": _app_menu(user, path),
            "admin": user.is_staff,
        }
    }
