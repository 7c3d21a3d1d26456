"""Template helpers of the web UI: badges, icons, durations, sanitised markdown and inventory values."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from netjobs.core.markdown import render_markdown
from netjobs.jobs.choices import JobResultStatus, LogLevel
from netjobs.web.inventory import object_url

register = template.Library()

STATUS_CLASSES = {
    JobResultStatus.SCHEDULED: "text-bg-secondary",
    JobResultStatus.PENDING: "text-bg-secondary",
    JobResultStatus.APPROVAL_REQUIRED: "text-bg-warning",
    JobResultStatus.RUNNING: "text-bg-primary",
    JobResultStatus.COMPLETED: "text-bg-success",
    JobResultStatus.FAILED: "text-bg-danger",
    JobResultStatus.ERRORED: "text-bg-danger",
    JobResultStatus.CANCELLED: "text-bg-dark",
}
LEVEL_CLASSES = {
    LogLevel.DEBUG: "text-bg-secondary",
    LogLevel.INFO: "text-bg-info",
    LogLevel.SUCCESS: "text-bg-success",
    LogLevel.WARNING: "text-bg-warning",
    LogLevel.FAILURE: "text-bg-danger",
}

# Small inline icons (24 by 24 viewBox, stroked), so the UI needs no icon font or CDN.
_ICONS = {
    "sun": '<circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 '
    '12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>',
    "moon": '<path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/>',
    "play": '<polygon points="6 4 20 12 6 20 6 4"/>',
    "repeat": '<path d="M17 2l4 4-4 4"/><path d="M3 11V9a3 3 0 0 1 3-3h15"/><path d="M7 22l-4-4 4-4"/>'
    '<path d="M21 13v2a3 3 0 0 1-3 3H3"/>',
    "x": '<circle cx="12" cy="12" r="9"/><path d="M15 9l-6 6M9 9l6 6"/>',
    "download": '<path d="M12 3v12M7 10l5 5 5-5"/><path d="M4 19h16"/>',
    "trash": '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"/>',
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>',
    "search": '<circle cx="11" cy="11" r="7"/><path d="M21 21l-5-5"/>',
    "alert": '<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.5"/>',
    "check": '<path d="M5 12l5 5 9-10"/>',
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>',
    "box": '<path d="M3 7l9-4 9 4-9 4z"/><path d="M3 7v10l9 4 9-4V7M12 11v10"/>',
    "logo": '<circle cx="5" cy="12" r="2.5"/><circle cx="19" cy="5" r="2.5"/><circle cx="19" cy="19" r="2.5"/>'
    '<path d="M7.3 11l9.4-5M7.3 13l9.4 5"/>',
}


@register.simple_tag
def icon(name: str, size: int = 16, label: str = "") -> SafeString:
    """An inline SVG icon; decorative (aria-hidden) unless given a label."""
    aria = f'role="img" aria-label="{label}"' if label else 'aria-hidden="true"'
    return mark_safe(  # noqa: S308 - the paths are constants above; `label` is only ever a literal
        f'<svg class="icon" width="{int(size)}" height="{int(size)}" viewBox="0 0 24 24" fill="none" '
        f'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" {aria}>'
        f"{_ICONS[name]}</svg>"
    )


@register.simple_tag
def status_badge(status: str, element_id: str = "") -> SafeString:
    label = JobResultStatus(status).label if status in JobResultStatus.values else status
    spinner = (
        mark_safe('<span class="spinner-grow spinner-grow-sm me-1" aria-hidden="true"></span>')
        if status == JobResultStatus.RUNNING
        else ""
    )
    if element_id:
        return format_html(
            '<span id="{}" class="badge status-badge {}">{}{}</span>',
            element_id,
            STATUS_CLASSES.get(status, "text-bg-secondary"),
            spinner,
            label,
        )
    css = STATUS_CLASSES.get(status, "text-bg-secondary")
    return format_html('<span class="badge status-badge {}">{}{}</span>', css, spinner, label)


@register.simple_tag
def level_badge(level: str) -> SafeString:
    label = LogLevel(level).label if level in LogLevel.values else level
    return format_html('<span class="badge level-badge {}">{}</span>', LEVEL_CLASSES.get(level, "text-bg-light"), label)


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered to sanitised HTML (no script, no event handlers, no javascript: links)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - render_markdown sanitises with an allow-list


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A run's duration as people read it: 850 ms, 12.4 s, 3 min 05 s, 2 h 01 min."""
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, default=str)


@register.filter
def percent(done: int | None, total: int | None) -> int:
    if not total or done is None:
        return 0
    return max(0, min(100, round(100 * done / total)))


_DASH = mark_safe('<span class="text-body-secondary">—</span>')
_YES = mark_safe('<span class="text-success" title="yes">✓<span class="visually-hidden">yes</span></span>')
_NO = mark_safe('<span class="text-body-secondary" title="no">✗<span class="visually-hidden">no</span></span>')


def _linked(obj: Any) -> SafeString | str:
    url = object_url(obj)
    return format_html('<a href="{}">{}</a>', url, obj) if url else str(obj)


@register.simple_tag
def field_value(obj: models.Model, field: models.Field) -> SafeString | str:
    """An object's value for `field` as shown in inventory tables: links for relations, ✓/✗ for booleans."""
    if field.many_to_many:
        related_objects = list(getattr(obj, field.name).all()[:50])
        if not related_objects:
            return _DASH
        return format_html_join(
            " ", "{}", ((color_badge(o) if hasattr(o, "color") else _linked(o),) for o in related_objects)
        )
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name, None)
        if related is None:
            return _DASH
        if hasattr(related, "color"):
            return color_badge(related)
        return _linked(related)
    value = getattr(obj, field.attname, None)
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.BooleanField):
        return _YES if value else _NO
    if value in (None, ""):
        return _DASH
    if isinstance(field, models.URLField):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', value, value)
    return str(value)


def _luminance(color: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(color[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@register.simple_tag
def color_badge(obj: Any) -> SafeString:
    """A badge in the object's own colour (statuses, roles, tags) with text that stays readable on it."""
    color = str(getattr(obj, "color", "") or "9e9e9e").lower()
    if len(color) != 6 or any(c not in "0123456789abcdef" for c in color):
        color = "9e9e9e"
    text = "#000" if _luminance(color) > 0.179 else "#fff"  # whichever contrasts more (WCAG 2 luminance)
    return format_html('<span class="badge" style="background-color: #{}; color: {}">{}</span>', color, text, obj)


@register.filter
def verbose(field: models.Field) -> str:
    name = str(getattr(field, "verbose_name", field.name))
    return name[:1].upper() + name[1:]
