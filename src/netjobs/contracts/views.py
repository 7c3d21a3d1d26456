"""Contracts pages: lists and details of every model, the coverage gaps, the cost-history chart and the renewal
report with its CSV download. Server-rendered on the web app's base template; editing happens in the admin (or
the API), which the pages link to for users allowed to change objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from netjobs.apps.dcim import Device, Location
from netjobs.contracts import costs, coverage, renewals
from netjobs.contracts.chart import cost_history_charts
from netjobs.contracts.choices import ContractStatus
from netjobs.contracts.history import DEFAULT_FORECAST_WINDOW_DAYS
from netjobs.contracts.models import Contract, ContractAssignment, CostSnapshot, ServiceProvider

__all__ = [
    "assignment_detail",
    "assignment_list",
    "contract_detail",
    "contract_list",
    "cost_history",
    "costsnapshot_detail",
    "coverage_gaps",
    "provider_detail",
    "provider_list",
    "renewal_report",
    "renewal_report_csv",
]

PER_PAGE = 50
HISTORY_RANGES = {"90": 90, "365": 365, "1095": 3 * 365, "all": None}


# --- helpers ---------------------------------------------------------------------------------------------------
def _requires_view(model: type[models.Model]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in, then `contracts.view_<model>`: the same permission the admin and the API ask for."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
                raise PermissionDenied(f"You may not view {model._meta.verbose_name_plural}")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _admin_url(request: HttpRequest, obj: models.Model | type[models.Model], action: str = "change") -> str:
    """The admin page to edit (or add) objects, for users allowed to; "" otherwise."""
    meta = obj._meta
    if not request.user.is_staff or not request.user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}"):
        return ""
    args = [obj.pk] if action == "change" else []
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)
    except NoReverseMatch:
        return ""


def inventory_link(obj: models.Model | None) -> str:
    """Where an inventory object is shown: the web app's inventory page when it has one."""
    if obj is None:
        return ""
    try:
        from netjobs.web.inventory import object_url
    except ImportError:  # pragma: no cover - the web app is optional
        object_url = None
    if object_url is not None and (url := object_url(obj)):
        return url
    getter = getattr(obj, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except NoReverseMatch:
        return ""


def _burn(on: dt.date) -> list[tuple[str, str]]:
    return [
        (currency, costs.format_money(amount, currency)) for currency, amount in costs.burn_rate_by_currency(on).items()
    ]


# --- contracts -------------------------------------------------------------------------------------------------
@_requires_view(Contract)
def contract_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    contracts = (
        Contract.objects.select_related("provider")
        .annotate(assignment_count=Count("assignments"))
        .order_by("end_date", "number", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        contracts = contracts.filter(
            Q(number__icontains=query) | Q(provider__name__icontains=query) | Q(notes__icontains=query)
        )
    applied = {name: request.GET.get(name, "") for name in ("status", "provider", "currency")}
    if applied["status"] in ContractStatus.values:
        contracts = contracts.filter(status=applied["status"])
    if applied["provider"].isdigit():
        contracts = contracts.filter(provider_id=int(applied["provider"]))
    if applied["currency"]:
        contracts = contracts.filter(currency=applied["currency"].upper())
    context = {
        "page": _page(request, contracts),
        "today": today,
        "query": query,
        "applied": applied,
        "statuses": ContractStatus.choices,
        "providers": ServiceProvider.objects.only("pk", "name"),
        "currencies": Contract.objects.order_by("currency").values_list("currency", flat=True).distinct(),
        "burn": _burn(today),
        "add_url": _admin_url(request, Contract, "add"),
    }
    return render(request, "contracts/contract_list.html", context)


@_requires_view(Contract)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.select_related("provider"), pk=pk)
    today = timezone.localdate()
    assignments = [
        {"assignment": a, "target": a.assigned_object, "active": a.active_on(today)}
        for a in contract.assignments.select_related("assigned_object_type")
    ]
    for item in assignments:
        item["url"] = inventory_link(item["target"])
    row = renewals.RenewalRow(contract, today)
    context = {
        "contract": contract,
        "today": today,
        "row": row,
        "days_expired": -row.days_remaining,
        "cost": costs.format_money(contract.cost, contract.currency),
        "monthly": costs.format_money(costs.monthly_cost(contract), contract.currency),
        "renewal_value": costs.format_money(costs.renewal_value(contract), contract.currency),
        "assignments": assignments,
        "edit_url": _admin_url(request, contract),
    }
    return render(request, "contracts/contract_detail.html", context)


# --- providers -------------------------------------------------------------------------------------------------
@_requires_view(ServiceProvider)
def provider_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    providers = ServiceProvider.objects.annotate(
        contract_count=Count("contracts"),
        in_force_count=Count(
            "contracts",
            filter=Q(
                contracts__status=ContractStatus.ACTIVE,
                contracts__start_date__lte=today,
                contracts__end_date__gte=today,
            ),
        ),
    )
    providers = providers.order_by("name")
    query = request.GET.get("q", "").strip()
    if query:
        providers = providers.filter(Q(name__icontains=query) | Q(account_number__icontains=query))
    context = {
        "page": _page(request, providers),
        "query": query,
        "add_url": _admin_url(request, ServiceProvider, "add"),
    }
    return render(request, "contracts/provider_list.html", context)


@_requires_view(ServiceProvider)
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(ServiceProvider, pk=pk)
    today = timezone.localdate()
    spend = [row for row in costs.spend_by_vendor(today) if row.provider.pk == provider.pk]
    context = {
        "provider": provider,
        "contracts": provider.contracts.order_by("end_date", "number"),
        "spend": [(row.currency, costs.format_money(row.monthly, row.currency), row.contract_count) for row in spend],
        "edit_url": _admin_url(request, provider),
    }
    return render(request, "contracts/provider_detail.html", context)


# --- assignments -----------------------------------------------------------------------------------------------
@_requires_view(ContractAssignment)
def assignment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    assignments = ContractAssignment.objects.select_related("contract", "contract__provider", "assigned_object_type")
    scope = request.GET.get("scope", "")
    if scope == "active":
        assignments = assignments.active(today)
    if request.GET.get("contract", "").isdigit():
        assignments = assignments.filter(contract_id=int(request.GET["contract"]))
    page = _page(request, assignments)
    rows = []
    for assignment in page:
        target = assignment.assigned_object
        rows.append(
            {
                "assignment": assignment,
                "target": target,
                "url": inventory_link(target),
                "active": assignment.active_on(today),
            }
        )
    context = {"page": page, "rows": rows, "scope": scope, "add_url": _admin_url(request, ContractAssignment, "add")}
    return render(request, "contracts/assignment_list.html", context)


@_requires_view(ContractAssignment)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        ContractAssignment.objects.select_related("contract", "contract__provider", "assigned_object_type"), pk=pk
    )
    target = assignment.assigned_object
    start, end = assignment.effective_dates()
    context = {
        "assignment": assignment,
        "target": target,
        "target_url": inventory_link(target),
        "start": start,
        "end": end,
        "active": assignment.active_on(timezone.localdate()),
        "edit_url": _admin_url(request, assignment),
    }
    return render(request, "contracts/assignment_detail.html", context)


# --- coverage --------------------------------------------------------------------------------------------------
@_requires_view(ContractAssignment)
def coverage_gaps(request: HttpRequest) -> HttpResponse:
    """Devices with no active cover today, by the same rules as CoverageGapJob."""
    devices = Device.objects.select_related("location", "tenant").order_by("location__name", "name", "pk")
    location = None
    if request.GET.get("location", "").isdigit():
        location = Location.objects.filter(pk=int(request.GET["location"])).first()
        if location is not None:
            devices = devices.filter(location_id__in=coverage.location_subtree_ids([location.pk]))
    total = devices.count()
    uncovered = coverage.uncovered_devices(devices)
    page = _page(request, uncovered)
    context = {
        "page": page,
        "rows": [{"device": d, "url": inventory_link(d)} for d in page],
        "total": total,
        "location": location,
        "locations": Location.objects.only("pk", "name").order_by("name"),
    }
    return render(request, "contracts/coverage.html", context)


# --- cost history ----------------------------------------------------------------------------------------------
@_requires_view(CostSnapshot)
def cost_history(request: HttpRequest) -> HttpResponse:
    """The cost-history chart of each currency, and the snapshots behind it."""
    range_key = request.GET.get("range", "365")
    if range_key not in HISTORY_RANGES:
        range_key = "365"
    days = HISTORY_RANGES[range_key]
    snapshots = CostSnapshot.objects.order_by("snapshot_date", "currency")
    if days is not None:
        snapshots = snapshots.filter(snapshot_date__gte=timezone.localdate() - dt.timedelta(days=days))
    snapshots = list(snapshots)
    windows = {s.forecast_window_days for s in snapshots}
    charts = cost_history_charts(
        snapshots, forecast_window_days=windows.pop() if len(windows) == 1 else DEFAULT_FORECAST_WINDOW_DAYS
    )
    context = {
        # The markup is built by chart.py, which escapes every piece of text it puts in.
        "charts": [(currency, mark_safe(svg)) for currency, svg in charts.items()],  # noqa: S308
        "latest": sorted(snapshots, key=lambda s: (s.snapshot_date, s.currency), reverse=True)[:20],
        "range_key": range_key,
        "ranges": [("90", "90 days"), ("365", "1 year"), ("1095", "3 years"), ("all", "All")],
    }
    return render(request, "contracts/cost_history.html", context)


@_requires_view(CostSnapshot)
def costsnapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(CostSnapshot, pk=pk)
    return redirect(f"{reverse('contracts:cost-history')}?range=all#currency-{snapshot.currency}")


# --- renewal report --------------------------------------------------------------------------------------------
class RenewalReportForm(forms.Form):
    window_days = forms.IntegerField(min_value=0, max_value=3650, initial=60, label="Window (days)")
    include_expired = forms.BooleanField(required=False, label="Include expired contracts")


def _renewal_form(request: HttpRequest) -> RenewalReportForm:
    data = request.GET.copy() if "window_days" in request.GET else {"window_days": "60"}
    return RenewalReportForm(data)


@_requires_view(Contract)
def renewal_report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = _renewal_form(request)
    rows: list[renewals.RenewalRow] = []
    totals: dict[str, str] = {}
    if form.is_valid():
        rows = renewals.renewal_rows(
            today, form.cleaned_data["window_days"], include_expired=form.cleaned_data["include_expired"]
        )
        totals = {
            currency: costs.format_money(amount, currency)
            for currency, amount in costs.totals_by_currency(
                (row.contract.currency, row.renewal_value) for row in rows
            ).items()
        }
    context = {
        "form": form,
        "rows": rows,
        "totals": totals,
        "today": today,
        "csv_query": request.GET.urlencode() or "window_days=60",
    }
    return render(request, "contracts/renewal_report.html", context)


@_requires_view(Contract)
def renewal_report_csv(request: HttpRequest) -> HttpResponse:
    form = _renewal_form(request)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    rows = renewals.renewal_rows(
        today, form.cleaned_data["window_days"], include_expired=form.cleaned_data["include_expired"]
    )
    response = HttpResponse(renewals.renewal_report_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contract-renewals-{today.isoformat()}.csv"'
    return response
