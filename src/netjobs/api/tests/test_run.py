"""Running jobs over the API: the spec's class-path route and Nautobot 2's id route, and every kind of bad input
(a 400 naming each bad field, never a 500, and no JobResult created)."""

from __future__ import annotations

import json

import pytest

from netjobs.api.tests.support import both_databases, committing
from netjobs.jobs.models import JobResult

pytestmark = pytest.mark.usefixtures("jobs_root")

VARS_PATH = "/api/extras/jobs/local/example/MyJobWithVars/run/"


def _post(client, url, body, **kwargs):
    return client.post(
        url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json", **kwargs
    )


@both_databases
def test_run_by_class_path_answers_201_with_the_result(client_for, runner):
    response = _post(client_for(runner), VARS_PATH, {"data": {"foo": "somevalue", "bar": 123}, "commit": True})
    assert response.status_code == 201, response.json()
    job_result = response.json()["job_result"]
    result = JobResult.objects.get()
    assert job_result["id"] == result.pk
    assert job_result["url"].endswith(f"/api/extras/job-results/{result.pk}/")
    assert job_result["status"] == {"value": "PENDING", "label": "PENDING"}
    assert job_result["netjobs_status"] == "pending"
    assert result.task_kwargs == {"foo": "somevalue", "bar": 123}
    assert result.commit is True and result.user_name == "runner"
    assert result.request_meta["via"] == "api"


@both_databases
def test_run_by_id_takes_nautobot_2_fields(client_for, runner, job):
    definition = job("local/example/MyJobWithVars")
    body = {"data": {"foo": "x", "bar": 1}, "dryrun": True, "task_queue": "default", "job_id": definition.pk}
    response = _post(client_for(runner), f"/api/extras/jobs/{definition.pk}/run/", body)
    assert response.status_code == 201, response.json()
    result = JobResult.objects.get()
    assert result.commit is False and result.queue == "default"


@both_databases
def test_netjobs_own_run_path_answers_netjobs_status_names(client_for, runner):
    response = _post(client_for(runner), "/api/jobs/definitions/local/example/MyJobWithNoVars/run/", {})
    assert response.status_code == 201
    job_result = response.json()["job_result"]
    assert job_result["status"] == "pending"
    assert job_result["url"].endswith(f"/api/jobs/results/{job_result['id']}/")


@both_databases
def test_a_run_with_no_body_at_all_is_fine_for_a_job_without_variables(client_for, runner):
    response = client_for(runner).post("/api/extras/jobs/local/example/MyJobWithNoVars/run/")
    assert response.status_code == 201


@both_databases
def test_a_run_of_an_approval_job_waits_for_approval(client_for, runner):
    response = _post(client_for(runner), "/api/extras/jobs/local/api_cases/NeedsApproval/run/", {})
    assert response.status_code == 201
    assert JobResult.objects.get().status == "approval_required"


@both_databases
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"data": {"foo": "x", "bar": 1}, "comit": True}, {"comit": ["Unknown field."]}),
        ({"data": {"foo": "x"}}, {"data": {"bar": ["This field is required."]}}),
        ({"data": {"foo": "x", "bar": 5000}}, {"data": {"bar": ["Ensure this value is less than or equal to 1000."]}}),
        (
            {"data": {"foo": {"a": 1}, "bar": "12"}},
            {"data": {"foo": ["Expected string, got dict."], "bar": ["Expected integer, got str."]}},
        ),
        (
            {"data": {"foo": "x", "bar": 1, "baz": 2}},
            {"data": {"baz": ["Unknown variable: this job has no input of that name."]}},
        ),
        ({"data": {"foo": "x", "bar": True}}, {"data": {"bar": ["Expected integer, got bool."]}}),
        ({"data": [1, 2]}, {"data": ["Expected an object mapping variable names to values."]}),
        ({"data": {"foo": "x", "bar": 1}, "commit": "perhaps"}, {"commit": ["Must be a valid boolean."]}),
        (
            {"data": {"foo": "x", "bar": 1}, "commit": True, "dryrun": True},
            {"dryrun": ["Contradicts 'commit': give one of them."]},
        ),
        (
            {"data": {"foo": "x", "bar": 1}, "task_queue": "nowhere"},
            {"task_queue": ["Unknown queue 'nowhere': no worker serves it and the job does not declare it."]},
        ),
        (
            {"data": {"foo": "x", "bar": 1}, "schedule": {"interval": "fortnightly"}},
            {"schedule": {"interval": ['"fortnightly" is not a valid choice.']}},
        ),
        (
            {"data": {"foo": "x", "bar": 1}, "schedule": {"interval": "future"}},
            {"schedule": {"start_time": ["A run in the future needs its start time."]}},
        ),
        ({"data": {"foo": "x", "bar": 1}, "job_id": 999999}, None),
        ([1, 2, 3], {"non_field_errors": ["Expected a JSON object."]}),
    ],
)
def test_bad_input_is_a_400_naming_each_bad_field_and_creates_nothing(client_for, runner, body, errors):
    response = _post(client_for(runner), VARS_PATH, body)
    assert response.status_code == 400, response.content
    if errors is not None:
        assert response.json() == errors
    assert not JobResult.objects.exists()


