"""Job hooks and job buttons: configuration rows in the data database, beside the content types they name.

Both name their job by class path, not by a foreign key: `JobDefinition` lives in the bookkeeping database, and
a class path survives a job re-sync that recreates definition rows. `clean()` checks that the job exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from netjobs.core.models import ChangeLoggedModel

__all__ = ["ButtonStyle", "JobButton", "JobHook", "changelogged_content_types"]


def changelogged_content_types() -> models.QuerySet[ContentType]:
    """Content types of the change-logged models: the ones hooks and buttons can apply to."""
    from django.apps import apps

    ids = [
        ContentType.objects.get_for_model(model).pk
        for model in apps.get_models()
        if issubclass(model, ChangeLoggedModel)
    ]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def _check_job(class_path: str) -> None:
    from netjobs.jobs.models import JobDefinition

    if not JobDefinition.objects.filter(class_path=class_path).exists():
        raise ValidationError({"job_class_path": f"No job {class_path!r} is known (sync the jobs first?)"})


class JobHook(models.Model):
    """Run a job whenever an object of the chosen types is created, updated or deleted.

    The job receives the change as its `change` variable ({"action", "model", "object_id", "before",
    "after"}), and the object itself through its first ObjectVar of that model when it still exists.
    """

    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    content_types = models.ManyToManyField(ContentType, related_name="+", help_text="Object types that fire it")
    type_create = models.BooleanField(default=False, verbose_name="on create")
    type_update = models.BooleanField(default=False, verbose_name="on update")
    type_delete = models.BooleanField(default=False, verbose_name="on delete")
    job_class_path = models.CharField(max_length=512, verbose_name="job", help_text="e.g. local/audit/AuditChange")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The runs run as this user (empty: no user)",
    )
    commit = models.BooleanField(default=True, help_text="Run with commit (off: dry runs)")
    description = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def actions(self) -> list[str]:
        return [
            a
            for a, on in (("create", self.type_create), ("update", self.type_update), ("delete", self.type_delete))
            if on
        ]

    def clean(self) -> None:
        if not (self.type_create or self.type_update or self.type_delete):
            raise ValidationError("Choose at least one of create, update and delete.")
        _check_job(self.job_class_path)


class ButtonStyle(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    SUCCESS = "success", "Success"
    WARNING = "warning", "Warning"
    DANGER = "danger", "Danger"
    INFO = "info", "Info"


class JobButton(models.Model):
    """A button on the detail page of objects of the chosen types that runs a job with that object as input.

    The label is a Django template rendered with the object as `obj` ("Audit {{ obj.name }}"); the result is
    reduced to plain text. Buttons sharing a `group_name` are shown as one dropdown.
    """

    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    label = models.CharField(max_length=255, help_text="Django template, the object is `obj`: Audit {{ obj.name }}")
    content_types = models.ManyToManyField(ContentType, related_name="+", help_text="Object types that show it")
    job_class_path = models.CharField(max_length=512, verbose_name="job", help_text="e.g. local/audit/AuditDevice")
    group_name = models.CharField(max_length=100, blank=True, help_text="Buttons of one group share a dropdown")
    weight = models.PositiveSmallIntegerField(default=100, help_text="Lower weights come first")
    confirmation = models.BooleanField(default=False, help_text="Ask for confirmation before running")
    button_class = models.CharField(max_length=20, choices=ButtonStyle.choices, default=ButtonStyle.PRIMARY)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group_name", "weight", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from netjobs.automation.buttons import TemplateLabelError, check_label

        try:
            check_label(self.label)
        except TemplateLabelError as exc:
            raise ValidationError({"label": str(exc)}) from None
        _check_job(self.job_class_path)

    def render_label(self, obj: Any) -> str:
        from netjobs.automation.buttons import render_label

        return render_label(self.label, obj, fallback=self.name)
