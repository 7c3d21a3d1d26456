"""Job hooks: submit a job after a change-logged object is created, updated or deleted.

The trigger is the change log itself: every create/update/delete of a ChangeLoggedModel writes an ObjectChange
(netjobs.core.changelog), whose post_save hands us the action, the before/after snapshots and the run that made
the change. The job is submitted with `transaction.on_commit` on the data alias, so a rolled-back change (a
dry run, an error) never fires a hook.

Loop prevention: a change made by a run that a hook started (directly, or through a chain of runs it started)
fires no hook. The run's origin is its `request_meta["job_hook"]` marker, looked up once per run and cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from netjobs.automation.conf import setting
from netjobs.automation.models import JobHook
from netjobs.core.models import ObjectChange
from netjobs.jobs.models import JobResult

__all__ = ["HOOK_MARKER", "build_change", "connect", "hook_input", "hooks_cache", "is_hook_run"]

logger = logging.getLogger(__name__)

#: The key of `JobResult.request_meta` that marks a run started by a job hook.
HOOK_MARKER = "job_hook"
_MAX_CHAIN = 20


class HooksCache:
    """Enabled hooks by (content type id, action), re-read at most every `hooks_cache_seconds`.

    With no hook configured a change costs one dictionary look-up and no query (until the cache expires).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._expires = 0.0
        self._index: dict[tuple[int, str], list[JobHook]] = {}

    def matching(self, content_type_id: int, action: str) -> list[JobHook]:
        now = time.monotonic()
        with self._lock:
            if now < self._expires:
                return self._index.get((content_type_id, action), [])
        index: dict[tuple[int, str], list[JobHook]] = {}
        for hook in JobHook.objects.filter(enabled=True).prefetch_related("content_types").select_related("user"):
            for content_type in hook.content_types.all():
                for hook_action in hook.actions:
                    index.setdefault((content_type.pk, hook_action), []).append(hook)
        with self._lock:
            self._index = index
            self._expires = now + float(setting("hooks_cache_seconds"))
        return index.get((content_type_id, action), [])

    def invalidate(self, *args: Any, **kwargs: Any) -> None:
        with self._lock:
            self._expires = 0.0


hooks_cache = HooksCache()


class _RunOrigins:
    """Which runs were started by a hook (a run's origin never changes, so answers are cached, LRU-bounded)."""

    _MAX = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: OrderedDict[int, bool] = OrderedDict()

    def is_hook_run(self, result_id: int) -> bool:
        with self._lock:
            if result_id in self._known:
                self._known.move_to_end(result_id)
                return self._known[result_id]
        answer = self._lookup(result_id)
        with self._lock:
            self._known[result_id] = answer
            while len(self._known) > self._MAX:
                self._known.popitem(last=False)
        return answer

    @staticmethod
    def _lookup(result_id: int) -> bool:
        current: int | None = result_id
        for _ in range(_MAX_CHAIN):  # a hook run's chained runs count as hook runs too
            if current is None:
                return False
            row = JobResult.objects.filter(pk=current).values_list("request_meta", "parent_result_id").first()
            if row is None:
                return False
            meta, current = row
            if isinstance(meta, dict) and HOOK_MARKER in meta:
                return True
        return False

    def clear(self) -> None:
        with self._lock:
            self._known.clear()


run_origins = _RunOrigins()


def is_hook_run(result_id: int | None) -> bool:
    return result_id is not None and run_origins.is_hook_run(result_id)


def build_change(change: ObjectChange) -> dict[str, Any]:
    """The `change` a hook job receives."""
    content_type = change.changed_object_type
    return {
        "action": change.action,
        "model": f"{content_type.app_label}.{content_type.model}",
        "object_id": change.changed_object_id,
        "object_repr": change.object_repr,
        "before": change.prechange_data,
        "after": change.postchange_data,
        "user": change.user_name,
        "request_id": str(change.request_id),
        "job_result_id": change.job_result_id,
        "change_id": change.pk,
    }


def hook_input(job_class: Any, change: dict[str, Any], model: Any) -> dict[str, Any]:
    """The input for the hook's job: `change` if the job declares it, and the object through the first
    ObjectVar of its model (unless the object was deleted)."""
    from netjobs.jobs.variables import MultiObjectVar, ObjectVar

    data: dict[str, Any] = {}
    if "change" in job_class.variables:
        data["change"] = change
    if change["action"] != "delete" and model is not None:
        for name, var in job_class.variables.items():
            if name != "change" and isinstance(var, ObjectVar) and not isinstance(var, MultiObjectVar):
                if issubclass(model, var.model) or issubclass(var.model, model):
                    data[name] = change["object_id"]
                    break
    return data


def _submit(
    hook_id: int, hook_name: str, job_class_path: str, user: Any, commit: bool, change: dict[str, Any], model: Any
) -> None:
    from netjobs.jobs.submit import resolve_job, submit

    try:
        _, job_class = resolve_job(job_class_path)
        submit(
            job_class_path,
            hook_input(job_class, change, model),
            user=user,
            commit=commit,
            scheduled_by=f"hook {hook_name}"[:150],
            request_meta={HOOK_MARKER: {"id": hook_id, "name": hook_name}, "change": change},
        )
    except Exception:  # a bad hook must never break the code that saved the object
        logger.exception("Job hook %s could not start %s", hook_name, job_class_path)


def _on_object_change(
    sender: type, instance: ObjectChange, created: bool, raw: bool, using: str, **kwargs: Any
) -> None:
    if not created or raw:
        return
    hooks = hooks_cache.matching(instance.changed_object_type_id, instance.action)
    if not hooks or is_hook_run(instance.job_result_id):
        return
    change = build_change(instance)
    model = instance.changed_object_type.model_class()
    for hook in hooks:
        transaction.on_commit(
            lambda h=hook: _submit(h.pk, h.name, h.job_class_path, h.user, h.commit, change, model),  # type: ignore[misc]
            using=using,
        )


def connect() -> None:
    post_save.connect(_on_object_change, sender=ObjectChange, dispatch_uid="automation-job-hooks")
    for signal in (post_save, post_delete):
        signal.connect(hooks_cache.invalidate, sender=JobHook, dispatch_uid=f"automation-hooks-cache-{id(signal)}")
    m2m_changed.connect(
        hooks_cache.invalidate, sender=JobHook.content_types.through, dispatch_uid="automation-hooks-cache-m2m"
    )
