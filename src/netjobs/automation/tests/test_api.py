"""Job hooks and buttons over the REST API, and the public façade."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from netjobs.automation.models import JobButton, JobHook
from netjobs.automation.tests.conftest import JOBS


def test_the_facade_exports_what_it_says_sorted() -> None:
    from netjobs.apps import automation

    assert automation.__all__ == sorted(automation.__all__)
    for name in automation.__all__:
        assert getattr(automation, name) is not None


@pytest.mark.django_db(transaction=True, databases=["default", "jobs"])
def test_hooks_and_buttons_are_created_and_listed_through_the_api(jobs_root: Any, make_user: Any) -> None:
    admin = make_user("root", is_superuser=True)
    api = APIClient()
    api.force_authenticate(admin)
    hook = api.post(
        "/api/extras/job-hooks/",
        {"name": "audit", "content_types": ["core.tag"], "type_create": True, "job_class_path": f"{JOBS}/RecordChange"},
        format="json",
    )
    assert hook.status_code == 201, hook.content
    assert JobHook.objects.get(name="audit").content_types.get().model == "tag"
    button = api.post(
        "/api/extras/job-buttons/",
        {"name": "b", "label": "Audit {{ obj.name }}", "content_types": ["dcim.manufacturer"],
         "job_class_path": f"{JOBS}/AuditManufacturer"},
        format="json",
    )  # fmt: skip
    assert button.status_code == 201, button.content
    assert JobButton.objects.get(name="b").label == "Audit {{ obj.name }}"
    assert api.get("/api/extras/job-hooks/").json()["count"] == 1
    bad = api.post(
        "/api/extras/job-hooks/",
        {"name": "none", "content_types": ["core.tag"], "job_class_path": "local/nowhere/Missing"},
        format="json",
    )
    assert bad.status_code == 400


@pytest.mark.django_db(databases=["default", "jobs"])
def test_the_api_needs_the_model_permissions(make_user: Any) -> None:
    api = APIClient()
    api.force_authenticate(make_user("ann"))
    assert api.get("/api/extras/job-hooks/").status_code == 403
    assert api.post("/api/extras/job-buttons/", {}, format="json").status_code == 403
