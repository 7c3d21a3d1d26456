"""The maintenance pages: maintenances (upcoming / ongoing / past), a maintenance with its circuits, notes and
notifications, the calendar per location, the stored notifications and the .eml upload.

Server-rendered like the rest of the UI (they extend `web/base.html`); list tables are htmx partials. Access
follows Django's model permissions of this app.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from netjobs.apps.circuits import Provider
from netjobs.maintenance.calendar import location_calendar
from netjobs.maintenance.choices import MaintenanceStatus, ParseStatus
from netjobs.maintenance.forms import EmailUploadForm, NoteForm
from netjobs.maintenance.ingest import ingest_email
from netjobs.maintenance.models import CircuitMaintenance, Notification, NotificationSource
from netjobs.maintenance.reporting import RecordingReporter

__all__ = [
    "maintenance_ack",
    "maintenance_calendar",
    "maintenance_detail",
    "maintenance_list",
    "note_add",
    "notification_detail",
    "notification_list",
    "notification_raw",
    "notification_upload",
]

PER_PAGE = 50
TIMINGS = {"upcoming": "Upcoming", "ongoing": "Ongoing", "past": "Past", "all": "All"}
CALENDAR_SPANS = (7, 14, 30, 60)
VIEW_MAINTENANCE = "maintenance.view_circuitmaintenance"
VIEW_NOTIFICATION = "maintenance.view_notification"


def _page(request: HttpRequest, queryset: QuerySet) -> Any:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _filtered_maintenances(request: HttpRequest, timing: str) -> tuple[QuerySet, dict[str, str]]:
    applied = {name: request.GET.get(name, "").strip() for name in ("q", "provider", "status", "ack")}
    now = timezone.now()
    queryset = CircuitMaintenance.objects.select_related("provider").annotate(circuit_count=Count("impacts"))
    if timing == "upcoming":
        queryset = queryset.upcoming(now).order_by("start", "pk")
    elif timing == "ongoing":
        queryset = queryset.ongoing(now).order_by("end", "pk")
    elif timing == "past":
        queryset = queryset.past(now).order_by("-start", "-pk")
    else:
        queryset = queryset.order_by("-start", "-pk")
    if applied["q"]:
        q = applied["q"]
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(impacts__cid__icontains=q)
        ).distinct()
    if applied["provider"].isdigit():
        queryset = queryset.filter(provider_id=int(applied["provider"]))
    if applied["status"] in MaintenanceStatus.values:
        queryset = queryset.filter(status=applied["status"])
    if applied["ack"] in ("true", "false"):
        queryset = queryset.filter(ack=applied["ack"] == "true")
    return queryset, applied


@login_required
@permission_required(VIEW_MAINTENANCE, raise_exception=True)
def maintenance_list(request: HttpRequest) -> HttpResponse:
    """Maintenances by timing (tabs), filtered by provider, status and acknowledgement."""
    timing = request.GET.get("when", "upcoming")
    timing = timing if timing in TIMINGS else "upcoming"
    queryset, applied = _filtered_maintenances(request, timing)
    now = timezone.now()
    context = {
        "timing": timing,
        "timings": TIMINGS,
        "counts": {
            "upcoming": CircuitMaintenance.objects.upcoming(now).count(),
            "ongoing": CircuitMaintenance.objects.ongoing(now).count(),
        },
        "page": _page(request, queryset),
        "applied": applied,
        "providers": Provider.objects.filter(circuit_maintenances__isnull=False).distinct(),
        "statuses": MaintenanceStatus.choices,
    }
    template = "maintenance/htmx/maintenance_table.html" if request.htmx else "maintenance/maintenance_list.html"
    return render(request, template, context)


@login_required
@permission_required(VIEW_MAINTENANCE, raise_exception=True)
def maintenance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A maintenance: attributes, circuits with impact and location, notes, and its notifications (history)."""
    maintenance = get_object_or_404(CircuitMaintenance.objects.select_related("provider"), pk=pk)
    impacts = maintenance.impacts.select_related("circuit__provider").prefetch_related(
        "circuit__terminations__location"
    )
    parsed = maintenance.parsed_notifications.select_related("notification__source").order_by(
        "-stamp", "-sequence", "-pk"
    )
    context = {
        "maintenance": maintenance,
        "timing": maintenance.timing(),
        "impacts": impacts,
        "unknown": [impact.cid for impact in impacts if impact.circuit_id is None],
        "notes": maintenance.notes.select_related("author"),
        "parsed": parsed,
        "note_form": NoteForm(),
        "can_change": request.user.has_perm("maintenance.change_circuitmaintenance"),
        "can_note": request.user.has_perm("maintenance.add_maintenancenote"),
    }
    return render(request, "maintenance/maintenance_detail.html", context)


