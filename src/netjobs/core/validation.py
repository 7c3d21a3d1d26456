"""Validation shared by the inventory models: status applicability, tree parents, field-named unique errors."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import slugify

__all__ = [
    "SlugFromNameMixin",
    "UniqueErrorsOnFieldMixin",
    "tree_ancestor_ids",
    "validate_status_applies",
    "validate_tree_parent",
]


def validate_status_applies(instance: models.Model, field_name: str = "status") -> None:
    """Reject a Status whose `content_types` does not include the instance's (concrete) model."""
    if getattr(instance, f"{field_name}_id", None) is None:
        return  # a missing required status is reported by the field itself
    status = getattr(instance, field_name)
    content_type = ContentType.objects.get_for_model(instance)  # proxies (Site) use their concrete model
    if not status.content_types.filter(pk=content_type.pk).exists():
        plural = instance._meta.concrete_model._meta.verbose_name_plural
        raise ValidationError({field_name: f"Status “{status}” does not apply to {plural}."})


def tree_ancestor_ids(model: type[models.Model], node_id: Any, parent_field: str = "parent") -> list[Any]:
    """Ids of `node_id`'s ancestors, nearest first: one small query per level (trees here are a few levels deep).

    A cycle already stored in the database ends the walk instead of looping forever.
    """
    manager = model._meta.concrete_model._base_manager
    ancestors: list[Any] = []
    current = manager.filter(pk=node_id).values_list(f"{parent_field}_id", flat=True).first()
    while current is not None and current not in ancestors and current != node_id:
        ancestors.append(current)
        current = manager.filter(pk=current).values_list(f"{parent_field}_id", flat=True).first()
    return ancestors


def validate_tree_parent(instance: models.Model, parent_field: str = "parent") -> None:
    """Reject a parent that is the instance itself or one of its descendants (which would make a cycle)."""
    parent_id = getattr(instance, f"{parent_field}_id")
    if parent_id is None or instance.pk is None:
        return
    if parent_id == instance.pk or instance.pk in tree_ancestor_ids(type(instance), parent_id, parent_field):
        raise ValidationError({parent_field: f"“{instance}” cannot be its own parent or ancestor."})


class UniqueErrorsOnFieldMixin:
    """Report a violated multi-field UniqueConstraint on its last field instead of as a non-field error.

    Django files `(device, name)` duplicates under `__all__`; a job author or a form wants to be told that
    `name` is the field to change. Declare constraints with the field to blame last.
    """

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        try:
            super().validate_constraints(exclude=exclude)  # type: ignore[misc]
        except ValidationError as error:
            raise _blame_last_field(error) from None


def _blame_last_field(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    moved: dict[str, list[ValidationError]] = {}
    for field, errors in error.error_dict.items():
        for item in errors:
            target = field
            if field == NON_FIELD_ERRORS and item.code == "unique_together" and item.params:
                target = item.params["unique_check"][-1]
            moved.setdefault(target, []).append(item)
    return ValidationError(moved)


class SlugFromNameMixin:
    """Fill an empty `slug` from `name` before validation and before saving.

    Before validation, so that `Tenant(name="Acme").validated_save()` works without a slug.
    """

    slug_source = "name"

    def _fill_slug(self) -> None:
        source = getattr(self, self.slug_source, "")
        if not getattr(self, "slug", "") and source:
            self.slug = slugify(str(source))[: self._meta.get_field("slug").max_length]  # type: ignore[attr-defined]

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        self._fill_slug()
        super().clean_fields(exclude=exclude)  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._fill_slug()
        super().save(*args, **kwargs)  # type: ignore[misc]
