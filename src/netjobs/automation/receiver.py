"""`JobHookReceiver`: a base for jobs that job hooks start, with the change decoded for them."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from netjobs.jobs.base import Job
from netjobs.jobs.variables import JSONVar

__all__ = ["JobHookReceiver"]


class JobHookReceiver(Job):
    """Subclass it and implement `receive_job_hook(change, action, changed_object)`.

    `change` is {"action", "model", "object_id", "object_repr", "before", "after", "user", …}; `changed_object`
    is the object as it is now (None after a delete, or when it is gone).
    """

    change = JSONVar(required=False, description="The change that fired the hook (set by the hook)")

    class Meta:
        abstract = True

    def run(self, data: dict[str, Any], commit: bool) -> Any:
        change = data.get("change") or {}
        return self.receive_job_hook(change, str(change.get("action", "")), self.changed_object(change))

    @staticmethod
    def changed_object(change: dict[str, Any]) -> models.Model | None:
        """The changed object, loaded now; None when it was deleted or the model is unknown."""
        if change.get("action") == "delete" or not change.get("model"):
            return None
        try:
            model = apps.get_model(change["model"])
        except (LookupError, ValueError):
            return None
        return model._default_manager.filter(pk=change.get("object_id")).first()

    def receive_job_hook(self, change: dict[str, Any], action: str, changed_object: models.Model | None) -> Any:
        raise NotImplementedError("A JobHookReceiver implements receive_job_hook()")
