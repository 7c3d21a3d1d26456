"""Base models for the inventory and apps, plus the shared Status, Tag and ObjectChange models."""

from __future__ import annotations

from typing import Any, Self

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse

from netjobs.core.validation import SlugFromNameMixin

__all__ = ["BaseModel", "ChangeLoggedModel", "ObjectChange", "ObjectChangeAction", "Status", "Tag"]


class BaseModel(models.Model):
    """Every netjobs model: `validated_save()` and a canonical URL."""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        """The app's own detail page if it names one `<app>:<model>`, else the generic inventory page."""
        meta = self._meta.concrete_model._meta  # a proxy (Site) is shown as its concrete model (Location)
        try:
            return reverse(f"{meta.app_label}:{meta.model_name}", args=[self.pk])
        except NoReverseMatch:
            pass
        try:
            return reverse("web:inventory-detail", args=[meta.app_label, meta.model_name, self.pk])
        except NoReverseMatch:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])

    def validated_save(self, *args: Any, **kwargs: Any) -> None:
        """Run every model validation (`full_clean`), then save. Jobs should save through this."""
        self.full_clean()
        self.save(*args, **kwargs)


class ChangeLoggedModel(BaseModel):
    """A model whose every create, update and delete is recorded as an ObjectChange (see netjobs.core.changelog)."""

    created = models.DateTimeField(auto_now_add=True, null=True)
    last_updated = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: list[str], values: list[Any]) -> Self:
        instance = super().from_db(db, field_names, values)
        # Keep the loaded values: an update's "before" then costs no extra query.
        instance._prechange_values = dict(zip(field_names, values, strict=False))
        return instance


class StatusQuerySet(models.QuerySet):
    def get_for_model(self, model: type[models.Model]) -> StatusQuerySet:
        """Statuses that apply to `model`."""
        return self.filter(content_types=ContentType.objects.get_for_model(model))


class Status(SlugFromNameMixin, ChangeLoggedModel):
    """A lifecycle state (active, planned, …) that applies to the models listed in `content_types`."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    color = models.CharField(max_length=6, default="9e9e9e", help_text="RGB colour in hexadecimal, e.g. 4caf50")
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(ContentType, related_name="statuses", blank=True)

    objects = StatusQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "statuses"

    def __str__(self) -> str:
        return self.name


class Tag(SlugFromNameMixin, ChangeLoggedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    color = models.CharField(max_length=6, default="9e9e9e")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ObjectChangeAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"


class ObjectChange(BaseModel):
    """One create/update/delete of a change-logged object: who, when, from which job run, before and after.

    It lives in the data database on purpose: a rolled-back job run leaves no change records behind.
    """

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    user_id = models.IntegerField(null=True, blank=True)
    user_name = models.CharField(max_length=150, blank=True)
    request_id = models.UUIDField(db_index=True)
    job_result_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=ObjectChangeAction.choices)
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    prechange_data = models.JSONField(null=True, blank=True)
    postchange_data = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["changed_object_type", "changed_object_id"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display().lower()} by {self.user_name or 'system'}"

    def get_absolute_url(self) -> str:
        return reverse("admin:core_objectchange_change", args=[self.pk])

    @property
    def changed_fields(self) -> list[str]:
        """Names of the fields whose value differs between before and after."""
        before, after = self.prechange_data or {}, self.postchange_data or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
