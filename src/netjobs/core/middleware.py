"""Attach each web request's changes to its user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from netjobs.core.context import ChangeContext, change_context

__all__ = ["ChangeContextMiddleware"]


class ChangeContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        with change_context(ChangeContext(user_id=user.pk, user_name=user.get_username())):
            return self.get_response(request)
