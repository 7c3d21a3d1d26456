"""A user's own API tokens in the UI: the key is shown once, stored hashed, and works against the API."""

from __future__ import annotations

import re

from django.test import Client

from netjobs.users.models import Token, hash_key
from netjobs.web.tests.conftest import both_databases, client_for, user_with

pytestmark = both_databases


def test_a_created_token_is_shown_once_and_works_with_the_api() -> None:
    client = client_for(user_with("ada"))
    page = client.post("/tokens/", {"description": "ci", "write_enabled": "on"}).content.decode()
    key = re.search(r'data-testid="new-token-key">([0-9a-f]{40})<', page).group(1)

    token = Token.objects.get(user__username="ada")
    assert token.key_hash == hash_key(key) and token.description == "ci"
    assert key not in client.get("/tokens/").content.decode()  # never shown again
    assert Client().get("/api/users/tokens/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_token_expiring_in_the_past_is_refused_naming_the_field() -> None:
    html = client_for(user_with("ada")).post("/tokens/", {"expires": "2001-01-01T00:00"}).content.decode()
    assert "The expiry must be in the future." in html
    assert not Token.objects.exists()


def test_users_revoke_their_own_tokens_but_not_others() -> None:
    ada, bob = user_with("ada"), user_with("bob")
    token, _ = Token.create_for(ada)
    assert client_for(bob).post(f"/tokens/{token.pk}/revoke/").status_code == 404
    assert client_for(ada).post(f"/tokens/{token.pk}/revoke/").status_code == 302
    assert not Token.objects.exists()
