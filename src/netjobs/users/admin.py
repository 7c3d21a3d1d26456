"""Token administration in the admin UI: create (the key is shown once), list, revoke (delete)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from netjobs.users.models import Token

__all__ = ["TokenAdmin"]


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "description", "write_enabled", "expires", "created")
    list_filter = ("write_enabled",)
    search_fields = ("prefix", "description", "user__username")
    readonly_fields = ("prefix", "created")
    fields = ("user", "description", "expires", "write_enabled", "prefix", "created")
    autocomplete_fields = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Token]:
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Token | None = None) -> tuple[str, ...]:
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "user")  # staff manage their own tokens only

    def save_model(self, request: HttpRequest, obj: Token, form: ModelForm, change: bool) -> None:
        if not request.user.is_superuser and not change:
            obj.user = request.user
        if change:
            super().save_model(request, obj, form, change)
            return
        key = Token.generate_key()
        obj.set_key(key)
        super().save_model(request, obj, form, change)
        messages.warning(
            request, f"The new token's key is {key} — copy it now: it is stored hashed and never shown again."
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"user": request.user.pk}
