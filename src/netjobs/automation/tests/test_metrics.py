"""`/metrics`: scraped and parsed by the real prometheus_client parser; token, staff and disabled."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from netjobs.automation.tests.conftest import JOBS
from netjobs.jobs.models import JobLock, JobResult, Worker

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

TOKEN = "s3cret-token"


@pytest.fixture
def token(settings: Any) -> str:
    settings.NETJOBS_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client: Client | None = None, **headers: str) -> dict[str, Any]:
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {family.name: family for family in text_string_to_metric_families(response.content.decode())}


def sample(families: dict[str, Any], name: str, **labels: str) -> float | None:
    for family in families.values():
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return None


def test_metrics_count_runs_by_job_and_status_and_time_them(run_job: Any, token: str) -> None:
    run_job("WriteFiles")
    run_job("WriteFiles")
    run_job("NoObject")
    families = scrape(HTTP_AUTHORIZATION=f"Bearer {token}")
    job = f"{JOBS}/WriteFiles"
    assert families["netjobs_runs"].type == "counter"
    assert sample(families, "netjobs_runs_total", job=job, status="completed") == 2
    assert sample(families, "netjobs_runs_started_total", job=job) == 2
    assert sample(families, "netjobs_results", job=f"{JOBS}/NoObject", status="completed") == 1
    assert families["netjobs_run_duration_seconds"].type == "histogram"
    assert sample(families, "netjobs_run_duration_seconds_count", job=job) == 2
    assert sample(families, "netjobs_run_duration_seconds_bucket", job=job, le="+Inf") == 2


def test_metrics_show_queues_workers_locks_and_lock_waits(jobs_root: Any, token: str) -> None:
    now = timezone.now()
    for queue, n in (("default", 2), ("slow", 1)):
        for _ in range(n):
            JobResult.objects.create(job_class_path=f"{JOBS}/NoObject", name="x", status="pending", queue=queue)
    JobResult.objects.create(job_class_path=f"{JOBS}/NoObject", name="x", status="pending", lock_names=["devices"])
    running = JobResult.objects.create(job_class_path=f"{JOBS}/NoObject", name="x", status="running", started=now)
    JobLock.objects.create(name="devices", job_result=running)
    Worker.objects.create(name="w1", hostname="h", pid=1, last_heartbeat=now)
    Worker.objects.create(name="w2", hostname="h", pid=2, last_heartbeat=now - timedelta(hours=1))
    families = scrape(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert sample(families, "netjobs_queue_depth", queue="default") == 3
    assert sample(families, "netjobs_queue_depth", queue="slow") == 1
    assert sample(families, "netjobs_runs_running", queue="default") == 1
    assert sample(families, "netjobs_workers_alive") == 1
    assert sample(families, "netjobs_locks_held") == 1
    assert sample(families, "netjobs_lock_waits") == 1


def test_metrics_need_the_token_or_a_staff_user(token: str, django_user_model: Any) -> None:
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    user = Client()
    user.force_login(django_user_model.objects.create_user(username="ann"))
    assert user.get("/metrics").status_code == 401
    staff = Client()
    staff.force_login(django_user_model.objects.create_user(username="ops", is_staff=True))
    assert "netjobs_workers_alive" in scrape(staff)


def test_metrics_can_be_disabled(settings: Any, token: str) -> None:
    settings.NETJOBS_METRICS_ENABLED = False
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
