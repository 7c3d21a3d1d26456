"""The admin pages for schedules, runtime settings and events, and the public façade."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import netjobs.apps.scheduling as facade
from netjobs.jobs.submit import resolve_job
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.events import log_event
from netjobs.scheduling.models import EventLog, RuntimeSetting, ScheduledJob
from netjobs.scheduling.schedules import create_schedule
from netjobs.scheduling.system_jobs import schedule_system_jobs
from netjobs.scheduling.tests.conftest import ECHO, NEEDS_COUNT

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])


@pytest.fixture
def admin_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "secret-password")
    client = Client()
    client.force_login(user)
    return client


def test_the_facade_exports_every_name_in_sorted_order() -> None:
    assert facade.__all__ == sorted(facade.__all__)
    for name in facade.__all__:
        assert getattr(facade, name) is not None


@pytest.mark.parametrize("model", ["scheduledjob", "runtimesetting", "eventlog"])
def test_every_admin_lists_and_shows_its_objects(admin_client: Client, model: str) -> None:
    schedule_system_jobs()
    create_schedule(ECHO, interval_type=IntervalType.CRONTAB, crontab="*/5 * * * *")
    log_event("test", "hello", data={"n": 1})
    changelist = reverse(f"admin:scheduling_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "e"}).status_code == 200
    obj = {"scheduledjob": ScheduledJob, "runtimesetting": RuntimeSetting, "eventlog": EventLog}[model].objects.first()
    assert obj is not None
    assert admin_client.get(reverse(f"admin:scheduling_{model}_change", args=[obj.pk])).status_code == 200


def _form(job_id: int, **overrides: str) -> dict[str, str]:
    form = {
        "name": "from admin",
        "job": str(job_id),
        "description": "",
        "enabled": "on",
        "user": "",
        "data": '{"count": 2}',
        "commit": "on",
        "queue": "",
        "interval_type": IntervalType.MINUTES,
        "interval_minutes": "30",
        "crontab": "",
        "start_time_0": "2030-01-01",
        "start_time_1": "02:00:00",
        "end_time_0": "",
        "end_time_1": "",
    }
    form.update(overrides)
    return form


def test_a_schedule_added_in_the_admin_is_validated_and_gets_its_next_run(admin_client: Client) -> None:
    definition, _ = resolve_job(NEEDS_COUNT)
    add = reverse("admin:scheduling_scheduledjob_add")
    bad = admin_client.post(add, _form(definition.pk, data='{"count": "many"}', crontab="* *"))
    assert bad.status_code == 200
    errors = bad.context["adminform"].form.errors
    assert set(errors) == {"data", "crontab"}
    assert "count" in errors["data"][0]

    good = admin_client.post(add, _form(definition.pk))
    assert good.status_code == 302, good.context["adminform"].form.errors if good.context else good
    schedule = ScheduledJob.objects.get(name="from admin")
    assert schedule.created_by == "root"
    assert schedule.next_run is not None and schedule.next_run.year == 2030


def test_changing_an_interval_setting_in_the_admin_reschedules_the_system_job(admin_client: Client) -> None:
    schedule_system_jobs()
    row = RuntimeSetting.objects.get(key="dead_worker_cleanup_interval")
    url = reverse("admin:scheduling_runtimesetting_change", args=[row.pk])
    bad = admin_client.post(url, {"value": '"often"', "description": row.description})
    assert bad.status_code == 200 and "value" in bad.context["adminform"].form.errors
    good = admin_client.post(url, {"value": "7", "description": row.description})
    assert good.status_code == 302
    schedules = ScheduledJob.objects.filter(system_job=True, job__class_path__endswith="DeadWorkerCleanupJob")
    assert [s.interval_minutes for s in schedules] == [7]
