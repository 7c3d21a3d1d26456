"""Who may call what: anonymous callers get 401, callers without permission 403 on collections, and 404 on
objects they may not see, so that the API never tells whether an object exists.

Model permissions are Django's (`<app>.view_<model>`, `add_`, `change_`, `delete_`), granted to users or groups.
A token that is not `write_enabled` may only read.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from netjobs.users.models import Token

__all__ = ["ModelPermissions", "ReadOnlyTokenRefused", "TokenWritePermission", "is_detail", "model_perm"]

_ACTION_PERMS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def model_perm(model: type, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def is_detail(view: Any) -> bool:
    """True when the request addresses one object: its URL carries a lookup (id, name or class path)."""
    return bool(getattr(view, "kwargs", None))


class ReadOnlyTokenRefused(PermissionDenied):
    default_detail = "This token is read-only (not write-enabled)."


class TokenWritePermission(BasePermission):
    """Authenticated, and a read-only token only reads."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method not in SAFE_METHODS and isinstance(request.auth, Token) and not request.auth.write_enabled:
            raise ReadOnlyTokenRefused()
        return True


class ModelPermissions(TokenWritePermission):
    """The model permission of the HTTP method; on one object without view permission, 404 instead of 403.

    Views name their model by `queryset` or `permission_model`. Extra actions declare what they need with
    `required_perms` on the view action (a list of permission names, empty for "authenticated is enough").
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        user = request.user
        model = getattr(view, "permission_model", None) or view.get_queryset().model
        action = getattr(view, "action", None)
        extra = getattr(getattr(view, action, None), "required_perms", None) if action else None
        if extra is not None:
            required = list(extra)
        else:
            required = [model_perm(model, _ACTION_PERMS.get(request.method or "GET", "view"))]
        if all(user.has_perm(perm) for perm in required):
            return True
        if is_detail(view) and not user.has_perm(model_perm(model, "view")):
            raise NotFound()
        return False
