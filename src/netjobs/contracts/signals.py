"""Delete the assignments of an inventory object when the object is deleted.

A generic relation has no database cascade, and the inventory models cannot declare a `GenericRelation` back to
an app built on top of them; without this an assignment would outlive its device and cover a recycled id.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete

from netjobs.contracts.models import ASSIGNABLE_APP_LABELS, ContractAssignment

__all__ = ["connect_signals", "delete_assignments"]


def delete_assignments(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(sender)
    # Deleting one by one (not queryset.delete's fast path) keeps the change log of each assignment.
    for assignment in ContractAssignment.objects.using(using).filter(
        assigned_object_type=content_type, assigned_object_id=instance.pk
    ):
        assignment.delete()


def connect_signals() -> None:
    for label in ASSIGNABLE_APP_LABELS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in app_config.get_models():
            post_delete.connect(delete_assignments, sender=model, dispatch_uid=f"contracts-orphans-{model._meta.label}")
