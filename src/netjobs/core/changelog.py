"""Write an ObjectChange for every save and delete of a ChangeLoggedModel.

Signals rather than an overridden `save()`, so that code calling `Model.objects.create()` or `delete()` on a
queryset of instances is logged too. `bulk_create()`/`update()` bypass signals and so the change log — the spec
warns job authors off them for the same reason.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save

from netjobs.core.context import ChangeContext, current_change_context
from netjobs.core.models import ChangeLoggedModel, ObjectChange, ObjectChangeAction

__all__ = ["connect_signals", "snapshot"]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict | list):
        return value
    return str(value)


def snapshot(instance: ChangeLoggedModel) -> dict[str, Any]:
    """The instance's concrete field values (foreign keys as ids), JSON-safe."""
    return {
        field.attname: _jsonable(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in ("created", "last_updated")
    }


def _prechange(instance: ChangeLoggedModel) -> dict[str, Any] | None:
    loaded = getattr(instance, "_prechange_values", None)
    if loaded is None:
        return None
    return {k: _jsonable(v) for k, v in loaded.items() if k not in ("created", "last_updated")}


def _record(instance: ChangeLoggedModel, action: str, before: Any, after: Any, using: str) -> None:
    context = current_change_context() or ChangeContext()
    ObjectChange.objects.using(using).create(
        user_id=context.user_id,
        user_name=context.user_name,
        request_id=context.request_id,
        job_result_id=context.job_result_id,
        action=action,
        changed_object_type=ContentType.objects.db_manager(using).get_for_model(instance, for_concrete_model=False),
        changed_object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        prechange_data=before,
        postchange_data=after,
    )


def _on_save(sender: type, instance: ChangeLoggedModel, created: bool, raw: bool, using: str, **kwargs: Any) -> None:
    if raw:  # fixtures loading
        return
    after = snapshot(instance)
    before = None if created else _prechange(instance)
    _record(instance, ObjectChangeAction.CREATE if created else ObjectChangeAction.UPDATE, before, after, using)
    instance._prechange_values = after


def _on_delete(sender: type, instance: ChangeLoggedModel, using: str, **kwargs: Any) -> None:
    _record(instance, ObjectChangeAction.DELETE, snapshot(instance), None, using)


def connect_signals() -> None:
    """Connect the change-log handlers to every concrete ChangeLoggedModel."""
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, ChangeLoggedModel):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"changelog-save-{model._meta.label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"changelog-delete-{model._meta.label}")
