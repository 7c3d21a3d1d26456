"""REST API authentication by token (`Authorization: Token <key>`; `Bearer <key>` is accepted too)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from netjobs.users.models import Token

__all__ = ["TokenAuthentication"]

_KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(BaseAuthentication):
    """Authenticate with an API token. `request.auth` is the Token, so permissions can honour `write_enabled`."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in _KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid token header: use 'Authorization: Token <key>'.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Invalid token.") from None
        token = Token.find(key)
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        if token.is_expired():
            raise AuthenticationFailed("Token expired.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
