"""A run's page (summary, input, output, traceback, progress) and the run actions; the results list."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from netjobs.jobs.models import JobResult
from netjobs.jobs.submit import REDACTED
from netjobs.web.tests.conftest import both_databases, client_for, htmx_get, make_result, user_with

pytestmark = both_databases


def test_the_result_page_shows_status_timings_user_and_redacted_input(admin_client: Client, definition) -> None:
    now = timezone.now()
    result = make_result(
        definition("local/ui_demo/Secrets"),
        user_name="ops",
        started=now - datetime.timedelta(seconds=12),
        finished=now,
        task_kwargs={"username": "ops", "password": REDACTED, "config": {"file_proxy": 1, "name": "r1.cfg"}},
    )
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert "Completed" in html
    assert "12.0 s" in html
    assert "<dd>ops" in html
    assert "redacted" in html and REDACTED not in html
    assert "r1.cfg" in html


def test_csv_output_is_a_table_and_downloads(admin_client: Client, definition) -> None:
    result = make_result(definition("local/new_branch/NewBranch"), result="name,make,model\nsw1,Acme,X1\nsw2,Acme,X1")
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert '<th scope="col">make</th>' in html
    assert "<td>sw2</td>" in html
    download = admin_client.get(f"/results/{result.pk}/output.csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="result-{result.pk}.csv"'
    assert download.content == b"name,make,model\nsw1,Acme,X1\nsw2,Acme,X1"
    assert admin_client.get(f"/results/{result.pk}/output.json").status_code == 404


def test_json_output_is_pretty_printed_and_downloads(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/HostileLog"), result={"checked": 3, "names": ["a"]})
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert "&quot;checked&quot;: 3," in html
    assert admin_client.get(f"/results/{result.pk}/output.json").json() == {"checked": 3, "names": ["a"]}


def test_an_errored_run_shows_its_traceback(admin_client: Client, definition) -> None:
    result = make_result(
        definition("local/ui_demo/Explodes"),
        status="errored",
        traceback="Traceback (most recent call last):\nRuntimeError: the router caught fire",
        error="RuntimeError: the router caught fire",
    )
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert 'id="traceback-heading"' in html
    assert "RuntimeError: the router caught fire" in html
    assert "Errored" in html


def test_progress_is_a_bar_when_the_job_reports_it(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="running", progress_done=3, progress_total=12)
    html = admin_client.get(f"/results/{result.pk}/").content.decode()
    assert 'role="progressbar" aria-label="Progress" aria-valuenow="25"' in html
    assert "3 / 12" in html
    no_progress = make_result(definition("local/ui_demo/StreamLog"))
    assert 'role="progressbar"' not in admin_client.get(f"/results/{no_progress.pk}/").content.decode()


def test_cancelling_a_pending_run_records_who_cancelled_it(runner: User, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="pending", user_id=runner.pk)
    client = client_for(runner)
    assert "Cancel run" in client.get(f"/results/{result.pk}/").content.decode()
    response = client.post(f"/results/{result.pk}/cancel/", {"reason": "wrong site"})
    assert response["Location"] == f"/results/{result.pk}/"
    result.refresh_from_db()
    assert (result.status, result.cancelled_by, result.cancel_reason) == ("cancelled", "runner", "wrong site")
    assert "Cancel run" not in client.get(f"/results/{result.pk}/").content.decode()


def test_cancel_and_rerun_need_a_post(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"), status="pending")
    assert admin_client.get(f"/results/{result.pk}/cancel/").status_code == 405
    assert admin_client.get(f"/results/{result.pk}/rerun/").status_code == 405


def test_running_again_submits_the_same_input(runner: User, definition) -> None:
    job = definition("local/ui_demo/StreamLog")
    first = make_result(job, task_kwargs={"lines": 4, "delay": 0}, commit=False, user_id=runner.pk)
    response = client_for(runner).post(f"/results/{first.pk}/rerun/")
    again = JobResult.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"/results/{again.pk}/"
    assert (again.task_kwargs, again.commit, again.status) == ({"lines": 4, "delay": 0}, False, "pending")


def test_running_again_with_sensitive_input_goes_to_the_prefilled_form(admin_client: Client, definition) -> None:
    first = make_result(definition("local/ui_demo/Secrets"), task_kwargs={"username": "ops", "password": REDACTED})
    response = admin_client.post(f"/results/{first.pk}/rerun/")
    assert response["Location"] == f"/jobs/local/ui_demo/Secrets/?from={first.pk}"
    assert JobResult.objects.count() == 1


def test_approving_a_run_queues_it(superuser: User, definition) -> None:
    requester = user_with("requester", "jobs.view_jobdefinition", "jobs.run_job")
    result = make_result(definition("local/ui_demo/StreamLog"), status="approval_required", user_id=requester.pk)
    assert "Approve" not in client_for(requester).get(f"/results/{result.pk}/").content.decode()
    client = client_for(superuser)
    assert "Approve" in client.get(f"/results/{result.pk}/").content.decode()
    client.post(f"/results/{result.pk}/approve/", {"decision": "approve"})
    result.refresh_from_db()
    assert result.status == "pending" and result.approved_by_id == superuser.pk


def test_the_results_list_filters_by_job_status_user_and_date(admin_client: Client, definition) -> None:
    stream, boom = definition("local/ui_demo/StreamLog"), definition("local/ui_demo/Explodes")
    old = make_result(stream, user_name="alice", created=timezone.now() - datetime.timedelta(days=10))
    failed = make_result(boom, status="errored", user_name="bob")
    mine = make_result(stream, user_name="bob")

    def shown(**params: str) -> set[int]:
        html = admin_client.get("/results/", params).content.decode()
        return {r.pk for r in (old, failed, mine) if f'href="/results/{r.pk}/"' in html}

    assert shown() == {old.pk, failed.pk, mine.pk}
    assert shown(job=str(stream.pk)) == {old.pk, mine.pk}
    assert shown(status="errored") == {failed.pk}
    assert shown(user="bob") == {failed.pk, mine.pk}
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    assert shown(since=since) == {failed.pk, mine.pk}
    assert shown(until=(timezone.now() - datetime.timedelta(days=5)).date().isoformat()) == {old.pk}


def test_filtering_results_with_htmx_returns_only_the_table(admin_client: Client, definition) -> None:
    make_result(definition("local/ui_demo/StreamLog"))
    html = htmx_get(admin_client, "/results/", target="results-table", status="completed").content.decode()
    assert "<html" not in html and "<table" in html


def test_bulk_delete_asks_first_then_deletes_finished_runs_only(admin_client: Client, definition) -> None:
    job = definition("local/ui_demo/StreamLog")
    done, running = make_result(job), make_result(job, status="running")
    ids = [str(done.pk), str(running.pk)]
    confirm = admin_client.post("/results/delete/", {"pk": ids})
    assert confirm.status_code == 200
    assert "Delete 1 result?" in confirm.content.decode()
    assert "Still active, so kept" in confirm.content.decode()
    assert JobResult.objects.count() == 2
    response = admin_client.post("/results/delete/", {"pk": ids, "confirm": "yes", "return_url": "/results/?x=1"})
    assert response["Location"] == "/results/?x=1"
    assert list(JobResult.objects.values_list("pk", flat=True)) == [running.pk]


def test_bulk_delete_needs_the_permission_and_a_csrf_token(runner: User, superuser: User, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"))
    assert client_for(runner).post("/results/delete/", {"pk": [result.pk], "confirm": "yes"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(superuser)
    assert strict.post("/results/delete/", {"pk": [result.pk], "confirm": "yes"}).status_code == 403
    assert JobResult.objects.filter(pk=result.pk).exists()


def test_an_offsite_return_url_is_ignored(admin_client: Client, definition) -> None:
    result = make_result(definition("local/ui_demo/StreamLog"))
    response = admin_client.post(
        "/results/delete/", {"pk": [result.pk], "confirm": "yes", "return_url": "https://evil.example/"}
    )
    assert response["Location"] == "/results/"


def test_the_retention_setting_is_shown_and_changed_by_who_may(admin_client: Client, runner: User) -> None:
    from netjobs.scheduling.runtime import RESULT_RETENTION_DAYS

    assert 'id="retention-days">90<' in admin_client.get("/results/").content.decode()
    response = admin_client.post("/results/retention/", {"days": "30"}, follow=True)
    assert "kept for 30 days" in response.content.decode()
    assert RESULT_RETENTION_DAYS.get() == 30
    assert "must be at least" in admin_client.post("/results/retention/", {"days": "0"}, follow=True).content.decode()
    assert 'name="days"' not in client_for(runner).get("/results/").content.decode()
    assert client_for(runner).post("/results/retention/", {"days": "1"}).status_code == 403
    assert RESULT_RETENTION_DAYS.get() == 30
