"""Webhook signing secrets: stored encrypted (Fernet, key derived from SECRET_KEY) or as a reference.

A secret is shown nowhere once saved — not in the admin, the CLI, payloads or logs; `hint()` says only whether
one is set. `env:NAME` stores a reference to an environment variable of the worker instead of the value, so the
secret can live in the deployment's secret store.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["SecretUnavailable", "decrypt", "encrypt", "hint", "resolve"]

ENV_PREFIX = "env:"


class SecretUnavailable(Exception):
    """The stored secret cannot be used (SECRET_KEY changed, or a referenced variable is not set)."""


def _fernet() -> Fernet:
    # A key of its own (not the run-input key): rotating one use must never expose the other.
    key = hashlib.sha256(f"netjobs-webhook-secret:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> bytes:
    return _fernet().encrypt(value.encode())


def decrypt(token: bytes | memoryview) -> str:
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        raise SecretUnavailable(
            "the webhook secret cannot be decrypted (was SECRET_KEY changed?); set it again"
        ) from None


def resolve(stored: str) -> str:
    """The value to sign with: `stored` itself, or the environment variable an `env:NAME` reference names."""
    if stored.startswith(ENV_PREFIX):
        name = stored[len(ENV_PREFIX) :].strip()
        value = os.environ.get(name)
        if not value:
            raise SecretUnavailable(f"the webhook secret references ${name}, which is not set in this process")
        return value
    return stored


def hint(stored: str | None) -> str:
    """What may be shown about a secret: the reference for `env:` secrets, else only that one is set."""
    if not stored:
        return ""
    if stored.startswith(ENV_PREFIX):
        return stored
    return "set (hidden)"
