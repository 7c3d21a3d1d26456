"""API tokens: stored hashed, shown once, optional expiry, read-only unless write-enabled; CLI, API and admin."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from netjobs.users.models import Token, hash_key

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", password="pw")


def _client(key: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def test_a_token_is_stored_hashed_with_a_visible_prefix(alice):
    token, key = Token.create_for(alice, description="ci")
    assert len(key) == 40
    assert token.key_hash == hash_key(key) != key
    assert token.prefix == key[:8]
    assert not Token.objects.filter(key_hash=key).exists()
    assert Token.find(key) == token


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_a_valid_token_authenticates(alice, keyword):
    _, key = Token.create_for(alice)
    assert _client(key, keyword).get("/api/").status_code == 200


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token nope", "Invalid token."),
        ("Token", "Invalid token header: use 'Authorization: Token <key>'."),
        ("Token a b", "Invalid token header: use 'Authorization: Token <key>'."),
    ],
)
def test_a_bad_token_is_401(header, detail):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/")
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_an_expired_token_or_inactive_user_is_401(alice):
    _, expired = Token.create_for(alice, expires=timezone.now() - datetime.timedelta(seconds=1))
    assert _client(expired).get("/api/").json() == {"detail": "Token expired."}
    _, key = Token.create_for(alice, expires=timezone.now() + datetime.timedelta(days=1))
    assert _client(key).get("/api/").status_code == 200
    alice.is_active = False
    alice.save()
    assert _client(key).get("/api/").status_code == 401


def test_a_read_only_token_reads_but_does_not_write(alice):
    _, key = Token.create_for(alice, write_enabled=False)
    client = _client(key)
    assert client.get("/api/users/tokens/").status_code == 200
    response = client.post("/api/users/tokens/", {}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only (not write-enabled)."}


def test_the_api_creates_a_token_showing_the_key_once(alice):
    _, key = Token.create_for(alice)
    client = _client(key)
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/api/users/tokens/", {"description": "bot", "expires": tomorrow, "write_enabled": False}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    new = Token.objects.get(pk=body["id"])
    assert new.key_hash == hash_key(body["key"]) and new.user == alice and new.write_enabled is False
    listed = client.get("/api/users/tokens/").json()["results"]
    assert {t["id"] for t in listed} == {new.pk, Token.find(key).pk}
    assert all("key" not in t and "key_hash" not in t for t in listed)
    assert client.get(f"/api/users/tokens/{new.pk}/").json()["prefix"] == body["key"][:8]


def test_token_input_errors_name_the_field(alice):
    client = _client(Token.create_for(alice)[1])
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert client.post("/api/users/tokens/", {"expires": past}, format="json").json() == {
        "expires": ["Must be in the future."]
    }
    assert client.post("/api/users/tokens/", {"key": "mine"}, format="json").json() == {"key": ["Unknown field."]}


def test_users_see_and_revoke_only_their_own_tokens(alice):
    bob = User.objects.create_user("bob")
    bobs, _ = Token.create_for(bob)
    client = _client(Token.create_for(alice)[1])
    assert client.get(f"/api/users/tokens/{bobs.pk}/").status_code == 404
    assert client.delete(f"/api/users/tokens/{bobs.pk}/").status_code == 404
    response = client.post("/api/users/tokens/", {"user": bob.pk}, format="json")
    assert response.status_code == 400 and "user" in response.json()
    mine = Token.objects.filter(user=alice).first()
    other, other_key = Token.create_for(alice)
    assert client.delete(f"/api/users/tokens/{other.pk}/").status_code == 204
    assert _client(other_key).get("/api/").status_code == 401
    assert Token.objects.filter(pk=mine.pk).exists()


def test_a_superuser_creates_tokens_for_others():
    admin = User.objects.create_superuser("root", "r@example.com", "pw")
    bob = User.objects.create_user("bob")
    response = _client(Token.create_for(admin)[1]).post("/api/users/tokens/", {"user": bob.pk}, format="json")
    assert response.status_code == 201
    assert Token.objects.get(pk=response.json()["id"]).user == bob


def test_the_command_creates_lists_and_revokes_tokens(alice):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "alice",
        "--description",
        "cron",
        "--expires-in-days",
        "30",
        "--read-only",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    token = Token.find(key)
    assert token is not None and token.user == alice and token.write_enabled is False
    assert token.expires is not None and token.description == "cron"
    assert "not shown again" in err.getvalue()
    listing = io.StringIO()
    call_command("token", "list", "alice", stdout=listing)
    assert token.prefix in listing.getvalue() and key not in listing.getvalue()
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert not Token.objects.filter(pk=token.pk).exists()
    with pytest.raises(CommandError, match="No user"):
        call_command("token", "create", "nobody-here")
    with pytest.raises(CommandError, match="No token"):
        call_command("token", "revoke", "deadbeef")


def test_the_admin_creates_a_token_and_shows_its_key_once():
    admin = User.objects.create_superuser("root", "r@example.com", "pw")
    client = APIClient()
    client.force_login(admin)
    response = client.post(
        "/admin/users/token/add/",
        {"user": admin.pk, "description": "from the admin", "write_enabled": "on"},
        follow=True,
    )
    assert response.status_code == 200
    token = Token.objects.get(description="from the admin")
    page = response.content.decode()
    key = next(word for word in page.replace("<", " ").split() if len(word) == 40 and word.startswith(token.prefix))
    assert Token.find(key) == token


def test_extras_run_job_and_jobs_run_job_are_one_permission(alice):
    anchor = Permission.objects.get(content_type__app_label="extras", codename="run_job")
    alice.user_permissions.add(anchor)
    alice = User.objects.get(pk=alice.pk)
    assert alice.has_perm("extras.run_job") and alice.has_perm("jobs.run_job")
    bob = User.objects.create_user("bob")
    bob.user_permissions.add(Permission.objects.get(content_type__app_label="jobs", codename="run_job"))
    bob = User.objects.get(pk=bob.pk)
    assert bob.has_perm("extras.run_job")
    assert not bob.has_perm("jobs.approve_job")
