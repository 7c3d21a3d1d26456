"""API tokens: `Authorization: Token <key>`.

The key is shown once, when the token is created; only its SHA-256 is stored. A key is 160 random bits, so a
fast hash is enough (no password-style stretching is needed to resist guessing), and looking a token up is one
indexed query. The first characters are kept in clear as `prefix`, so that a user can tell their tokens apart.

Using a token writes nothing: a `last_used` stamp would be a write to the data database on every request, and on
SQLite that write waits behind any job holding the data database's write lock.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

__all__ = ["KEY_PREFIX_LENGTH", "Token", "hash_key"]

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


class Token(models.Model):
    """An API token of one user: optional expiry, and read-only unless `write_enabled`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, editable=False, help_text="The key's first characters")
    description = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True, help_text="Empty: the token never expires")
    write_enabled = models.BooleanField(
        default=True, help_text="Unticked: the token may only read (GET, HEAD, OPTIONS)"
    )

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate_key() -> str:
        """A new random key: 40 hexadecimal characters, the shape Nautobot and NetBox clients expect."""
        return secrets.token_hex(20)

    def set_key(self, key: str) -> None:
        self.key_hash = hash_key(key)
        self.prefix = key[:KEY_PREFIX_LENGTH]

    @classmethod
    def create_for(
        cls,
        user: Any,
        *,
        description: str = "",
        expires: datetime.datetime | None = None,
        write_enabled: bool = True,
    ) -> tuple[Token, str]:
        """Create a token for `user`; returns it with its key, which is never available again."""
        key = cls.generate_key()
        token = cls(user=user, description=description, expires=expires, write_enabled=write_enabled)
        token.set_key(key)
        token.save()
        return token, key

    @classmethod
    def find(cls, key: str) -> Token | None:
        """The token whose key is `key`, with its user; None if there is none."""
        return cls.objects.select_related("user").filter(key_hash=hash_key(key)).first()

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires is not None and self.expires <= (now or timezone.now())
