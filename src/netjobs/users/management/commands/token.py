"""`netjobs token create|list|revoke`: API tokens from the command line."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from netjobs.users.models import Token


def _expiry(options: dict[str, Any]) -> datetime.datetime | None:
    if options["expires_in_days"] is not None:
        if options["expires_in_days"] <= 0:
            raise CommandError("--expires-in-days must be positive")
        return timezone.now() + datetime.timedelta(days=options["expires_in_days"])
    if options["expires"]:
        when = parse_datetime(options["expires"])
        if when is None:
            raise CommandError(f"--expires {options['expires']!r} is not an ISO 8601 date and time")
        return when if timezone.is_aware(when) else timezone.make_aware(when)
    return None


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print its key (shown only this once)")
        create.add_argument("user", help="Username")
        create.add_argument("--description", default="")
        create.add_argument("--expires-in-days", type=int, default=None)
        create.add_argument("--expires", default=None, help="ISO 8601 date and time")
        create.add_argument("--read-only", action="store_true", help="The token may only read")
        listing = sub.add_parser("list", help="List tokens (prefix, user, expiry)")
        listing.add_argument("user", nargs="?", help="Only this user's tokens")
        revoke = sub.add_parser("revoke", help="Delete a token by its prefix or id")
        revoke.add_argument("token", help="Key prefix or token id")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}")
        token, key = Token.create_for(
            user,
            description=options["description"],
            expires=_expiry(options),
            write_enabled=not options["read_only"],
        )
        self.stderr.write(f"Created token {token.prefix}… for {user} (id {token.pk}); it is not shown again:")
        self.stdout.write(key)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = Token.objects.select_related("user")
        if options["user"]:
            tokens = tokens.filter(user__username=options["user"])
        for token in tokens:
            expires = token.expires.isoformat() if token.expires else "never"
            mode = "read-write" if token.write_enabled else "read-only"
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.user}\t{mode}\texpires {expires}\t{token.description}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        value = options["token"]
        query = Q(prefix=value)
        if value.isdigit():
            query |= Q(pk=int(value))
        matches = list(Token.objects.filter(query)[:2])
        if not matches:
            raise CommandError(f"No token {value!r}")
        if len(matches) > 1:
            raise CommandError(f"{value!r} matches more than one token; use the token id")
        matches[0].delete()
        self.stdout.write(f"Revoked token {matches[0].prefix}… of {matches[0].user}")
