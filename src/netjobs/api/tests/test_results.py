"""Results and their logs: list, filters, ordering, pagination, detail, actions, and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from netjobs.api.tests.support import both_databases, committing
from netjobs.jobs.models import JobDefinition, JobLogEntry, JobResult

pytestmark = pytest.mark.usefixtures("jobs_root")


def make_result(definition: JobDefinition, user=None, status="completed", **fields) -> JobResult:
    return JobResult.objects.create(
        job_definition=definition,
        job_class_path=definition.class_path,
        name=definition.name,
        status=status,
        user_id=user.pk if user else None,
        user_name=user.username if user else "",
        **fields,
    )


@both_databases
def test_results_filter_by_job_status_user_and_date(client_for, viewer, runner, job):
    vars_job, no_vars = job("local/example/MyJobWithVars"), job("local/example/MyJobWithNoVars")
    old = make_result(vars_job, runner, "completed")
    JobResult.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=10))
    failed = make_result(vars_job, viewer, "failed")
    errored = make_result(no_vars, runner, "errored")
    client = client_for(viewer)

    def ids(**params):
        response = client.get("/api/extras/job-results/", params)
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["results"]]

    assert ids() == [errored.pk, failed.pk, old.pk]  # newest first
    assert ids(job_model_id=vars_job.pk) == [failed.pk, old.pk]
    assert ids(job_model="My job with vars") == [failed.pk, old.pk]
    assert ids(class_path="local/example/MyJobWithNoVars") == [errored.pk]
    assert ids(status="failed") == [failed.pk]
    assert ids(status="FAILURE") == [errored.pk, failed.pk]  # Nautobot's name covers failed and errored
    assert ids(status="EXCEPTION") == [errored.pk]  # CNaaS-NMS's name
    assert ids(user="runner") == [errored.pk, old.pk]
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(created_after=since) == [errored.pk, failed.pk]
    assert ids(ordering="id") == [old.pk, failed.pk, errored.pk]
    response = client.get("/api/extras/job-results/", {"created_after": "yesterday-ish"})
    assert response.status_code == 400 and "created_after" in response.json()


@both_databases
def test_pagination_links_are_keyset_links_and_count_is_capped(client_for, superuser, job, settings):
    definition = job("local/example/MyJobWithNoVars")
    results = [make_result(definition) for _ in range(7)]
    client = client_for(superuser)
    first = client.get("/api/extras/job-results/", {"limit": 3}).json()
    assert first["count"] == 7 and first["count_exact"] is True and first["previous"] is None
    assert [r["id"] for r in first["results"]] == [r.pk for r in results[::-1][:3]]
    assert f"after={results[4].pk}" in first["next"] and "offset=3" in first["next"]
    second = client.get(first["next"]).json()
    assert [r["id"] for r in second["results"]] == [r.pk for r in results[::-1][3:6]]
    assert "offset=" not in second["previous"] or "offset=0" not in second["previous"]
    third = client.get(second["next"]).json()
    assert [r["id"] for r in third["results"]] == [results[0].pk] and third["next"] is None
    # Plain offsets work too, and so does limit=0 (the largest page).
    by_offset = client.get("/api/extras/job-results/", {"limit": 3, "offset": 6}).json()
    assert [r["id"] for r in by_offset["results"]] == [results[0].pk]
    assert len(client.get("/api/extras/job-results/", {"limit": 0}).json()["results"]) == 7
    settings.NETJOBS_API_COUNT_CAP = 5
    capped = client.get("/api/extras/job-results/", {"limit": 2}).json()
    assert capped["count_exact"] is False and capped["count"] == 5
    for bad in ({"limit": "x"}, {"offset": -1}, {"after": "abc"}):
        response = client.get("/api/extras/job-results/", bad)
        assert response.status_code == 400, bad
        assert set(response.json()) == set(bad)


@both_databases
def test_result_detail_lists_timings_progress_and_redacted_data(client_for, superuser, job):
    definition = job("local/api_cases/Sensitive")
    now = timezone.now()
    result = make_result(
        definition,
        started=now - datetime.timedelta(seconds=3),
        finished=now,
        task_kwargs={"username": "u", "password": "should-not-be-here"},
        progress_done=2,
        progress_total=4,
        finished_items=["sw1", "sw2"],
        traceback="Traceback...",
    )
    body = client_for(superuser).get(f"/api/extras/job-results/{result.pk}/").json()
    assert body["data"] == {"username": "u", "password": "********"}  # redacted again from the job's schema
    assert body["task_kwargs"]["data"]["password"] == "********"
    assert body["duration_seconds"] == 3.0
    assert body["progress"] == {"done": 2, "total": 4, "percent": 50.0, "finished_items": ["sw1", "sw2"]}
    assert body["traceback"] == "Traceback..."
    assert body["job_model"]["id"] == definition.pk


@both_databases
def test_results_permission_matrix(client_for, nobody, viewer, runner, superuser, job):
    definition = job("local/example/MyJobWithNoVars")
    mine = make_result(definition, runner)
    theirs = make_result(definition, viewer)
    assert client_for(None).get("/api/extras/job-results/").status_code == 401
    assert client_for(nobody).get("/api/extras/job-results/").status_code == 403
    assert client_for(nobody).get(f"/api/extras/job-results/{mine.pk}/").status_code == 404
    runner_client = client_for(runner)
    assert [r["id"] for r in runner_client.get("/api/extras/job-results/").json()["results"]] == [mine.pk]
    assert runner_client.get(f"/api/extras/job-results/{theirs.pk}/").status_code == 404
    assert runner_client.get(f"/api/extras/job-results/{mine.pk}/").status_code == 200
    for user in (viewer, superuser):
        listed = [r["id"] for r in client_for(user).get("/api/extras/job-results/").json()["results"]]
        assert listed == [theirs.pk, mine.pk]


@both_databases
def test_results_of_a_group_limited_job_are_hidden_from_non_members(client_for, viewer, runner, group, job):
    definition = job("local/example/MyJobWithNoVars")
    other = make_result(definition, runner)
    definition.allowed_groups = [group.name]
    definition.save()
    client = client_for(viewer)
    assert client.get("/api/extras/job-results/").json()["results"] == []
    assert client.get(f"/api/extras/job-results/{other.pk}/").status_code == 404


@both_databases
def test_cancel_a_queued_run_and_refuse_a_finished_one(client_for, runner, viewer, job):
    definition = job("local/example/MyJobWithNoVars")
    queued = make_result(definition, runner, "pending")
    done = make_result(definition, runner, "completed")
    other = make_result(definition, viewer, "pending")
    client = client_for(runner)
    response = client.post(f"/api/extras/job-results/{queued.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["netjobs_status"] == "cancelled"
    assert response.json()["status"]["value"] == "REVOKED"
    assert client.post(f"/api/extras/job-results/{done.pk}/cancel/").status_code == 409
    assert client.post(f"/api/extras/job-results/{other.pk}/cancel/").status_code == 404  # not theirs to see
    assert (
        client_for(viewer, write_enabled=False).post(f"/api/extras/job-results/{other.pk}/cancel/").status_code == 403
    )


@both_databases
def test_approving_needs_the_permission_and_another_user(client_for, runner, approver, job):
    definition = job("local/api_cases/NeedsApproval")
    waiting = make_result(definition, runner, "approval_required")
    own = make_result(definition, approver, "approval_required")
    assert client_for(runner).post(f"/api/extras/job-results/{waiting.pk}/approve/").status_code == 403
    client = client_for(approver)
    assert client.post(f"/api/extras/job-results/{own.pk}/approve/").status_code == 403
    response = client.post(f"/api/extras/job-results/{waiting.pk}/approve/")
    assert response.status_code == 200
    assert response.json()["netjobs_status"] == "pending"
    assert client.post(f"/api/extras/job-results/{waiting.pk}/approve/").status_code == 409
    response = client.post(f"/api/jobs/results/{make_result(definition, runner, 'approval_required').pk}/deny/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


@committing
def test_rerun_submits_the_same_input_again(client_for, runner, run_now):
    client = client_for(runner)
    first = client.post(
        "/api/extras/jobs/local/example/MyJobWithVars/run/", {"data": {"foo": "again", "bar": 2}}, format="json"
    ).json()["job_result"]["id"]
    response = client.post(f"/api/extras/job-results/{first}/rerun/")
    assert response.status_code == 409  # not finished yet
    run_now(first)
    response = client.post(f"/api/extras/job-results/{first}/rerun/")
    assert response.status_code == 201, response.content
    second = JobResult.objects.get(pk=response.json()["job_result"]["id"])
    assert second.task_kwargs == {"foo": "again", "bar": 2} and second.pk != first


@committing
def test_a_run_with_sensitive_input_cannot_be_rerun(client_for, runner, run_now):
    client = client_for(runner)
    first = client.post(
        "/api/extras/jobs/local/api_cases/Sensitive/run/", {"data": {"username": "a", "password": "b"}}, format="json"
    ).json()["job_result"]["id"]
    run_now(first)
    response = client.post(f"/api/extras/job-results/{first}/rerun/")
    assert response.status_code == 409
    assert "sensitive" in response.json()["detail"]


@both_databases
def test_deleting_needs_the_permission_and_a_finished_run(client_for, viewer, superuser, job):
    definition = job("local/example/MyJobWithNoVars")
    done, running = make_result(definition, viewer), make_result(definition, viewer, "running")
    assert client_for(viewer).delete(f"/api/extras/job-results/{done.pk}/").status_code == 403
    client = client_for(superuser)
    assert client.delete(f"/api/extras/job-results/{running.pk}/").status_code == 409
    assert client.delete(f"/api/extras/job-results/{done.pk}/").status_code == 204
    assert not JobResult.objects.filter(pk=done.pk).exists()


@both_databases
def test_job_logs_filter_by_result_level_grouping_and_text(client_for, viewer, runner, job):
    definition = job("local/example/MyJobWithNoVars")
    one, two = make_result(definition, runner), make_result(definition, viewer)
    JobLogEntry.objects.bulk_create(
        [
            JobLogEntry(job_result=one, log_level="info", grouping="run", message="Checking **sw1**"),
            JobLogEntry(job_result=one, log_level="failure", grouping="test_power", message="sw1 has one PSU"),
            JobLogEntry(job_result=two, log_level="warning", grouping="run", message="<script>x</script>"),
        ]
    )
    client = client_for(viewer)

    def messages(**params):
        response = client.get("/api/extras/job-logs/", params)
        assert response.status_code == 200, response.content
        return [entry["message"] for entry in response.json()["results"]]

    assert messages(job_result=one.pk) == ["Checking **sw1**", "sw1 has one PSU"]
    assert messages(log_level="failure,warning") == ["sw1 has one PSU", "<script>x</script>"]
    assert messages(grouping="test_power") == ["sw1 has one PSU"]
    assert messages(q="psu") == ["sw1 has one PSU"]
    entries = client.get("/api/extras/job-logs/", {"job_result": two.pk}).json()["results"]
    assert entries[0]["message"] == "<script>x</script>"  # raw, as logged
    assert "<script" not in entries[0]["message_html"]  # rendered and sanitised
    assert entries[0]["job_result"]["url"].endswith(f"/api/extras/job-results/{two.pk}/")
    # The runner sees only the log of their own run; nobody else's.
    runner_messages = [e["message"] for e in client_for(runner).get("/api/extras/job-logs/").json()["results"]]
    assert runner_messages == ["Checking **sw1**", "sw1 has one PSU"]
    assert client_for(runner).get(f"/api/extras/job-results/{two.pk}/logs/").status_code == 404
