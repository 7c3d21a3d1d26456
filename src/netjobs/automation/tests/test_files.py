"""Output files: created by a real run, limited in size, downloadable from the UI and API, deleted with the run."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from netjobs.automation.records.models import OutputFile
from netjobs.automation.records.storage import OutputFileError, clean_name
from netjobs.jobs.models import JobResult

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

VIEW = ("jobs.view_jobresult",)


def test_names_must_be_plain_file_names() -> None:
    assert clean_name("report.txt") == "report.txt"
    for bad in ("../etc/passwd", "a/b.txt", "", "..", 'quote".txt', "c:\\x.txt"):
        with pytest.raises(OutputFileError):
            clean_name(bad)


def test_a_run_stores_text_and_binary_files(run_job: Any) -> None:
    result = run_job("WriteFiles")
    assert result.status == "completed", result.traceback
    files = {f.name: f for f in OutputFile.objects.filter(job_result=result)}
    assert set(files) == {"report.txt", "data.bin"}
    assert bytes(files["report.txt"].content) == b"hello\nworld\n"
    assert files["report.txt"].content_type == "text/plain"
    assert bytes(files["data.bin"].content) == bytes(range(256))
    assert files["data.bin"].size == 256


def test_a_file_past_the_size_limit_errors_the_run_with_a_clear_message(run_job: Any, settings: Any) -> None:
    settings.NETJOBS_MAX_OUTPUT_FILE_SIZE = 1000
    result = run_job("WriteFiles", {"big": 1001})
    assert result.status == "errored"
    assert "big.bin" in result.error and "1001 bytes" in result.error and "NETJOBS_MAX_OUTPUT_FILE_SIZE" in result.error
    assert not OutputFile.objects.filter(job_result=result, name="big.bin").exists()
    assert run_job("WriteFiles", {"big": 1000}).status == "completed"


def test_files_are_listed_and_downloadable_on_the_result_page(run_job: Any, make_user: Any) -> None:
    owner = make_user("ann")
    result = run_job("WriteFiles", user=owner)
    report = OutputFile.objects.get(job_result=result, name="report.txt")
    client = Client()
    client.force_login(owner)
    page = client.get(reverse("web:result", args=[result.pk])).content.decode()
    url = reverse("automation:file-download", args=[result.pk, report.pk])
    assert "report.txt" in page and url in page and "data.bin" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b"hello\nworld\n"
    assert response["Content-Disposition"] == 'attachment; filename="report.txt"'


def test_only_users_who_may_see_the_run_download_its_files(run_job: Any, make_user: Any) -> None:
    result = run_job("WriteFiles", user=make_user("ann"))
    report = OutputFile.objects.get(job_result=result, name="report.txt")
    url = reverse("automation:file-download", args=[result.pk, report.pk])
    stranger = Client()
    stranger.force_login(make_user("bob"))
    assert stranger.get(url).status_code == 404
    viewer = Client()
    viewer.force_login(make_user("carol", *VIEW))
    assert viewer.get(url).status_code == 200
    other = run_job("WriteFiles", user=make_user("dave"))
    assert viewer.get(reverse("automation:file-download", args=[other.pk, report.pk])).status_code == 404


def test_the_api_lists_and_downloads_files(run_job: Any, make_user: Any) -> None:
    owner = make_user("ann")
    result = run_job("WriteFiles", user=owner)
    api = APIClient()
    api.force_authenticate(owner)
    listing = api.get(f"/api/extras/job-results/{result.pk}/files/")
    assert listing.status_code == 200, listing.content
    rows = listing.json()["results"]
    assert [row["name"] for row in rows] == ["data.bin", "report.txt"]
    data = api.get(rows[0]["download_url"])
    assert data.status_code == 200
    assert data.content == bytes(range(256))
    detail = api.get(f"/api/extras/job-results/{result.pk}/files/{rows[1]['id']}/")
    assert detail.json()["size"] == len(b"hello\nworld\n")


def test_the_api_hides_files_of_runs_the_caller_may_not_see(run_job: Any, make_user: Any) -> None:
    result = run_job("WriteFiles", user=make_user("ann"))
    api = APIClient()
    assert api.get(f"/api/extras/job-results/{result.pk}/files/").status_code in (401, 403)
    api.force_authenticate(make_user("bob"))
    assert api.get(f"/api/extras/job-results/{result.pk}/files/").status_code == 404
    file_id = OutputFile.objects.filter(job_result=result).values_list("pk", flat=True)[0]
    assert api.get(f"/api/extras/job-results/{result.pk}/files/{file_id}/download/").status_code == 404
    assert api.get(f"/api/extras/job-results/{2**70}/files/").status_code == 404


def test_files_are_deleted_with_their_result(run_job: Any) -> None:
    kept = run_job("WriteFiles")
    gone = run_job("WriteFiles")
    JobResult.objects.filter(pk=gone.pk).delete()
    assert not OutputFile.objects.filter(job_result_id=gone.pk).exists()
    assert OutputFile.objects.filter(job_result_id=kept.pk).count() == 2
