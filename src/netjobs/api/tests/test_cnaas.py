"""The CNaaS-NMS style v1.0 API: its envelope, field names and state names."""

from __future__ import annotations

import pytest

from netjobs.api.tests.conftest import grant
from netjobs.api.tests.support import both_databases
from netjobs.api.tests.test_results import make_result
from netjobs.jobs.models import JobLock

pytestmark = [both_databases, pytest.mark.usefixtures("jobs_root")]


def test_jobs_list_is_paginated_in_the_cnaas_envelope(client_for, viewer, job):
    definition = job("local/example/MyJobWithNoVars")
    results = [make_result(definition, viewer, status) for status in ("completed", "errored", "running", "pending")]
    results[1].error, results[1].traceback = "RuntimeError: boom", "Traceback...\nRuntimeError: boom"
    results[1].save()
    response = client_for(viewer).get("/api/v1.0/jobs", {"per_page": 2, "page": 2})
    assert response.status_code == 200
    assert response["X-Total-Count"] == "4"
    body = response.json()
    assert body["status"] == "success"
    jobs = body["data"]["jobs"]
    assert [j["id"] for j in jobs] == [results[1].pk, results[0].pk]
    assert [j["status"] for j in jobs] == ["EXCEPTION", "FINISHED"]
    assert set(jobs[0]) == {
        "id", "status", "scheduled_time", "start_time", "finish_time", "function_name", "scheduled_by", "comment",
        "ticket_ref", "next_job_id", "result", "exception", "finished_devices", "change_score",
    }  # fmt: skip
    assert jobs[0]["exception"]["message"] == "RuntimeError: boom"
    assert jobs[0]["function_name"] == "local/example/MyJobWithNoVars"
    first_page = client_for(viewer).get("/api/v1.0/jobs?per_page=2").json()["data"]["jobs"]
    assert [j["status"] for j in first_page] == ["SCHEDULED", "RUNNING"]


def test_one_job_and_per_device_results(client_for, viewer, job):
    result = make_result(
        job("local/example/MyJobWithNoVars"),
        viewer,
        finished_items=["eosdist"],
        item_results={"eosdist": {"failed": False, "result": "hostname eosdist"}},
    )
    body = client_for(viewer).get(f"/api/v1.0/job/{result.pk}").json()
    assert body["status"] == "success"
    (only,) = body["data"]["jobs"]
    assert only["finished_devices"] == ["eosdist"]
    assert only["result"]["devices"]["eosdist"]["failed"] is False


def test_errors_use_the_envelope(client_for, nobody, viewer):
    assert client_for(None).get("/api/v1.0/jobs").json()["status"] == "error"
    response = client_for(nobody).get("/api/v1.0/jobs")
    assert response.status_code == 403 and response.json()["status"] == "error"
    response = client_for(viewer).get("/api/v1.0/job/999999")
    assert response.status_code == 404
    assert response.json() == {"status": "error", "message": "No job with id 999999 found"}
    response = client_for(viewer).get("/api/v1.0/jobs", {"per_page": "zero"})
    assert response.status_code == 400 and response.json()["status"] == "error"


def test_joblocks_list_and_clear(client_for, viewer, job):
    holder = make_result(job("local/api_cases/Locked"), viewer, "running")
    JobLock.objects.create(name="devices", job_result=holder)
    assert client_for(viewer).get("/api/v1.0/joblocks").status_code == 403
    user = grant(viewer, "jobs.view_joblock")
    body = client_for(user).get("/api/v1.0/joblocks").json()
    assert body["status"] == "success"
    assert [(lock["name"], lock["job_id"]) for lock in body["data"]["locks"]] == [("devices", holder.pk)]
    client = client_for(user)
    assert client.delete("/api/v1.0/joblocks", {"name": "devices"}, format="json").status_code == 403
    client = client_for(grant(user, "jobs.clear_joblock"))
    assert client.delete("/api/v1.0/joblocks", {"nmae": "devices"}, format="json").status_code == 400
    response = client.delete("/api/v1.0/joblocks", {"name": "devices"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "success"
    assert not JobLock.objects.exists()
    response = client.delete("/api/v1.0/joblocks", {"name": "devices"}, format="json")
    assert response.status_code == 404 and response.json()["status"] == "error"
