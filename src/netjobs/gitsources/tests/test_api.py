"""The REST API of Git repositories: CRUD, queueing a sync, and no secret in any answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from netjobs.gitsources.models import GitRepository
from netjobs.gitsources.tests.support import WorkRepo
from netjobs.jobs.models import JobDefinition
from netjobs.jobs.runner import execute
from netjobs.jobs.tests.support import both_databases, runs_jobs

LIST = "/api/extras/git-repositories/"
SECRET = "tok-3n-that-must-never-show"


@pytest.fixture(autouse=True)
def _urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "netjobs.gitsources.tests.urls"


@pytest.fixture
def admin_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


@runs_jobs
def test_create_sync_read_and_delete_a_repository(
    admin_client: APIClient, work_repo: WorkRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETOPS_TOKEN", SECRET)
    created = admin_client.post(
        LIST, {"name": "Net Ops", "remote_url": work_repo.url, "secret_ref": "env:NETOPS_TOKEN"}, format="json"
    )
    assert created.status_code == 201, created.json()
    repo = created.json()
    assert repo["slug"] == "net-ops" and repo["source"] == "git.net-ops" and repo["provides"] == ["jobs"]

    queued = admin_client.post(f"{LIST}{repo['id']}/sync/", {}, format="json")
    assert queued.status_code == 201, queued.json()
    execute(queued.json()["job_result"]["id"])

    detail = admin_client.get(f"{LIST}{repo['id']}/")
    body = detail.json()
    assert len(body["current_commit"]) == 40
    assert body["last_sync_result"]["id"] == queued.json()["job_result"]["id"]
    assert body["secret_ref"] == "env:NETOPS_TOKEN"
    listing = admin_client.get(LIST)
    assert SECRET not in detail.content.decode() + listing.content.decode()

    assert admin_client.delete(f"{LIST}{repo['id']}/").status_code == 204
    assert not JobDefinition.objects.filter(source="git.net-ops", installed=True).exists()
    assert JobDefinition.objects.filter(source="git.net-ops").exists()


@both_databases
def test_a_password_in_the_url_is_refused_naming_the_field(admin_client: APIClient) -> None:
    answer = admin_client.post(LIST, {"name": "X", "remote_url": "https://u:hunter2@h.example/x.git"}, format="json")

    assert answer.status_code == 400
    assert "remote_url" in answer.json()
    assert "hunter2" not in answer.content.decode()


@both_databases
def test_the_fields_only_a_sync_writes_are_read_only(admin_client: APIClient) -> None:
    answer = admin_client.post(
        LIST, {"name": "X", "remote_url": "file:///srv/x.git", "current_commit": "0" * 40}, format="json"
    )

    assert answer.status_code == 201
    assert answer.json()["current_commit"] == ""


@both_databases
def test_syncing_needs_the_sync_permission() -> None:
    repo = GitRepository.objects.create(name="Net Ops", slug="net-ops", remote_url="file:///srv/x.git")
    user = User.objects.create_user("viewer", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="view_gitrepository"))
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))

    assert client.get(f"{LIST}{repo.pk}/").status_code == 200
    assert client.post(f"{LIST}{repo.pk}/sync/", {}, format="json").status_code == 403
