"""Location types and the location tree, with the `Site` and `Region` views of it that Nautobot 1 jobs expect."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When

from netjobs.core.models import ChangeLoggedModel
from netjobs.core.validation import (
    SlugFromNameMixin,
    UniqueErrorsOnFieldMixin,
    tree_ancestor_ids,
    validate_status_applies,
    validate_tree_parent,
)
from netjobs.dcim.querysets import AliasQuerySet

__all__ = ["Location", "LocationQuerySet", "LocationType", "Region", "Site", "SiteQuerySet"]


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in _time_zones():
        raise ValidationError(f"“{value}” is not a known IANA time zone (e.g. Europe/Amsterdam).")


class LocationType(SlugFromNameMixin, ChangeLoggedModel):
    """A level of the location tree (Region, Site, Building, …) and which level may contain it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        help_text="Locations of this type sit inside a location of the parent type.",
    )
    nestable = models.BooleanField(default=False, help_text="Locations of this type may contain locations of it.")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        validate_tree_parent(self)


class LocationQuerySet(AliasQuerySet):
    def of_type(self, location_type: LocationType | str) -> LocationQuerySet:
        """Locations of one type, given the type or its name."""
        if isinstance(location_type, LocationType):
            return self.filter(location_type=location_type)
        return self.filter(location_type__name=location_type)


class Location(UniqueErrorsOnFieldMixin, SlugFromNameMixin, ChangeLoggedModel):
    """A place in the location tree: a region, a site, a building, a room…"""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    location_type = models.ForeignKey(LocationType, on_delete=models.PROTECT, related_name="locations")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, related_name="children", null=True, blank=True)
    status = models.ForeignKey("core.Status", on_delete=models.PROTECT, related_name="locations")
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.PROTECT, related_name="locations", null=True, blank=True
    )
    facility = models.CharField(max_length=100, blank=True, help_text="Data centre provider and facility, e.g. AM3.")
    asn = models.PositiveBigIntegerField(null=True, blank=True, verbose_name="ASN")
    time_zone = models.CharField(max_length=63, blank=True, validators=[validate_time_zone])
    physical_address = models.TextField(blank=True)
    shipping_address = models.TextField(blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(max_length=100, blank=True)
    contact_phone = models.CharField(max_length=50, blank=True)
    contact_email = models.EmailField(blank=True)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)
    tags = models.ManyToManyField("core.Tag", blank=True, related_name="+")

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="dcim_location_unique_parent_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        validate_status_applies(self)
        validate_tree_parent(self)
        self._validate_type_rules()
        if self.parent_id is None and self.name:
            # NULL parents are distinct in a unique index, so the database does not catch duplicate roots.
            roots = Location.objects.filter(parent__isnull=True, name=self.name).exclude(pk=self.pk)
            if roots.exists():
                raise ValidationError({"name": f"A top-level location named “{self.name}” already exists."})

    def _validate_type_rules(self) -> None:
        """A parent is optional; when given, it must be of the type's parent type (or of the type, if nestable)."""
        if self.location_type_id is None:
            return
        location_type = self.location_type
        if self.parent_id is not None:
            parent_type_id = self.parent.location_type_id
            allowed = {location_type.parent_id} | ({location_type.pk} if location_type.nestable else set())
            if parent_type_id not in allowed:
                expected = " or ".join(
                    str(t) for t in (location_type.parent, location_type if location_type.nestable else None) if t
                )
                raise ValidationError(
                    {
                        "parent": f"A {location_type} cannot sit inside a {self.parent.location_type}"
                        + (f"; its parent must be a {expected}." if expected else "; it must be top-level.")
                    }
                )
        if self.pk is not None:
            misfits = self.children.exclude(location_type__parent=location_type)
            if location_type.nestable:
                misfits = misfits.exclude(location_type=location_type)
            if misfits.exists():
                raise ValidationError(
                    {"location_type": f"Child locations of “{self}” cannot sit inside a {location_type}."}
                )

    def ancestors(self, *, include_self: bool = False) -> LocationQuerySet:
        """The locations above this one, root first (one query per level, then one for the rows)."""
        ids = tree_ancestor_ids(Location, self.pk)[::-1] if self.pk is not None else []
        if include_self and self.pk is not None:
            ids.append(self.pk)
        if not ids:
            return Location.objects.none()
        depth = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=models.IntegerField())
        return Location.objects.filter(pk__in=ids).order_by(depth)

    def descendants(self, *, include_self: bool = False) -> LocationQuerySet:
        """Every location below this one (one query per level of the tree below it)."""
        if self.pk is None:
            return Location.objects.none()
        found: list[Any] = [self.pk] if include_self else []
        frontier = [self.pk]
        seen = {self.pk}
        while frontier:
            children = [
                pk
                for pk in Location.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
                if pk not in seen
            ]
            seen.update(children)
            found.extend(children)
            frontier = children
        return Location.objects.filter(pk__in=found)


class SiteQuerySet(LocationQuerySet):
    lookup_aliases: ClassVar[dict[str, str]] = {"region": "parent", "region_id": "parent_id"}


class TypedLocationManager(models.Manager):
    """Only the locations of the proxy model's `location_type_name`."""

    def get_queryset(self) -> LocationQuerySet:
        return super().get_queryset().filter(location_type__name=self.model.location_type_name)


class TypedLocationMixin:
    """For proxies of Location bound to one LocationType: a missing `location_type` is filled in (created if
    need be) before validation and before saving, so `Site(name=…, status=…).validated_save()` just works."""

    location_type_name: ClassVar[str]
    location_type_defaults: ClassVar[dict[str, Any]]

    def _fill_location_type(self) -> None:
        if getattr(self, "location_type_id", None) is None:
            self.location_type, _ = LocationType.objects.get_or_create(
                name=self.location_type_name, defaults=self.location_type_defaults
            )

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self._fill_location_type()
        super().full_clean(*args, **kwargs)  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._fill_location_type()
        super().save(*args, **kwargs)  # type: ignore[misc]


class Site(TypedLocationMixin, Location):
    """The locations of type "Site": the Nautobot 1 / NetBox `Site` model, for jobs written against it."""

    location_type_name = "Site"
    location_type_defaults: ClassVar[dict[str, Any]] = {"slug": "site"}

    objects = TypedLocationManager.from_queryset(SiteQuerySet)()

    class Meta:
        proxy = True

    @property
    def region(self) -> Location | None:
        """Nautobot 1's `Site.region`: the parent location (also accepted in lookups, `region_id=…`)."""
        return self.parent

    @region.setter
    def region(self, value: Location | None) -> None:
        self.parent = value


class Region(TypedLocationMixin, Location):
    """The locations of type "Region": the Nautobot 1 / NetBox `Region` model."""

    location_type_name = "Region"
    location_type_defaults: ClassVar[dict[str, Any]] = {"slug": "region", "nestable": True}

    objects = TypedLocationManager.from_queryset(LocationQuerySet)()

    class Meta:
        proxy = True