@both_databases
@pytest.mark.parametrize("text", ['{"data": {"foo": "x", ', "not json at all", '{"data": {"foo": "\\ud800"}}'])
def test_malformed_json_is_a_400(client_for, runner, text):
    response = _post(client_for(runner), VARS_PATH, text)
    assert response.status_code == 400
    assert "detail" in response.json() or "data" in response.json()
    assert not JobResult.objects.exists()


@both_databases
def test_an_oversized_body_is_a_413(client_for, runner, settings):
    settings.NETJOBS_MAX_UPLOAD_SIZE = 1000
    response = _post(client_for(runner), VARS_PATH, {"data": {"foo": "x" * 2000, "bar": 1}})
    assert response.status_code == 413
    assert not JobResult.objects.exists()


@both_databases
def test_a_disabled_job_is_a_400_and_an_unknown_one_a_404(client_for, runner, job):
    definition = job("local/example/MyJobWithVars")
    definition.enabled = False
    definition.save()
    client = client_for(runner)
    response = _post(client, VARS_PATH, {"data": {"foo": "x", "bar": 1}})
    assert response.status_code == 400
    assert "disabled" in response.json()["job"][0]
    assert _post(client, "/api/extras/jobs/local/example/Nope/run/", {}).status_code == 404
    assert _post(client, "/api/extras/jobs/999999/run/", {}).status_code == 404
    assert not JobResult.objects.exists()


# --- permission matrix ---------------------------------------------------------------------------------------
@both_databases
@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 401), ("nobody", 404), ("viewer", 403), ("runner", 201), ("superuser", 201)],
)
def test_who_may_run(request, client_for, who, expected):
    user = request.getfixturevalue(who) if who else None
    response = _post(client_for(user), VARS_PATH, {"data": {"foo": "x", "bar": 1}, "commit": True})
    assert response.status_code == expected, response.content
    assert JobResult.objects.count() == (1 if expected == 201 else 0)


@both_databases
def test_a_read_only_token_cannot_run(client_for, runner):
    response = _post(client_for(runner, write_enabled=False), VARS_PATH, {"data": {"foo": "x", "bar": 1}})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


@both_databases
def test_running_a_group_limited_job_needs_the_group(client_for, runner, group, job):
    definition = job("local/example/MyJobWithVars")
    definition.allowed_groups = [group.name]
    definition.save()
    assert _post(client_for(runner), VARS_PATH, {"data": {"foo": "x", "bar": 1}}).status_code == 404
    runner.groups.add(group)
    assert _post(client_for(runner), VARS_PATH, {"data": {"foo": "x", "bar": 1}}).status_code == 201


# --- the run itself ------------------------------------------------------------------------------------------
@committing
def test_sensitive_input_never_appears_in_any_response(client_for, runner, run_now):
    client = client_for(runner)
    secret = "hunter2-very-secret"
    response = _post(
        client,
        "/api/extras/jobs/local/api_cases/Sensitive/run/",
        {"data": {"username": "bob", "password": secret}},
    )
    assert response.status_code == 201
    assert secret not in response.content.decode()
    result_id = response.json()["job_result"]["id"]
    run_now(result_id)
    for url in (
        f"/api/extras/job-results/{result_id}/",
        f"/api/jobs/results/{result_id}/",
        "/api/extras/job-results/",
        f"/api/extras/job-results/{result_id}/logs/",
        "/api/extras/job-logs/",
        f"/api/v1.0/job/{result_id}",
        "/api/v1.0/jobs",
    ):
        body = client.get(url).content.decode()
        assert secret not in body, url
    detail = client.get(f"/api/extras/job-results/{result_id}/").json()
    assert detail["data"] == {"username": "bob", "password": "********"}
    assert detail["result"] == {"user": "bob", "password_length": len(secret)}


@committing
def test_a_finished_run_shows_its_outcome_timings_and_log(client_for, runner, run_now):
    client = client_for(runner)
    response = _post(client, VARS_PATH, {"data": {"foo": "bar", "bar": 7}, "commit": False})
    result_id = response.json()["job_result"]["id"]
    run_now(result_id)
    detail = client.get(f"/api/extras/job-results/{result_id}/").json()
    assert detail["status"] == {"value": "SUCCESS", "label": "SUCCESS"}
    assert detail["netjobs_status"] == "completed"
    assert detail["result"] == {"foo": "bar", "bar": 7, "commit": False}
    assert detail["dryrun"] is True
    assert detail["duration_seconds"] is not None and detail["date_done"] is not None
    logs = client.get(f"/api/extras/job-results/{result_id}/logs/").json()["results"]
    first = logs[0]
    assert first["message"] == "foo is `bar`, bar is 7, commit is False"
    assert first["message_html"] == "<p>foo is <code>bar</code>, bar is 7, commit is False</p>"
    native = client.get(f"/api/jobs/results/{result_id}/").json()
    assert native["status"] == "completed"
