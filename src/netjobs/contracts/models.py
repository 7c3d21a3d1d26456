"""Service providers, contracts, what each contract covers, and the daily cost snapshots behind the chart.

Money is always a `Decimal` next to an explicit ISO 4217 currency code. Nothing here converts between
currencies: totals are per currency (see `netjobs.contracts.costs`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from netjobs.contracts.choices import RENEWABLE_STATUSES, BillingPeriod, ContractStatus

# The façade (`netjobs.apps.*`) exports no model base class yet: this is the app's one import from below it.
from netjobs.core.models import ChangeLoggedModel

__all__ = [
    "ASSIGNABLE_APP_LABELS",
    "Contract",
    "ContractAssignment",
    "ContractAssignmentQuerySet",
    "ContractQuerySet",
    "CostSnapshot",
    "ServiceProvider",
    "validate_currency",
]

#: Inventory apps whose objects a contract can cover.
ASSIGNABLE_APP_LABELS = ("dcim", "tenancy", "circuits", "ipam")

validate_currency = RegexValidator(
    r"^[A-Z]{3}\Z", "A three-letter ISO 4217 currency code in capitals, e.g. EUR or USD.", code="invalid_currency"
)


def _money_field(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)], **kwargs)


class ServiceProvider(ChangeLoggedModel):
    """A vendor that sells support, maintenance, circuits or licences under contract."""

    name = models.CharField(max_length=100, unique=True)
    account_number = models.CharField(max_length=100, blank=True)
    portal_url = models.URLField(blank=True, verbose_name="portal URL")
    support_email = models.EmailField(blank=True)
    support_phone = models.CharField(max_length=50, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContractQuerySet(models.QuerySet["Contract"]):
    def in_force(self, on: dt.date) -> ContractQuerySet:
        """Active contracts whose term includes `on` (both ends inclusive)."""
        return self.filter(status=ContractStatus.ACTIVE, start_date__lte=on, end_date__gte=on)

    def renewing(self, on: dt.date, window_days: int, *, include_expired: bool = False) -> ContractQuerySet:
        """Renewable contracts ending between `on` and `on + window_days` (inclusive), soonest first.

        With `include_expired`, contracts that ended before `on` are included too.
        """
        qs = self.filter(status__in=RENEWABLE_STATUSES, end_date__lte=on + dt.timedelta(days=window_days))
        if not include_expired:
            qs = qs.filter(end_date__gte=on)
        return qs.order_by("end_date", "number", "pk")


class Contract(ChangeLoggedModel):
    """A priced agreement with a provider for a term; `cost` is charged once per `billing_period`."""

    number = models.CharField(max_length=100, help_text="The provider's contract or agreement number")
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="contracts")
    status = models.CharField(max_length=20, choices=ContractStatus.choices, default=ContractStatus.ACTIVE)
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day of the term")
    auto_renew = models.BooleanField(default=False, help_text="Renews by itself unless cancelled in time")
    notice_period_days = models.PositiveIntegerField(
        default=0, help_text="Days before the end date by which the provider must be told of a non-renewal"
    )
    renewal_term_months = models.PositiveIntegerField(
        default=12, validators=[MinValueValidator(1)], help_text="Length of the next term, for the renewal forecast"
    )
    cost = _money_field(help_text="Charged once per billing period")
    currency = models.CharField(max_length=3, validators=[validate_currency], help_text="ISO 4217, e.g. EUR")
    billing_period = models.CharField(max_length=20, choices=BillingPeriod.choices, default=BillingPeriod.MONTHLY)
    notes = models.TextField(blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["end_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="contracts_contract_unique_provider_number"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="contracts_contract_term"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.provider})" if self.provider_id else self.number

    def clean_fields(self, exclude: Any = None) -> None:
        if self.currency:  # "eur " is meant as EUR; normalise before the code is validated
            self.currency = self.currency.strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})

    def in_force_on(self, on: dt.date) -> bool:
        return self.status == ContractStatus.ACTIVE and self.start_date <= on <= self.end_date

    def days_remaining(self, on: dt.date) -> int:
        """Days from `on` to the end date: 0 on the last day, negative once expired."""
        return (self.end_date - on).days

    def notice_deadline(self) -> dt.date:
        """The last day to give notice of non-renewal (the end date when there is no notice period)."""
        return self.end_date - dt.timedelta(days=self.notice_period_days)


class ContractAssignmentQuerySet(models.QuerySet["ContractAssignment"]):
    def active(self, on: dt.date) -> ContractAssignmentQuerySet:
        """Assignments in effect on `on`: their own dates include it and their contract is in force."""
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=on),
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            contract__status=ContractStatus.ACTIVE,
            contract__start_date__lte=on,
            contract__end_date__gte=on,
        )

    def for_model(self, model: type[models.Model]) -> ContractAssignmentQuerySet:
        return self.filter(assigned_object_type=ContentType.objects.get_for_model(model))

    def for_object(self, obj: models.Model) -> ContractAssignmentQuerySet:
        return self.for_model(type(obj)).filter(assigned_object_id=obj.pk)


class ContractAssignment(ChangeLoggedModel):
    """A contract covering one inventory object (a device, a location, a tenant, a circuit…) for a period.

    Empty dates mean "the contract's". Covering a location covers everything below it, and covering a tenant
    covers its devices (see `netjobs.contracts.coverage`).
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="assignments")
    assigned_object_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"app_label__in": ASSIGNABLE_APP_LABELS},
        verbose_name="object type",
    )
    assigned_object_id = models.PositiveBigIntegerField(verbose_name="object ID")
    assigned_object = GenericForeignKey("assigned_object_type", "assigned_object_id")
    start_date = models.DateField(null=True, blank=True, help_text="Empty: from the contract's start")
    end_date = models.DateField(null=True, blank=True, help_text="Empty: until the contract's end")
    notes = models.TextField(blank=True)

    objects = ContractAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "assigned_object_type", "assigned_object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "assigned_object_type", "assigned_object_id"],
                name="contracts_assignment_unique_object",
            )
        ]
        indexes = [
            models.Index(fields=["assigned_object_type", "assigned_object_id"], name="contracts_assignment_object"),
        ]

    def __str__(self) -> str:
        target = self.assigned_object if self.assigned_object_type_id else None
        return f"{self.contract} → {target if target is not None else self.assigned_object_id}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        object_type = self.assigned_object_type if self.assigned_object_type_id else None
        if object_type is not None:
            model = object_type.model_class()
            if object_type.app_label not in ASSIGNABLE_APP_LABELS or model is None:
                errors["assigned_object_type"] = "Contracts cover inventory objects only."
            elif self.assigned_object_id is not None:
                if not model._default_manager.filter(pk=self.assigned_object_id).exists():
                    errors["assigned_object_id"] = f"No {model._meta.verbose_name} with ID {self.assigned_object_id}."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date cannot be before the start date."
        if self.contract_id is not None:
            contract = self.contract
            if self.start_date and not contract.start_date <= self.start_date <= contract.end_date:
                errors["start_date"] = f"Outside the contract's term ({contract.start_date} to {contract.end_date})."
            if self.end_date and not contract.start_date <= self.end_date <= contract.end_date:
                errors["end_date"] = f"Outside the contract's term ({contract.start_date} to {contract.end_date})."
        if errors:
            raise ValidationError(errors)

    def effective_dates(self) -> tuple[dt.date, dt.date]:
        """The first and last day of cover: the assignment's own dates, else the contract's."""
        return self.start_date or self.contract.start_date, self.end_date or self.contract.end_date

    def active_on(self, on: dt.date) -> bool:
        start, end = self.effective_dates()
        return self.contract.in_force_on(on) and start <= on <= end


class CostSnapshot(ChangeLoggedModel):
    """One currency's monthly burn and renewal forecast on one day: a point of the cost-history chart.

    Written by `CostHistoryJob` with `update_or_create`, so re-running on the same day refreshes the row.
    """

    snapshot_date = models.DateField(db_index=True)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    monthly_burn = _money_field(help_text="Monthly cost of the contracts in force that day")
    renewal_forecast = _money_field(help_text="Cost of renewing the contracts ending within the forecast window")
    forecast_window_days = models.PositiveIntegerField(default=90)
    active_contract_count = models.PositiveIntegerField(default=0)
    renewing_contract_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["snapshot_date", "currency"]
        get_latest_by = "snapshot_date"
        constraints = [
            models.UniqueConstraint(fields=["snapshot_date", "currency"], name="contracts_costsnapshot_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot_date} {self.currency}"
