"""Job hooks fire on the chosen changes, pass the change in, and never re-trigger from their own runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from netjobs.automation.hooks import HOOK_MARKER
from netjobs.automation.models import JobHook
from netjobs.automation.tests.conftest import JOBS, execute_pending
from netjobs.core.models import Tag
from netjobs.dcim.models import Manufacturer
from netjobs.jobs.models import JobResult

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "jobs"])


def make_hook(job: str, *models: type, user: Any = None, **actions: bool) -> JobHook:
    hook = JobHook.objects.create(name=f"hook {job}", job_class_path=f"{JOBS}/{job}", user=user, **actions)
    hook.content_types.set([ContentType.objects.get_for_model(model) for model in models])
    return hook


def runs_of(job: str) -> list[JobResult]:
    return list(JobResult.objects.filter(job_class_path=f"{JOBS}/{job}").order_by("pk"))


def test_a_create_runs_the_hook_job_with_the_new_object_as_after(jobs_root: Path) -> None:
    make_hook("RecordChange", Tag, type_create=True)
    tag = Tag.objects.create(name="core")
    [result] = execute_pending("RecordChange")
    assert result.status == "completed"
    assert result.result["action"] == "create"
    assert result.result["model"] == "core.tag"
    assert result.result["before"] is None
    assert result.result["after"]["name"] == "core"
    assert result.result["object"] == "core"
    assert result.task_kwargs["change"]["object_id"] == str(tag.pk)
    assert result.request_meta[HOOK_MARKER]["name"] == "hook RecordChange"
    assert result.scheduled_by == "hook hook RecordChange"


def test_an_update_passes_before_and_after(jobs_root: Path) -> None:
    tag = Tag.objects.create(name="edge", description="old")
    make_hook("RecordChange", Tag, type_update=True)
    tag = Tag.objects.get(pk=tag.pk)
    tag.description = "new"
    tag.save()
    [result] = execute_pending("RecordChange")
    assert result.result["action"] == "update"
    assert result.result["before"]["description"] == "old"
    assert result.result["after"]["description"] == "new"


def test_a_delete_passes_the_last_state_and_no_object(jobs_root: Path) -> None:
    tag = Tag.objects.create(name="gone")
    make_hook("RecordChange", Tag, type_delete=True)
    tag.delete()
    [result] = execute_pending("RecordChange")
    assert result.result["action"] == "delete"
    assert result.result["before"]["name"] == "gone"
    assert result.result["after"] is None
    assert result.result["object"] is None


def test_only_the_chosen_actions_and_types_fire(jobs_root: Path) -> None:
    make_hook("RecordChange", Tag, type_delete=True)
    tag = Tag.objects.create(name="quiet")
    tag.description = "changed"
    tag.save()
    Manufacturer.objects.create(name="Acme", slug="acme").delete()  # another type: never fires
    assert runs_of("RecordChange") == []
    tag.delete()
    assert len(runs_of("RecordChange")) == 1


def test_a_disabled_hook_does_not_fire(jobs_root: Path) -> None:
    hook = make_hook("RecordChange", Tag, type_create=True)
    hook.enabled = False
    hook.save()
    Tag.objects.create(name="silent")
    assert runs_of("RecordChange") == []


def test_the_hook_runs_as_its_user(jobs_root: Path, django_user_model: Any) -> None:
    robot = django_user_model.objects.create_user(username="robot")
    make_hook("RecordChange", Tag, type_create=True, user=robot)
    Tag.objects.create(name="owned")
    [result] = runs_of("RecordChange")
    assert result.user_id == robot.pk
    assert result.user_name == "robot"


def test_a_rolled_back_change_fires_nothing(jobs_root: Path) -> None:
    make_hook("RecordChange", Tag, type_create=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        Tag.objects.create(name="never")
        raise RuntimeError("roll back")
    assert runs_of("RecordChange") == []


def test_the_job_is_submitted_only_after_the_data_transaction_commits(jobs_root: Path) -> None:
    make_hook("RecordChange", Tag, type_create=True)
    with transaction.atomic():
        Tag.objects.create(name="later")
        assert runs_of("RecordChange") == []
    assert len(runs_of("RecordChange")) == 1


def test_a_hook_run_that_changes_the_same_type_does_not_trigger_hooks_again(jobs_root: Path) -> None:
    make_hook("DescribeTag", Tag, type_create=True, type_update=True)
    Tag.objects.create(name="loop")
    [first] = execute_pending("DescribeTag")
    assert first.status == "completed", first.traceback
    # The run updated the tag and created another one: both are its own changes, so no new run.
    assert Tag.objects.get(name="loop").description == "seen "
    assert Tag.objects.filter(name="child of loop").exists()
    assert runs_of("DescribeTag") == [first]
    assert execute_pending("DescribeTag") == []


def test_changes_made_by_an_ordinary_run_do_fire_hooks(run_job: Any) -> None:
    tag = Tag.objects.create(name="manual")
    make_hook("RecordChange", Tag, type_update=True)
    edit = run_job("EditTag", {"tag": tag.pk})
    assert edit.status == "completed", edit.traceback
    [hooked] = execute_pending("RecordChange")
    assert hooked.result["after"]["description"] == "edited by a job"
    assert hooked.result["action"] == "update"


def test_a_hook_whose_job_is_missing_does_not_break_the_save(jobs_root: Path, caplog: Any) -> None:
    hook = JobHook.objects.create(name="broken", job_class_path="local/nowhere/Missing", type_create=True)
    hook.content_types.set([ContentType.objects.get_for_model(Tag)])
    Tag.objects.create(name="still saved")
    assert Tag.objects.filter(name="still saved").exists()
    assert "Job hook broken could not start" in caplog.text