@login_required
@require_POST
@permission_required("maintenance.change_circuitmaintenance", raise_exception=True)
def maintenance_ack(request: HttpRequest, pk: int) -> HttpResponse:
    """Acknowledge (or, with `ack=false`, un-acknowledge) a maintenance."""
    maintenance = get_object_or_404(CircuitMaintenance, pk=pk)
    maintenance.ack = request.POST.get("ack", "true") != "false"
    maintenance.validated_save()
    messages.success(request, f"{maintenance} {'acknowledged' if maintenance.ack else 'no longer acknowledged'}.")
    return redirect(maintenance.get_absolute_url())


@login_required
@require_POST
@permission_required("maintenance.add_maintenancenote", raise_exception=True)
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    maintenance = get_object_or_404(CircuitMaintenance, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = form.save(commit=False)
        note.maintenance, note.author = maintenance, request.user
        note.validated_save()
        messages.success(request, "Note added.")
    else:
        errors = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in form.errors.items())
        messages.error(request, f"The note was not added: {errors}")
    return redirect(maintenance.get_absolute_url())


@login_required
@permission_required(VIEW_MAINTENANCE, raise_exception=True)
def maintenance_calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming (and ongoing) maintenances per location and day: where several meet, a site may go dark."""
    span = request.GET.get("days", "14")
    days = int(span) if span.isdigit() and int(span) in CALENDAR_SPANS else 14
    today = timezone.localdate()
    dates, rows = location_calendar(today, days, timezone.get_current_timezone())
    context = {"dates": dates, "rows": rows, "days": days, "spans": CALENDAR_SPANS, "today": today}
    return render(request, "maintenance/calendar.html", context)


@login_required
@permission_required(VIEW_NOTIFICATION, raise_exception=True)
def notification_list(request: HttpRequest) -> HttpResponse:
    applied = {name: request.GET.get(name, "").strip() for name in ("q", "status", "source")}
    queryset = Notification.objects.select_related("source", "provider").defer("raw").order_by("-fetched", "-pk")
    if applied["q"]:
        q = applied["q"]
        queryset = queryset.filter(Q(subject__icontains=q) | Q(sender__icontains=q) | Q(parse_error__icontains=q))
    if applied["status"] in ParseStatus.values:
        queryset = queryset.filter(parse_status=applied["status"])
    if applied["source"].isdigit():
        queryset = queryset.filter(source_id=int(applied["source"]))
    context = {
        "page": _page(request, queryset),
        "applied": applied,
        "statuses": ParseStatus.choices,
        "sources": NotificationSource.objects.all(),
    }
    template = "maintenance/htmx/notification_table.html" if request.htmx else "maintenance/notification_list.html"
    return render(request, template, context)


@login_required
@permission_required(VIEW_NOTIFICATION, raise_exception=True)
def notification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A notification: what arrived (raw), what the parser made of it, and the maintenances it touched."""
    notification = get_object_or_404(Notification.objects.select_related("source", "provider"), pk=pk)
    parsed = notification.parsed.select_related("maintenance")
    return render(request, "maintenance/notification_detail.html", {"notification": notification, "parsed": parsed})


@login_required
@permission_required(VIEW_NOTIFICATION, raise_exception=True)
def notification_raw(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk)
    response = HttpResponse(notification.raw_bytes(), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="notification-{notification.pk}.eml"'
    return response


@login_required
@permission_required("maintenance.add_notification", raise_exception=True)
def notification_upload(request: HttpRequest) -> HttpResponse:
    """Upload a provider notification saved as .eml: it is stored and processed at once."""
    form = EmailUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        reporter = RecordingReporter()
        notification, created = ingest_email(form.cleaned_data["file"], report=reporter)
        if not created:
            messages.info(request, "This e-mail was uploaded before: showing the stored notification.")
        for level, _, text in reporter.records:
            getattr(messages, {"failure": "error"}.get(level, level))(request, text)
        return redirect("maintenance:notification", pk=notification.pk)
    return render(request, "maintenance/upload.html", {"form": form})
