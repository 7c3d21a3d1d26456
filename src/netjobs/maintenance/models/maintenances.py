"""Tracked maintenances, the circuits each affects (with the impact) and the operators' notes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from netjobs.core.models import ChangeLoggedModel
from netjobs.maintenance.choices import ACTIVE_STATUSES, Impact, MaintenanceStatus, NoteLevel
from netjobs.maintenance.models.urls import AppUrlMixin

__all__ = ["CircuitImpact", "CircuitMaintenance", "CircuitMaintenanceQuerySet", "MaintenanceNote"]


class CircuitMaintenanceQuerySet(models.QuerySet):
    def upcoming(self, now: dt.datetime | None = None) -> CircuitMaintenanceQuerySet:
        return self.filter(start__gt=now or timezone.now())

    def ongoing(self, now: dt.datetime | None = None) -> CircuitMaintenanceQuerySet:
        now = now or timezone.now()
        return self.filter(start__lte=now, end__gt=now)

    def past(self, now: dt.datetime | None = None) -> CircuitMaintenanceQuerySet:
        return self.filter(end__lte=now or timezone.now())

    def active(self) -> CircuitMaintenanceQuerySet:
        """Not cancelled or completed: these may still take circuits down."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, start: dt.datetime, end: dt.datetime) -> CircuitMaintenanceQuerySet:
        """Windows that share time with [start, end); touching windows do not overlap."""
        return self.filter(start__lt=end, end__gt=start)


class CircuitMaintenance(AppUrlMixin, ChangeLoggedModel):
    """A provider's maintenance, identified by the provider's maintenance id, kept up to date by its notifications.

    `sequence` and `stamp` are those of the last notification applied: a notification is applied only if it is
    at least as new, so messages read out of order cannot roll a maintenance back. Its history is the list of
    its parsed notifications plus the change log.
    """

    provider = models.ForeignKey("circuits.Provider", on_delete=models.PROTECT, related_name="circuit_maintenances")
    name = models.CharField(max_length=255, verbose_name="maintenance ID", help_text="The provider's identifier")
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=MaintenanceStatus.choices, default=MaintenanceStatus.CONFIRMED)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(db_index=True)
    ack = models.BooleanField(default=False, verbose_name="acknowledged", help_text="Handled by an operator")
    account = models.CharField(max_length=255, blank=True)
    organizer = models.CharField(max_length=255, blank=True)
    sequence = models.IntegerField(default=-1, editable=False)
    stamp = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CircuitMaintenanceQuerySet.as_manager()
    page_name = "circuitmaintenance"

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = "circuit maintenance"
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="maintenance_circuitmaintenance_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})

    def timing(self, now: dt.datetime | None = None) -> str:
        """Where the window is at `now`: upcoming, ongoing or past."""
        now = now or timezone.now()
        if self.start > now:
            return "upcoming"
        return "ongoing" if self.end > now else "past"

    def worst_impact(self) -> str | None:
        """The most severe impact among the circuits, or None without circuits."""
        order = list(Impact.values)
        impacts = {impact.impact for impact in self.impacts.all()}
        return max(impacts, key=order.index) if impacts else None


class CircuitImpact(AppUrlMixin, ChangeLoggedModel):
    """A circuit named by a maintenance, and how hard it is hit.

    `cid` is the id as the notification wrote it; `circuit` is the inventory circuit it matched (provider and
    circuit id), or null for an id the inventory does not know — kept so that nothing the provider said is lost,
    and linked later once the circuit is added.
    """

    maintenance = models.ForeignKey(CircuitMaintenance, on_delete=models.CASCADE, related_name="impacts")
    circuit = models.ForeignKey(
        "circuits.Circuit", on_delete=models.SET_NULL, null=True, blank=True, related_name="maintenance_impacts"
    )
    cid = models.CharField(max_length=100, verbose_name="circuit ID", help_text="As written in the notification")
    impact = models.CharField(max_length=20, choices=Impact.choices, default=Impact.OUTAGE)

    page_name = "circuitmaintenance"  # shown on its maintenance's page

    class Meta:
        ordering = ["maintenance", "cid"]
        verbose_name = "circuit impact"
        constraints = [models.UniqueConstraint(fields=["maintenance", "cid"], name="maintenance_circuitimpact_unique")]

    def __str__(self) -> str:
        return f"{self.cid}: {self.impact}"

    def page_pk(self) -> int:
        return self.maintenance_id


class MaintenanceNote(AppUrlMixin, ChangeLoggedModel):
    """An operator's note on a maintenance."""

    maintenance = models.ForeignKey(CircuitMaintenance, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=NoteLevel.choices, default=NoteLevel.INFO)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    page_name = "circuitmaintenance"  # shown on its maintenance's page

    class Meta:
        ordering = ["maintenance", "created", "pk"]
        verbose_name = "maintenance note"

    def __str__(self) -> str:
        return self.title

    def page_pk(self) -> int:
        return self.maintenance_id
