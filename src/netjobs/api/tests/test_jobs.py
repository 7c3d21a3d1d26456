"""Jobs: list, detail, variables, filters, lookups by id / name / class path, and who may see and change them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from netjobs.api.tests.conftest import grant
from netjobs.api.tests.support import both_databases

pytestmark = [both_databases, pytest.mark.usefixtures("jobs_root")]


def test_superuser_lists_every_visible_job_with_count_and_links(client_for, superuser):
    response = client_for(superuser).get("/api/extras/jobs/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "count_exact", "next", "previous", "results"}
    paths = {job["class_path"] for job in body["results"]}
    assert {"local/example/MyJobWithVars", "local/example/MyJobWithNoVars", "local/api_cases/Sensitive"} <= paths
    assert body["count"] == len(body["results"]) and body["count_exact"] is True
    job = next(j for j in body["results"] if j["class_path"] == "local/example/MyJobWithVars")
    assert job["url"].endswith(f"/api/extras/jobs/{job['id']}/")
    assert job["run_url"].endswith(f"/api/extras/jobs/{job['id']}/run/")
    assert job["display"] == "My job with vars" and job["grouping"] == "Examples"


def test_jobs_filter_by_grouping_enabled_and_text(client_for, superuser, job):
    job("local/example/MyJobWithNoVars").__class__.objects.filter(class_path="local/example/MyJobWithNoVars").update(
        enabled=False
    )
    client = client_for(superuser)
    grouped = client.get("/api/extras/jobs/", {"grouping": "Examples"}).json()["results"]
    assert {j["job_class_name"] for j in grouped} == {"MyJobWithVars", "MyJobWithNoVars"}
    enabled = client.get("/api/extras/jobs/", {"grouping": "Examples", "enabled": "true"}).json()["results"]
    assert [j["job_class_name"] for j in enabled] == ["MyJobWithVars"]
    found = client.get("/api/extras/jobs/", {"q": "sensitive"}).json()["results"]
    assert [j["class_path"] for j in found] == ["local/api_cases/Sensitive"]


def test_job_detail_by_id_by_name_and_by_class_path_are_the_same(client_for, superuser, job):
    definition = job("local/example/MyJobWithVars")
    client = client_for(superuser)
    by_id = client.get(f"/api/extras/jobs/{definition.pk}/").json()
    by_name = client.get("/api/extras/jobs/My job with vars/").json()
    by_path = client.get("/api/extras/jobs/local/example/MyJobWithVars/").json()
    assert by_id == by_name == by_path
    assert by_id["id"] == definition.pk


def test_variables_are_a_json_schema_and_object_variables_name_their_option_list(client_for, superuser, job):
    client = client_for(superuser)
    schema = client.get(f"/api/extras/jobs/{job('local/example/MyJobWithVars').pk}/variables/").json()
    assert schema["type"] == "object"
    assert schema["required"] == ["foo", "bar"]
    assert schema["properties"]["bar"]["type"] == "integer"
    assert schema["properties"]["bar"]["maximum"] == 1000
    choices = client.get("/api/extras/jobs/local/api_cases/Choices/variables/").json()
    status = choices["properties"]["status"]
    assert status["x-model"] == "core.status"
    assert status["x-query-params"] == {"content_types": "$kind"}
    sensitive = client.get("/api/extras/jobs/local/api_cases/Sensitive/variables/").json()
    assert sensitive["properties"]["password"]["writeOnly"] is True


def test_netjobs_own_paths_serve_the_same_jobs(client_for, superuser, job):
    definition = job("local/example/MyJobWithVars")
    body = client_for(superuser).get(f"/api/jobs/definitions/{definition.pk}/").json()
    assert body["class_path"] == "local/example/MyJobWithVars"
    assert body["url"].endswith(f"/api/jobs/definitions/{definition.pk}/")


def test_an_unknown_job_is_404_by_id_name_and_class_path(client_for, superuser):
    client = client_for(superuser)
    assert client.get("/api/extras/jobs/999999/").status_code == 404
    assert client.get("/api/extras/jobs/No such job/").status_code == 404
    assert client.get("/api/extras/jobs/local/example/Nope/").status_code == 404
    assert client.get("/api/extras/jobs/local/nomodule/Nope/").status_code == 404


def test_a_job_file_added_after_the_sync_is_found_by_class_path(client_for, superuser, jobs_root):
    (jobs_root / "late.py").write_text(
        "from netjobs.apps.jobs import Job\n\nclass Late(Job):\n    def run(self, data, commit):\n        return 1\n"
    )
    response = client_for(superuser).get("/api/extras/jobs/local/late/Late/")
    assert response.status_code == 200
    assert response.json()["class_path"] == "local/late/Late"


# --- permissions ------------------------------------------------------------------------------------------------
def test_anonymous_gets_401_with_a_token_challenge(client_for, job):
    client = client_for(None)
    for url in ("/api/extras/jobs/", f"/api/extras/jobs/{job('local/example/MyJobWithVars').pk}/", "/api/"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"


def test_without_permission_the_list_is_403_and_each_job_404(client_for, nobody, job):
    client = client_for(nobody)
    assert client.get("/api/extras/jobs/").status_code == 403
    definition = job("local/example/MyJobWithVars")
    assert client.get(f"/api/extras/jobs/{definition.pk}/").status_code == 404
    assert client.get(f"/api/extras/jobs/{definition.pk}/variables/").status_code == 404
    assert client.get("/api/extras/jobs/local/example/MyJobWithVars/").status_code == 404
    assert client.patch(f"/api/extras/jobs/{definition.pk}/", {"enabled": False}, format="json").status_code == 404


def test_a_job_limited_to_groups_is_invisible_to_others(client_for, runner, group, job):
    definition = job("local/example/MyJobWithVars")
    definition.allowed_groups = [group.name]
    definition.save()
    client = client_for(runner)
    listed = {j["class_path"] for j in client.get("/api/extras/jobs/").json()["results"]}
    assert "local/example/MyJobWithVars" not in listed
    assert client.get(f"/api/extras/jobs/{definition.pk}/").status_code == 404
    runner.groups.add(group)
    client = client_for(User.objects.get(pk=runner.pk))
    assert client.get(f"/api/extras/jobs/{definition.pk}/").status_code == 200


def test_changing_a_job_needs_the_change_permission(client_for, viewer, group, job):
    definition = job("local/example/MyJobWithVars")
    client = client_for(viewer)
    url = f"/api/extras/jobs/{definition.pk}/"
    assert client.patch(url, {"enabled": False}, format="json").status_code == 403
    editor = grant(viewer, "jobs.change_jobdefinition")
    response = client_for(editor).patch(url, {"enabled": False, "allowed_groups": [group.name]}, format="json")
    assert response.status_code == 200, response.json()
    definition.refresh_from_db()
    assert definition.enabled is False and definition.allowed_groups == ["netops"]


def test_only_enabled_and_allowed_groups_can_be_changed_and_groups_must_exist(client_for, superuser, job):
    url = f"/api/extras/jobs/{job('local/example/MyJobWithVars').pk}/"
    client = client_for(superuser)
    response = client.patch(url, {"allowed_groups": ["no-such-group"]}, format="json")
    assert response.status_code == 400
    assert "allowed_groups" in response.json()
    response = client.patch(url, {"nmae": "typo"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"nmae": ["Unknown field."]}
    before = client.get(url).json()
    response = client.patch(url, {"name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert client.get(url).json()["name"] == before["name"]  # read-only: ignored


def test_hidden_jobs_are_left_out_of_the_list_unless_asked_for(client_for, superuser, job):
    definition = job("local/example/MyJobWithVars")
    definition.hidden = True
    definition.save()
    client = client_for(superuser)
    listed = {j["class_path"] for j in client.get("/api/extras/jobs/").json()["results"]}
    assert definition.class_path not in listed
    hidden = client.get("/api/extras/jobs/", {"hidden": "true"}).json()["results"]
    assert [j["class_path"] for j in hidden] == [definition.class_path]
    assert client.get(f"/api/extras/jobs/{definition.pk}/").status_code == 200
