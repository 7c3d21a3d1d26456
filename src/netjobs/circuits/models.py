"""Providers, circuit types, circuits and their A/Z terminations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import SlugFromNameMixin, UniqueErrorsOnFieldMixin, validate_status_applies

__all__ = ["Circuit", "CircuitQuerySet", "CircuitTermSide", "CircuitTermination", "CircuitType", "Provider"]


class Provider(SlugFromNameMixin, ChangeLoggedModel):
    """A carrier or service provider that delivers circuits."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    asn = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4_294_967_295)],
        verbose_name="ASN",
        help_text="32-bit autonomous system number",
    )
    account = models.CharField(max_length=100, blank=True, verbose_name="account number")
    portal_url = models.URLField(blank=True, verbose_name="portal URL")
    noc_contact = models.TextField(blank=True, verbose_name="NOC contact")
    admin_contact = models.TextField(blank=True)
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CircuitType(SlugFromNameMixin, ChangeLoggedModel):
    """What a circuit is for: internet transit, MPLS, dark fibre…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CircuitQuerySet(models.QuerySet):
    def terminating_at(self, location: models.Model | int) -> CircuitQuerySet:
        """Circuits with a termination (either side) at `location`."""
        return self.filter(terminations__location=location).distinct()


class Circuit(UniqueErrorsOnFieldMixin, ChangeLoggedModel):
    """A communications circuit from a provider, identified by its circuit id (`cid`) at that provider."""

    cid = models.CharField(max_length=100, verbose_name="circuit ID")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="circuits")
    circuit_type = models.ForeignKey(CircuitType, on_delete=models.PROTECT, related_name="circuits")
    status = models.ForeignKey("core.Status", on_delete=models.PROTECT, related_name="circuits")
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.PROTECT, related_name="circuits", null=True, blank=True
    )
    install_date = models.DateField(null=True, blank=True, verbose_name="date installed")
    commit_rate_kbps = models.PositiveIntegerField(null=True, blank=True, verbose_name="commit rate (kbps)")
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    objects = CircuitQuerySet.as_manager()

    class Meta:
        ordering = ["provider", "cid"]
        constraints = [models.UniqueConstraint(fields=["provider", "cid"], name="circuits_circuit_unique_provider_cid")]

    def __str__(self) -> str:
        return self.cid

    def clean(self) -> None:
        super().clean()
        validate_status_applies(self)


class CircuitTermSide(models.TextChoices):
    A = "A", "A"
    Z = "Z", "Z"


class CircuitTermination(UniqueErrorsOnFieldMixin, ChangeLoggedModel):
    """One end (A or Z) of a circuit, at a location."""

    circuit = models.ForeignKey(Circuit, on_delete=models.CASCADE, related_name="terminations")
    term_side = models.CharField(max_length=1, choices=CircuitTermSide.choices, verbose_name="termination side")
    location = models.ForeignKey("dcim.Location", on_delete=models.PROTECT, related_name="circuit_terminations")
    port_speed_kbps = models.PositiveIntegerField(null=True, blank=True, verbose_name="port speed (kbps)")
    upstream_speed_kbps = models.PositiveIntegerField(
        null=True, blank=True, verbose_name="upstream speed (kbps)", help_text="If it differs from the port speed"
    )
    xconnect_id = models.CharField(max_length=50, blank=True, verbose_name="cross-connect ID")
    pp_info = models.CharField(max_length=100, blank=True, verbose_name="patch panel / port(s)")
    description = models.CharField(max_length=200, blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    class Meta:
        ordering = ["circuit", "term_side"]
        constraints = [
            models.UniqueConstraint(fields=["circuit", "term_side"], name="circuits_circuittermination_unique_side")
        ]

    def __str__(self) -> str:
        return f"{self.circuit}: termination {self.term_side}"

    def clean(self) -> None:
        super().clean()
        if self.upstream_speed_kbps is not None and self.port_speed_kbps is None:
            raise ValidationError({"port_speed_kbps": "Give the port speed when giving an upstream speed."})
