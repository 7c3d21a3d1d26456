"""`/api/`, `/api/status/`, the OpenAPI schema and the self-hosted docs."""

from __future__ import annotations

import pytest

from netjobs.api.tests.support import both_databases
from netjobs.jobs.models import Worker

pytestmark = both_databases


def test_the_root_names_the_sections_and_carries_the_api_version(client_for, nobody):
    response = client_for(nobody).get("/api/")
    assert response.status_code == 200
    assert response["API-Version"] == "2.4"
    assert {"extras", "jobs", "users", "status", "schema", "docs"} <= set(response.json())


def test_status_reports_versions_workers_and_queue_depth(client_for, nobody):
    Worker.objects.create(name="host:1", hostname="host", pid=1, queues=["default"])
    body = client_for(nobody).get("/api/status/").json()
    assert body["workers-running"] == 1
    assert body["queue-depth"]["pending"] == 0
    assert body["django-version"] and body["netjobs-version"] and body["python-version"]


@pytest.mark.parametrize("url", ["/api/", "/api/status/", "/api/schema/", "/api/docs/", "/api/users/tokens/"])
def test_anonymous_callers_get_401(client_for, url):
    assert client_for(None).get(url).status_code == 401


def test_the_schema_is_openapi_3_and_documents_the_spec_paths(client_for, nobody):
    response = client_for(nobody).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/extras/jobs/{class_path}/run/",
        "/api/extras/jobs/{id}/run/",
        "/api/extras/job-results/{id}/",
        "/api/extras/job-logs/",
        "/api/v1.0/jobs",
        "/api/v1.0/joblocks",
    ):
        assert path in paths, path
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_docs_are_served_without_a_cdn(client_for, nobody):
    client = client_for(nobody)
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
    assert "redoc" in client.get("/api/docs/redoc/").content.decode().lower()
    schema = client.get("/api/docs/?format=openapi")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
