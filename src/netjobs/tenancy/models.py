"""Tenants and tenant groups."""

from __future__ import annotations

from django.db import models

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import SlugFromNameMixin, validate_tree_parent

__all__ = ["Tenant", "TenantGroup"]


class TenantGroup(SlugFromNameMixin, ChangeLoggedModel):
    """A nestable grouping of tenants (customers, departments, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, related_name="children", null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        validate_tree_parent(self)


class Tenant(SlugFromNameMixin, ChangeLoggedModel):
    """Who a location, device, prefix or circuit belongs to."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    group = models.ForeignKey(TenantGroup, on_delete=models.SET_NULL, related_name="tenants", null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
