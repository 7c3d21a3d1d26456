"""A user's own API tokens: list, create (the key is shown once, on the page that created it), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from netjobs.users.models import Token

__all__ = ["token_list", "token_revoke"]


class TokenForm(forms.Form):
    description = forms.CharField(max_length=200, required=False, help_text="What the token is for")
    expires = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: it never expires",
    )
    write_enabled = forms.BooleanField(
        required=False, initial=True, label="Write enabled", help_text="Unticked: the token may only read"
    )

    def clean_expires(self) -> object:
        expires = self.cleaned_data.get("expires")
        if expires is not None and expires <= timezone.now():
            raise forms.ValidationError("The expiry must be in the future.")
        return expires


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens and a form. POST: create a token and show its key this once."""
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_key = Token.create_for(
            request.user,
            description=form.cleaned_data["description"],
            expires=form.cleaned_data["expires"],
            write_enabled=form.cleaned_data["write_enabled"],
        )
        form = TokenForm()
    tokens = Token.objects.filter(user=request.user)
    return render(request, "web/tokens.html", {"tokens": tokens, "form": form, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = Token.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404("No such token")  # someone else's token does not exist for this user
    token.delete()
    messages.success(request, f"Token {token.prefix}… revoked.")
    return redirect("web:token-list")
