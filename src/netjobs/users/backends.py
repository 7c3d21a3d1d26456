"""Permission aliases: the spec's `extras.run_job` is the same permission as the framework's `jobs.run_job`.

Granting either lets a user run jobs, wherever netjobs asks (`netjobs.jobs.permissions` asks for
`jobs.run_job`). This backend only answers for the aliased names; every other permission is Django's
`ModelBackend`'s business.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend

__all__ = ["PERMISSION_ALIASES", "PermissionAliasBackend"]

PERMISSION_ALIASES: dict[str, str] = {
    "jobs.run_job": "extras.run_job",
    "extras.run_job": "jobs.run_job",
}

_model_backend = ModelBackend()


class PermissionAliasBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        alias = PERMISSION_ALIASES.get(perm)
        if alias is None or obj is not None or not getattr(user_obj, "is_active", False):
            return False
        return alias in _model_backend.get_all_permissions(user_obj)
