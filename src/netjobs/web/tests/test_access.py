"""Who sees what: anonymous users are sent to log in, users without permission get 403 or 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from netjobs.jobs.models import JobLock
from netjobs.web.tests.conftest import both_databases, client_for, make_result

pytestmark = both_databases

PAGES = [
    "/jobs/",
    "/jobs/local/ui_demo/StreamLog/",
    "/results/",
    "/results/1/",
    "/results/1/log/",
    "/results/1/log/stream/",
    "/locks/",
    "/inventory/",
    "/inventory/dcim/device/",
    "/ui/options/dcim.device/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/login/?next={url}")


def test_home_goes_to_the_jobs_list(admin_client: Client) -> None:
    assert admin_client.get("/")["Location"] == "/jobs/"


def test_login_page_logs_in_and_logout_logs_out(client: Client, superuser: User) -> None:
    page = client.get("/login/")
    assert b'<label class="form-label" for="id_username">Username</label>' in page.content
    response = client.post("/login/", {"username": "admin", "password": "secret-password", "next": "/results/"})
    assert response["Location"] == "/results/"
    assert client.get("/results/").status_code == 200
    assert client.post("/logout/")["Location"] == "/login/"
    assert client.get("/results/").status_code == 302


def test_a_wrong_password_shows_an_error(client: Client, superuser: User) -> None:
    response = client.post("/login/", {"username": "admin", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_a_user_without_permissions_sees_no_jobs_and_no_foreign_results(nobody: User, runner: User, definition) -> None:
    job = definition("local/ui_demo/StreamLog")
    theirs = make_result(job, user_id=runner.pk, user_name="runner")
    client = client_for(nobody)
    assert b"Stream log" not in client.get("/jobs/").content
    assert client.get("/jobs/local/ui_demo/StreamLog/").status_code == 404
    assert client.get(f"/results/{theirs.pk}/").status_code == 404
    assert client.get(f"/results/{theirs.pk}/log/stream/").status_code == 404
    assert f"#{theirs.pk}".encode() not in client.get("/results/").content


def test_users_always_see_their_own_runs(nobody: User, definition) -> None:
    mine = make_result(definition("local/ui_demo/StreamLog"), user_id=nobody.pk, user_name="nobody")
    client = client_for(nobody)
    assert client.get(f"/results/{mine.pk}/").status_code == 200
    assert f"#{mine.pk}".encode() in client.get("/results/").content


def test_a_viewer_sees_the_form_but_may_not_run_the_job(viewer: User, definition) -> None:
    client = client_for(viewer)
    page = client.get("/jobs/local/ui_demo/StreamLog/")
    assert page.status_code == 200
    assert b"You may view this job but not run it." in page.content
    assert b'disabled aria-disabled="true"' in page.content
    assert client.post("/jobs/local/ui_demo/StreamLog/", {"lines": "1"}).status_code == 403


def test_locks_and_inventory_need_their_permissions(nobody: User, definition) -> None:
    result = make_result(definition("local/ui_demo/HoldsLock"), status="running")
    lock = JobLock.objects.create(name="ui-demo", job_result=result)
    client = client_for(nobody)
    assert client.get("/locks/").status_code == 403
    assert client.post(f"/locks/{lock.pk}/clear/").status_code == 403
    assert JobLock.objects.filter(pk=lock.pk).exists()
    assert client.get("/inventory/dcim/device/").status_code == 403
    assert client.get("/ui/options/dcim.device/").status_code == 403


def test_the_menu_shows_only_what_the_user_may_open(nobody: User, admin_client: Client) -> None:
    menu = client_for(nobody).get("/jobs/").content
    assert b'href="/locks/"' not in menu
    assert b'href="/admin/"' not in menu
    assert b">Inventory<" not in menu
    full = admin_client.get("/jobs/").content
    for link in (b'href="/jobs/"', b'href="/results/"', b'href="/locks/"', b'href="/admin/"', b'href="/inventory/"'):
        assert link in full


def test_bootstrap_and_htmx_are_served_from_installed_packages(admin_client: Client) -> None:
    from django.contrib.staticfiles import finders

    html = admin_client.get("/jobs/").content.decode()
    assets = ("bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js", "django_htmx/htmx-2.min.js")
    for asset in assets:
        assert f"/static/{asset}" in html
        assert finders.find(asset), asset
    assert "cdn" not in html.lower()
