"""Secret references: where a source's password lives, never the password itself.

A reference is `env:NAME` (an environment variable of the worker), `file:/path` (the first line of a file, e.g.
a Docker or systemd credential) or `setting:NAME` (a Django setting, e.g. one filled from `netjobs.toml`). Only
the reference is stored in the database; it is resolved when a job connects.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

__all__ = ["SecretError", "resolve_secret", "validate_secret_ref"]

_REF = re.compile(r"^(?P<kind>env|file|setting):(?P<name>\S.*)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SecretError(Exception):
    """A secret reference that cannot be resolved (unset variable, unreadable file, …)."""


def _parse(ref: str) -> tuple[str, str]:
    match = _REF.match(ref.strip())
    if not match:
        raise SecretError("a secret reference is env:NAME, file:/path or setting:NAME")
    kind, name = match["kind"], match["name"].strip()
    if kind in ("env", "setting") and not _ENV_NAME.match(name):
        raise SecretError(f"{name!r} is not a valid {'variable' if kind == 'env' else 'setting'} name")
    if kind == "file" and not Path(name).is_absolute():
        raise SecretError("a file reference needs an absolute path")
    return kind, name


def validate_secret_ref(ref: str) -> None:
    """Model-field validator: the reference is well formed (not whether it resolves today)."""
    if not ref:
        return
    try:
        _parse(ref)
    except SecretError as exc:
        raise ValidationError(str(exc)) from None


def resolve_secret(ref: str) -> str:
    """The secret `ref` points to. Raises SecretError naming the reference, never the value."""
    kind, name = _parse(ref)
    if kind == "env":
        value = os.environ.get(name)
        if value is None:
            raise SecretError(f"environment variable {name} is not set")
        return value
    if kind == "setting":
        value = getattr(settings, name, None)
        if not isinstance(value, str):
            raise SecretError(f"setting {name} is not set to a string")
        return value
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise SecretError(f"cannot read secret file {name}: {exc.strerror}") from None
    return text.splitlines()[0] if text else ""
