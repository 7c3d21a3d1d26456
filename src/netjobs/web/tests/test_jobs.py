"""The jobs list and the job page: grouping, latest runs, import errors, the form, submitting runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.registry import sync_job_definitions
from netjobs.jobs.submit import REDACTED
from netjobs.web.tests.conftest import FIXTURES, both_databases, client_for, htmx_get, make_result

pytestmark = both_databases


def field_ids(html: str) -> list[str]:
    return re.findall(r'data-field="([^"]+)"', html)


def test_jobs_are_grouped_by_module_name_with_description_and_latest_run(admin_client: Client, definition) -> None:
    stream = definition("local/ui_demo/StreamLog")
    make_result(stream, status="failed")
    latest = make_result(stream, status="completed")
    html = admin_client.get("/jobs/").content.decode()
    assert '<h2 id="group-' in html
    assert "UI demo" in html and "Provisioning" in html
    assert "Logs one line every <code>delay</code> seconds, with <strong>markdown</strong>" in html
    row = html[html.index("Stream log") :]
    row = row[: row.index("</li>")]
    assert f'href="/results/{latest.pk}/"' in row
    assert "Completed" in row


def test_disabled_jobs_are_marked_and_cannot_be_run(admin_client: Client, definition) -> None:
    JobDefinition.objects.filter(class_path="local/ui_demo/Explodes").update(enabled=False)
    html = admin_client.get("/jobs/").content.decode()
    row = html[html.index("local/ui_demo/Explodes") :]
    row = row[: row.index("</li>")]
    assert "Disabled" in row
    assert ">View<" in row
    page = admin_client.get("/jobs/local/ui_demo/Explodes/").content.decode()
    assert "This job is disabled" in page
    response = admin_client.post("/jobs/local/ui_demo/Explodes/", {"_commit": "1"}, follow=True)
    assert "is disabled" in response.content.decode()
    assert not JobResult.objects.exists()


def test_a_module_that_fails_to_import_shows_its_error_and_hides_no_other_job(
    admin_client: Client, ui_jobs_root: Path
) -> None:
    (ui_jobs_root / "broken.py").write_text((FIXTURES / "broken.py.txt").read_text())
    sync_job_definitions()
    html = admin_client.get("/jobs/").content.decode()
    assert "<code>local/broken</code> failed to import" in html
    assert "No module named &#x27;no_such_module&#x27;" in html
    assert "Stream log" in html


def test_searching_jobs_with_htmx_returns_only_the_groups(admin_client: Client, definition) -> None:
    response = htmx_get(admin_client, "/jobs/", target="job-groups", q="explodes")
    html = response.content.decode()
    assert "<html" not in html
    assert "Explodes" in html and "Stream log" not in html


def test_the_form_follows_field_order_with_labels_descriptions_and_defaults(admin_client: Client, definition) -> None:
    html = admin_client.get("/jobs/local/new_branch/NewBranch/").content.decode()
    assert field_ids(html)[:4] == ["site_name", "switch_count", "switch_model", "manufacturer"]
    assert '<label class="form-label fw-medium" for="id_site_name">' in html
    assert 'id="id_site_name_help">Name of the new site<' in html
    assert 'aria-describedby="id_site_name_help"' in html
    stream = admin_client.get("/jobs/local/ui_demo/StreamLog/").content.decode()
    assert re.search(r'name="lines" value="10"', stream)
    assert re.search(r'<label[^>]*for="id_delay">\s*Delay \(ms\)', stream)


def test_object_fields_are_searchable_dropdowns_with_their_query_params(admin_client: Client, definition) -> None:
    from netjobs.testing.inventory import make_device_type

    for i in range(3):
        make_device_type(f"Model {i}")
    html = admin_client.get("/jobs/local/new_branch/NewBranch/").content.decode()
    select = re.search(r'<select name="switch_model"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    assert 'data-model="dcim.devicetype"' in select.group(0)
    assert 'data-query-params="{&quot;manufacturer_id&quot;: &quot;$manufacturer&quot;}"' in select.group(0)
    # Only the empty choice is rendered: the browser loads the rest on demand.
    assert select.group(1).count("<option") == 1


def test_the_commit_box_follows_commit_default_and_is_absent_for_read_only_jobs(
    admin_client: Client, definition
) -> None:
    assert 'id="id_commit" value="1" checked' in admin_client.get("/jobs/local/new_branch/NewBranch/").content.decode()
    stream = admin_client.get("/jobs/local/ui_demo/StreamLog/").content.decode()
    assert 'id="id_commit"' in stream and 'id="id_commit" value="1" checked' not in stream
    assert 'id="id_commit"' not in admin_client.get("/jobs/local/ui_demo/HostileLog/").content.decode()


def test_sensitive_variables_are_password_fields(admin_client: Client, definition) -> None:
    html = admin_client.get("/jobs/local/ui_demo/Secrets/").content.decode()
    assert re.search(r'<input type="password" name="password"', html)
    assert 'enctype="multipart/form-data"' in html


def test_submitting_the_form_queues_a_run_and_opens_its_page(runner: User, definition) -> None:
    client = client_for(runner)
    response = client.post("/jobs/local/ui_demo/StreamLog/", {"lines": "3", "delay": "0"})
    result = JobResult.objects.get()
    assert response["Location"] == f"/results/{result.pk}/"
    assert result.status == "pending"
    assert result.commit is False  # commit_default = False and the box was not ticked
    assert result.task_kwargs == {"lines": 3, "delay": 0}
    assert result.user_name == "runner"


def test_a_ticked_commit_box_commits_and_an_unticked_boolean_is_false(admin_client: Client, definition) -> None:
    upload = SimpleUploadedFile("router.cfg", b"hostname r1\ninterface lo0\n")
    response = admin_client.post(
        "/jobs/local/ui_demo/Secrets/",
        {"username": "ops", "password": "hunter2", "config": upload, "_commit": "1"},
    )
    assert response.status_code == 302
    result = JobResult.objects.get()
    assert result.commit is True
    assert result.task_kwargs["verbose"] is False
    assert result.task_kwargs["password"] == REDACTED
    assert result.task_kwargs["config"]["name"] == "router.cfg"


def test_server_side_errors_are_shown_next_to_their_fields(admin_client: Client, definition) -> None:
    response = admin_client.post("/jobs/local/new_branch/NewBranch/", {"site_name": "", "switch_count": "many"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_site_name_error" role="alert">This field is required.' in html
    assert 'id="id_switch_count_error" role="alert">Enter a whole number.' in html
    assert re.search(r'name="switch_count" value="many"[^>]*aria-invalid="true"', html)
    assert "The job was not started" in html
    assert not JobResult.objects.exists()


def test_the_form_can_be_filled_from_an_earlier_run(admin_client: Client, superuser: User, definition) -> None:
    earlier = make_result(
        definition("local/ui_demo/Secrets"),
        user_id=superuser.pk,
        task_kwargs={"username": "ops", "password": REDACTED, "config": None, "verbose": False},
        commit=False,
    )
    html = admin_client.get(f"/jobs/local/ui_demo/Secrets/?from={earlier.pk}").content.decode()
    assert 'name="username" value="ops"' in html
    assert "except Password" in html
    assert 'id="id_commit" value="1" checked' not in html


@pytest.mark.parametrize("path", ["/jobs/local/ui_demo/Nope/", "/jobs/local/nope/Nope/"])
def test_unknown_jobs_are_404(admin_client: Client, definition, path: str) -> None:
    assert admin_client.get(path).status_code == 404


def test_a_job_can_be_scheduled_from_its_form(admin_client: Client, definition) -> None:
    from netjobs.scheduling.models import ScheduledJob

    form = admin_client.get("/jobs/local/ui_demo/StreamLog/").content.decode()
    assert 'name="schedule-when"' in form and 'name="schedule-crontab"' in form
    response = admin_client.post(
        "/jobs/local/ui_demo/StreamLog/",
        {"lines": "2", "delay": "0", "schedule-when": "minutes", "schedule-interval_minutes": "15"},
    )
    assert response["Location"] == "/schedules/"
    schedule = ScheduledJob.objects.get()
    assert (schedule.interval_type, schedule.interval_minutes) == ("minutes", 15)
    assert schedule.data == {"lines": 2, "delay": 0}
    assert schedule.commit is False
    assert not JobResult.objects.exists()
    listing = admin_client.get("/schedules/").content.decode()
    assert schedule.name in listing and "Stream log" in listing
    admin_client.post(f"/schedules/{schedule.pk}/toggle/", {"enabled": "false"})
    schedule.refresh_from_db()
    assert schedule.enabled is False and schedule.next_run is None


def test_schedule_errors_show_next_to_their_fields(admin_client: Client, definition) -> None:
    response = admin_client.post(
        "/jobs/local/ui_demo/StreamLog/",
        {"lines": "0", "delay": "0", "schedule-when": "crontab", "schedule-crontab": "every tuesday"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_lines_error"' in html  # the input is checked first, next to its own field
    response = admin_client.post(
        "/jobs/local/ui_demo/StreamLog/",
        {"lines": "1", "delay": "0", "schedule-when": "crontab", "schedule-crontab": "every tuesday"},
    )
    assert 'id="id_schedule-crontab_error"' in response.content.decode()


def test_users_without_the_schedule_permission_see_no_schedule_options(runner: User, definition) -> None:
    client = client_for(runner)
    assert 'name="schedule-when"' not in client.get("/jobs/local/ui_demo/StreamLog/").content.decode()
    assert client.get("/schedules/").status_code == 403
    assert client.post("/schedules/1/toggle/", {"enabled": "false"}).status_code == 403


def test_multi_object_fields_show_only_their_choice_and_post_several_values(admin_client: Client, definition) -> None:
    from netjobs.core.models import Tag

    red = [Tag.objects.create(name=f"red-{i}", color="ff0000") for i in range(3)]
    html = admin_client.get("/jobs/local/ui_demo/TagReport/").content.decode()
    select = re.search(r'<select name="tags"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None and "multiple" in select.group(0)
    assert 'data-query-params="{&quot;color&quot;: &quot;$color&quot;}"' in select.group(0)
    assert "<option" not in select.group(1)
    response = admin_client.post(
        "/jobs/local/ui_demo/TagReport/", {"tags": [red[0].pk, red[2].pk], "color": "ff0000", "status": ""}
    )
    assert response.status_code == 302
    assert JobResult.objects.get().task_kwargs["tags"] == [red[0].pk, red[2].pk]
    again = admin_client.get(f"/jobs/local/ui_demo/TagReport/?from={JobResult.objects.get().pk}").content.decode()
    chosen = re.search(r'<select name="tags"[^>]*>(.*?)</select>', again, re.S)
    assert chosen is not None
    assert re.findall(r'<option value="(\d+)" selected>', chosen.group(1)) == [str(red[0].pk), str(red[2].pk)]
