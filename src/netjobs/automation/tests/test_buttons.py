"""Job buttons render on detail pages with their templated label and run their job with the object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from netjobs.automation.buttons import render_label
from netjobs.automation.models import JobButton
from netjobs.automation.tests.conftest import JOBS
from netjobs.dcim.models import Manufacturer
from netjobs.jobs.models import JobResult

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])

VIEWER = ("dcim.view_manufacturer", "jobs.view_jobdefinition", "jobs.view_jobresult")
RUNNER = (*VIEWER, "jobs.run_job")


def make_button(job: str, label: str = "Audit {{ obj.name }}", **fields: Any) -> JobButton:
    button = JobButton.objects.create(
        name=fields.pop("name", f"button {job}"), label=label, job_class_path=f"{JOBS}/{job}", **fields
    )
    button.content_types.set([ContentType.objects.get_for_model(Manufacturer)])
    return button


def detail_url(obj: Manufacturer) -> str:
    return reverse("web:inventory-detail", args=["dcim", "manufacturer", obj.pk])


def run_url(button: JobButton, obj: Manufacturer) -> str:
    content_type = ContentType.objects.get_for_model(Manufacturer)
    return reverse("automation:button-run", args=[button.pk, content_type.pk, obj.pk])


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_label_is_rendered_from_the_object_as_plain_text() -> None:
    acme = Manufacturer(name="<b>Acme</b> & Co", slug="acme")
    # Markup in the template is dropped; the object's own text stays text (the page escapes it once).
    assert render_label("<i>Audit</i> {{ obj.name }}", acme, fallback="x") == "Audit <b>Acme</b> & Co"
    assert render_label("<script>alert(1)</script>Go", acme, fallback="x") == "Go"
    assert render_label("{{ obj.delete }}gone?", acme, fallback="x") == "gone?"  # alters_data is never called
    assert render_label("{% broken %}", acme, fallback="the name") == "the name"
    assert render_label('{% include "web/base.html" %}', acme, fallback="no files") == "no files"


def test_a_button_with_a_bad_template_does_not_validate(jobs_root: Path) -> None:
    button = JobButton(name="bad", label="{% if %}", job_class_path=f"{JOBS}/AuditManufacturer")
    with pytest.raises(Exception, match="Not a valid template"):
        button.full_clean()


def test_buttons_render_on_the_detail_page_grouped_and_with_a_confirmation_modal(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    plain = make_button("AuditManufacturer", weight=10)
    confirm = make_button("AuditAnything", "Check #{{ obj.pk }}", name="check", confirmation=True, group_name="More")
    page = logged_in(make_user("ann", *RUNNER)).get(detail_url(acme)).content.decode()
    assert "Audit Acme" in page
    assert f'action="{run_url(plain, acme)}"' in page
    assert f"Check #{acme.pk}" in page and "dropdown-toggle" in page and ">More</button>" in page
    assert f'data-bs-target="#job-button-confirm-{confirm.pk}"' in page
    assert f'id="job-button-confirm-{confirm.pk}"' in page and "modal" in page


def test_buttons_are_hidden_from_users_who_may_not_run_the_job(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    make_button("AuditManufacturer")
    page = logged_in(make_user("viewer", *VIEWER)).get(detail_url(acme)).content.decode()
    assert "Audit Acme" not in page


def test_pressing_a_button_runs_the_job_with_the_object_and_shows_the_run(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    button = make_button("AuditManufacturer")
    user = make_user("ann", *RUNNER)
    response = logged_in(user).post(run_url(button, acme))
    result = JobResult.objects.get(job_class_path=f"{JOBS}/AuditManufacturer")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:result", args=[result.pk])
    assert result.task_kwargs == {"manufacturer": acme.pk}
    assert result.user_id == user.pk
    assert result.scheduled_by == f"button {button.name}"


def test_a_job_with_a_variable_named_object_gets_the_object_there(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    button = make_button("AuditAnything")
    logged_in(make_user("ann", *RUNNER)).post(run_url(button, acme))
    assert JobResult.objects.get(job_class_path=f"{JOBS}/AuditAnything").task_kwargs == {"object": acme.pk}


def test_a_job_without_a_matching_input_is_not_started(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    button = make_button("NoObject")
    response = logged_in(make_user("ann", *RUNNER)).post(run_url(button, acme))
    assert response.status_code == 302 and response["Location"] == acme.get_absolute_url()
    assert not JobResult.objects.exists()


def test_running_a_button_needs_run_permission(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    button = make_button("AuditManufacturer")
    assert logged_in(make_user("viewer", *VIEWER)).post(run_url(button, acme)).status_code == 403
    no_objects = make_user("blind", "jobs.view_jobdefinition", "jobs.run_job")
    assert logged_in(no_objects).post(run_url(button, acme)).status_code == 403
    assert Client().post(run_url(button, acme)).status_code == 302  # to the login page
    assert not JobResult.objects.exists()


def test_a_button_only_runs_on_its_own_object_types_and_only_by_post(jobs_root: Path, make_user) -> None:
    acme = Manufacturer.objects.create(name="Acme", slug="acme")
    button = make_button("AuditManufacturer")
    client = logged_in(make_user("ann", *RUNNER))
    assert client.get(run_url(button, acme)).status_code == 405
    tag_type = ContentType.objects.get(app_label="core", model="tag")
    url = reverse("automation:button-run", args=[button.pk, tag_type.pk, acme.pk])
    assert client.post(url).status_code == 404
