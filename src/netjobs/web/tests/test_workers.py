"""The workers page: live workers, their queues, the run each is busy with, and silent ones flagged."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from netjobs.jobs.models import Worker
from netjobs.web.tests.conftest import both_databases, client_for, make_result, user_with

pytestmark = both_databases


def test_workers_show_their_queues_and_current_run(admin_client: Client, definition) -> None:
    busy = make_result(definition("local/ui_demo/HoldsLock"), status="running")
    Worker.objects.create(
        name="host:11", hostname="host", pid=11, queues=["default", "bulk"], current_result_id=busy.pk
    )
    Worker.objects.create(
        name="host:12", hostname="host", pid=12, queues=["default"], last_heartbeat=timezone.now() - timedelta(hours=1)
    )

    html = admin_client.get("/workers/").content.decode()

    assert "host:11" in html and ">bulk</span>" in html
    assert f'<a href="/results/{busy.pk}/">' in html
    assert html.count(">silent</span>") == 1  # only the worker that stopped heart-beating
    assert 'href="/workers/">Workers</a>' in html  # in the menu


def test_workers_need_the_view_permission(definition) -> None:
    assert client_for(user_with("nobody")).get("/workers/").status_code == 403
    html = client_for(user_with("ops", "jobs.view_worker")).get("/workers/").content.decode()
    assert "No worker is running" in html
