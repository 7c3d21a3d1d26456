"""Badges of the maintenance pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from netjobs.maintenance.choices import Impact, MaintenanceStatus, ParseStatus

register = template.Library()

_STATUS = {
    MaintenanceStatus.TENTATIVE: "text-bg-info",
    MaintenanceStatus.CONFIRMED: "text-bg-primary",
    MaintenanceStatus.CANCELLED: "text-bg-secondary",
    MaintenanceStatus.IN_PROCESS: "text-bg-warning",
    MaintenanceStatus.COMPLETED: "text-bg-success",
    MaintenanceStatus.RE_SCHEDULED: "text-bg-info",
    MaintenanceStatus.UNKNOWN: "text-bg-light border",
}
_IMPACT = {
    Impact.NO_IMPACT: "text-bg-light border",
    Impact.REDUCED_REDUNDANCY: "text-bg-info",
    Impact.DEGRADED: "text-bg-warning",
    Impact.OUTAGE: "text-bg-danger",
}
_PARSE = {
    ParseStatus.NEW: "text-bg-light border",
    ParseStatus.PARSED: "text-bg-success",
    ParseStatus.FAILED: "text-bg-danger",
    ParseStatus.UNKNOWN_SENDER: "text-bg-warning",
    ParseStatus.IGNORED: "text-bg-secondary",
    ParseStatus.DUPLICATE: "text-bg-secondary",
}


def _badge(classes: dict[str, str], choices: type, value: str) -> SafeString:
    label = choices(value).label if value in choices.values else value
    return format_html('<span class="badge {}">{}</span>', classes.get(value, "text-bg-secondary"), label)


@register.simple_tag
def maintenance_status(value: str) -> SafeString:
    return _badge(_STATUS, MaintenanceStatus, value)


@register.simple_tag
def impact_badge(value: str) -> SafeString:
    return _badge(_IMPACT, Impact, value)


@register.simple_tag
def parse_status(value: str) -> SafeString:
    return _badge(_PARSE, ParseStatus, value)


@register.filter
def impact_class(value: str) -> str:
    return _IMPACT.get(value, "text-bg-secondary")
