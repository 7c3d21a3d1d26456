"""The locks page: who holds which lock since when, and clearing one after a confirmation."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from netjobs.jobs.models import JobLock
from netjobs.web.tests.conftest import both_databases, client_for, make_result, user_with

pytestmark = both_databases


def test_locks_show_their_holder_and_since_when(admin_client: Client, definition) -> None:
    holder = make_result(definition("local/ui_demo/HoldsLock"), status="running")
    JobLock.objects.create(name="ui-demo", job_result=holder, worker="host:1")
    html = admin_client.get("/locks/").content.decode()
    assert "<code>ui-demo</code>" in html
    assert f'<a href="/results/{holder.pk}/">Holds a lock #{holder.pk}</a>' in html
    assert "host:1" in html


def test_clearing_a_lock_asks_for_confirmation_first(admin_client: Client, definition) -> None:
    holder = make_result(definition("local/ui_demo/HoldsLock"), status="running")
    lock = JobLock.objects.create(name="ui-demo", job_result=holder)
    confirm = admin_client.get(f"/locks/{lock.pk}/clear/").content.decode()
    assert "Clear lock <code>ui-demo</code>?" in confirm
    assert "is still running" in confirm
    assert JobLock.objects.exists()
    response = admin_client.post(f"/locks/{lock.pk}/clear/", follow=True)
    assert "Lock ui-demo was cleared." in response.content.decode()
    assert not JobLock.objects.exists()
    again = admin_client.post(f"/locks/{lock.pk}/clear/", follow=True)
    assert "already released" in again.content.decode()


def test_viewing_locks_does_not_allow_clearing_them(definition) -> None:
    holder = make_result(definition("local/ui_demo/HoldsLock"), status="running")
    lock = JobLock.objects.create(name="ui-demo", job_result=holder)
    watcher: User = user_with("watcher", "jobs.view_joblock")
    client = client_for(watcher)
    html = client.get("/locks/").content.decode()
    assert "<code>ui-demo</code>" in html and ">Clear<" not in html
    assert client.post(f"/locks/{lock.pk}/clear/").status_code == 403
    assert JobLock.objects.exists()
