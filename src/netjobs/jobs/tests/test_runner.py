"""Executing runs in-process: order, signatures, logging, failure vs error, rollback, change log, hot reload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netjobs.core.models import ObjectChange, Tag
from netjobs.jobs.choices import JobResultStatus, LogLevel
from netjobs.jobs.models import FileProxy, JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import REDACTED, JobInputError, decrypt_sensitive, submit
from netjobs.jobs.tests.support import install_variant, log_lines, messages, runs_jobs

pytestmark = runs_jobs

REVERTED = "Database changes have been reverted automatically."
REVERTED_ON_ERROR = "Database changes have been reverted due to error."


# --- order and signatures -----------------------------------------------------------------------------------
def test_run_then_tests_in_declaration_order_then_post_run_each_grouped_by_method(run_job):
    result = run_job("local/lifecycle/Lifecycle")

    assert result.status == JobResultStatus.COMPLETED
    assert log_lines(result) == [
        ("run", LogLevel.INFO, "in run"),
        ("run", LogLevel.DEBUG, "debug line from run"),
        ("test_zulu", LogLevel.SUCCESS, "in test_zulu"),
        ("test_alpha", LogLevel.WARNING, "in test_alpha"),
        ("post_run", LogLevel.INFO, "in post_run, failed=False"),
    ]
    assert result.log_counts == {"info": 2, "debug": 1, "success": 1, "warning": 1}


def test_run_with_data_and_commit_receives_the_input_and_the_commit_flag(run_job):
    committed = run_job("local/lifecycle/DataAndCommit", {"message": "hi"}, commit=True)
    dry = run_job("local/lifecycle/DataAndCommit", {}, commit=False)

    assert committed.result == {"data": {"message": "hi"}, "commit": True}
    assert dry.result == {"data": {"message": "hello"}, "commit": False}


def test_run_with_dryrun_and_keywords_receives_variables_as_keywords_and_dryrun_as_the_inverse_of_commit(run_job):
    committed = run_job("local/lifecycle/DryrunAndKeywords", {"message": "hi"}, commit=True)
    dry = run_job("local/lifecycle/DryrunAndKeywords", {}, commit=False)

    assert committed.status == JobResultStatus.COMPLETED
    assert committed.result == {"dryrun": False, "kwargs": {"message": "hi"}}
    assert dry.result == {"dryrun": True, "kwargs": {"message": "hello"}}


# --- failure and error --------------------------------------------------------------------------------------
def test_an_exception_in_run_errors_the_run_with_its_traceback_and_post_run_still_runs(run_job):
    result = run_job("local/lifecycle/Explodes")

    assert result.status == JobResultStatus.ERRORED
    assert "Traceback (most recent call last)" in result.traceback
    assert "RuntimeError: the router caught fire" in result.traceback
    assert result.error == "RuntimeError: the router caught fire"
    lines = log_lines(result)
    failure = [line for line in lines if line[1] == LogLevel.FAILURE]
    assert len(failure) == 1
    assert failure[0][0] == "run"
    assert "An exception occurred: `RuntimeError: the router caught fire`" in failure[0][2]
    assert "a test after a failing run() must not run" not in messages(result)
    assert ("post_run", LogLevel.INFO, "post_run still ran, failed=True") in lines


def test_a_job_calling_sys_exit_errors_its_run_instead_of_ending_the_process(run_job):
    result = run_job("local/lifecycle/CallsSysExit")

    assert result.status == JobResultStatus.ERRORED
    assert "SystemExit: the job gave up" in result.traceback
    assert "post_run still ran, failed=True" in messages(result)


def test_log_failure_marks_the_run_failed_without_stopping_it(run_job):
    result = run_job("local/lifecycle/LogsFailure")

    assert result.status == JobResultStatus.FAILED
    assert result.traceback == ""
    assert log_lines(result) == [
        ("run", LogLevel.FAILURE, "first check failed"),
        ("run", LogLevel.INFO, "kept going after the failure"),
        ("test_later", LogLevel.SUCCESS, "a later test still ran"),
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("str", "name,make,model\nsw1,Acme,X1"),
        ("dict", {"created": 2, "names": ["sw1", "sw2"], "nested": {"ok": True}}),
        ("list", [1, "two", None, {"three": 3}]),
    ],
)
def test_the_return_value_of_run_is_stored(run_job, kind, expected):
    result = run_job("local/lifecycle/Returns", {"kind": kind})

    assert result.status == JobResultStatus.COMPLETED
    assert JobResult.objects.get(pk=result.pk).result == expected


# --- the job's logger ---------------------------------------------------------------------------------------
def test_the_job_logger_writes_lines_with_their_object_and_grouping(run_job):
    tag = Tag.objects.create(name="core")

    result = run_job("local/lifecycle/UsesLogger", {"tag": tag.pk})

    assert result.status == JobResultStatus.COMPLETED
    entries = list(result.logs.order_by("id"))
    assert [(e.grouping, e.log_level, e.message) for e in entries] == [
        ("inspection", LogLevel.INFO, "Looking at tag core"),
        ("run", LogLevel.WARNING, "A plain warning"),
        ("run", LogLevel.INFO, "Still running after an error"),
    ]
    assert entries[0].log_object == "core"
    assert entries[0].object_id == str(tag.pk)
    assert entries[0].object_type.model_class() is Tag
    assert entries[1].log_object == ""


def test_an_error_logged_through_the_job_logger_fails_the_run(run_job):
    tag = Tag.objects.create(name="core")

    result = run_job("local/lifecycle/UsesLogger", {"tag": tag.pk, "fail": True})

    assert result.status == JobResultStatus.FAILED
    assert ("run", LogLevel.FAILURE, "Tag core has the wrong colour") in log_lines(result)
    assert messages(result)[-1] == "Still running after an error"


# --- transactions -------------------------------------------------------------------------------------------
def test_a_committed_run_keeps_its_changes_including_post_runs(run_job):
    result = run_job("local/writes/CreateTags", {"prefix": "kept"}, commit=True)

    assert result.status == JobResultStatus.COMPLETED, result.traceback
    assert set(Tag.objects.values_list("name", flat=True)) == {"kept-run", "kept-post-run"}
    assert REVERTED not in messages(result)


def test_a_dry_run_rolls_back_every_change_including_post_runs_but_keeps_its_log_and_result(run_job):
    result = run_job("local/writes/CreateTags", {"prefix": "dry"}, commit=False)

    assert result.status == JobResultStatus.COMPLETED
    assert not Tag.objects.exists()
    assert not ObjectChange.objects.exists()
    assert messages(result) == ["Created tag", "post_run wrote a tag too", REVERTED]
    assert isinstance(result.result, int)


def test_a_read_only_job_rolls_back_its_writes_even_when_asked_to_commit_and_says_nothing_about_it(run_job):
    result = run_job("local/writes/ReadOnlyCreateTags", {"prefix": "ro"}, commit=True)

    assert result.status == JobResultStatus.COMPLETED
    assert result.commit is False
    assert not Tag.objects.exists()
    assert messages(result) == ["Created tag", "post_run wrote a tag too"]


def test_an_errored_run_rolls_back_its_writes_even_with_commit(run_job):
    result = run_job("local/writes/CreateTags", {"prefix": "err", "fail": True}, commit=True)

    assert result.status == JobResultStatus.ERRORED
    assert not Tag.objects.exists()
    assert messages(result)[-1] == REVERTED_ON_ERROR


def test_the_change_log_of_a_committed_run_names_the_run_and_its_user(run_job, django_user_model):
    user = django_user_model.objects.create_user("ada")

    result = run_job("local/writes/CreateTags", {"prefix": "logged"}, commit=True, user=user)

    changes = list(ObjectChange.objects.order_by("id"))
    assert [(c.action, c.object_repr) for c in changes] == [
        ("create", "logged-run"),
        ("update", "logged-run"),
        ("create", "logged-post-run"),
    ]
    assert {c.job_result_id for c in changes} == {result.pk}
    assert {(c.user_id, c.user_name) for c in changes} == {(user.pk, "ada")}
    assert changes[1].prechange_data["description"] == ""
    assert changes[1].postchange_data["description"] == "updated by the job"


# --- what the job can see -----------------------------------------------------------------------------------
def test_the_job_sees_its_user_request_data_and_result(run_job, django_user_model):
    user = django_user_model.objects.create_user("grace")

    result = run_job(
        "local/lifecycle/Context", {"note": "hi"}, user=user, commit=False, request_meta={"REMOTE_ADDR": "192.0.2.7"}
    )

    assert result.result == {
        "user": "grace",
        "request_user": "grace",
        "remote_addr": "192.0.2.7",
        "data": {"note": "hi"},
        "result_id": result.pk,
        "result_status": JobResultStatus.RUNNING,
        "commit": False,
        "dryrun": True,
    }
    assert result.user_name == "grace"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("data/sites.yaml", {"sites": [{"name": "ams01", "switches": 4}, {"name": "fra02", "switches": 2}]}),
        ("data/vlans.json", {"vlans": [{"vid": 10, "name": "users"}, {"vid": 20, "name": "voice"}]}),
    ],
)
def test_load_yaml_and_load_json_read_files_beside_the_job_module(run_job, filename, expected):
    result = run_job("local/files/LoadsFiles", {"filename": filename})

    assert result.status == JobResultStatus.COMPLETED
    assert result.result == expected


@pytest.mark.parametrize("filename", ["../outside.json", "data/../../outside.json", "/etc/hostname"])
def test_load_json_refuses_a_path_outside_the_job_folder(run_job, jobs_root, filename):
    (jobs_root.parent / "outside.json").write_text('{"secret": true}')

    result = run_job("local/files/LoadsFiles", {"filename": filename})

    assert result.status == JobResultStatus.ERRORED
    assert "is outside the job's folder" in result.error
    assert result.result is None


# --- sensitive input ----------------------------------------------------------------------------------------
def test_a_sensitive_variable_is_redacted_in_the_result_and_its_encrypted_payload_is_gone_once_the_run_starts(
    jobs_root,
):
    pending = submit("local/sensitive/SensitiveInput", {"username": "netops", "password": "correct horse"})

    assert pending.task_kwargs == {"username": "netops", "password": REDACTED}
    assert "correct horse" not in bytes(pending.sensitive_payload).decode()
    assert decrypt_sensitive(pending.sensitive_payload) == {"password": "correct horse"}

    execute(pending.pk)
    result = JobResult.objects.get(pk=pending.pk)

    assert result.status == JobResultStatus.COMPLETED
    assert result.result == {"username": "netops", "password_length": 13, "payload_erased_at_start": True}
    assert result.sensitive_payload is None
    assert result.task_kwargs == {"username": "netops", "password": REDACTED}


def test_meta_has_sensitive_variables_treats_every_variable_as_sensitive(run_job):
    result = run_job("local/sensitive/AllSensitive", {"token": "abcdef", "region": "eu"})

    assert result.task_kwargs == {"token": REDACTED, "region": REDACTED}
    assert result.result == {"token_length": 6, "payload_erased_at_start": True}
    assert result.sensitive_payload is None


def test_the_encrypted_payload_is_erased_even_when_the_run_cannot_start(jobs_root):
    pending = submit("local/sensitive/SensitiveInput", {"username": "netops", "password": "correct horse"})
    install_variant(jobs_root, "raises_at_import.py", as_name="sensitive.py")

    execute(pending.pk)
    result = JobResult.objects.get(pk=pending.pk)

    assert result.status == JobResultStatus.ERRORED
    assert result.sensitive_payload is None


# --- input loaded for the run -------------------------------------------------------------------------------
def test_an_object_deleted_between_submit_and_run_errors_the_run_naming_the_variable(jobs_root):
    tag = Tag.objects.create(name="core")
    pending = submit("local/lifecycle/UsesLogger", {"tag": tag.pk})
    tag_id = tag.pk
    tag.delete()

    execute(pending.pk)
    result = JobResult.objects.get(pk=pending.pk)

    assert result.status == JobResultStatus.ERRORED
    assert result.error == f"tag: tag {tag_id} no longer exists"
    assert messages(result) == [f"The run's input could not be loaded: tag: tag {tag_id} no longer exists"]


def test_an_uploaded_file_reaches_run_and_is_discarded_when_the_run_ends(jobs_root):
    upload = SimpleUploadedFile("sw1.cfg", b"hostname sw1\n")
    pending = submit("local/inputs/EveryVariable", {"hostname": "sw1"}, files={"config": upload})
    assert FileProxy.objects.count() == 1

    execute(pending.pk)
    result = JobResult.objects.get(pk=pending.pk)

    assert result.result["config"] == {"file": "sw1.cfg", "content": "hostname sw1\n"}
    assert result.task_kwargs["config"]["name"] == "sw1.cfg"
    assert not FileProxy.objects.exists()


# --- loading the code ---------------------------------------------------------------------------------------
def test_a_run_whose_module_no_longer_imports_errors_with_the_import_error(jobs_root):
    pending = submit("local/fragile/Fragile")
    install_variant(jobs_root, "raises_at_import.py", as_name="fragile.py")

    execute(pending.pk)
    result = JobResult.objects.get(pk=pending.pk)

    assert result.status == JobResultStatus.ERRORED
    assert "RuntimeError: the inventory API is unreachable at import time" in result.traceback
    assert "failed to import" in result.error
    assert "the inventory API is unreachable at import time" in messages(result)[0]


def test_an_edited_job_file_runs_its_new_code_on_the_next_run_in_the_same_process(run_job, jobs_root):
    first = run_job("local/hot_reload/Hot")
    assert (first.result, messages(first)) == ("version 1", ["old code"])

    install_variant(jobs_root, "hot_reload_v2.py", as_name="hot_reload.py")
    second = run_job("local/hot_reload/Hot", {"times": 2})
    added = run_job("local/hot_reload/AddedLater")

    assert second.status == JobResultStatus.COMPLETED
    assert second.result == {"version": 2, "times": 2}
    assert messages(second) == ["new code, line 0", "new code, line 1"]
    assert added.result == "I did not exist before"


def test_an_edit_that_keeps_the_file_size_is_picked_up_too(run_job, jobs_root):
    module = jobs_root / "hot_reload.py"
    assert run_job("local/hot_reload/Hot").result == "version 1"

    module.write_text(module.read_text().replace("version 1", "version 9"))

    assert run_job("local/hot_reload/Hot").result == "version 9"


# --- bad input ----------------------------------------------------------------------------------------------
def test_submitting_bad_input_leaves_no_result_row(jobs_root):
    with pytest.raises(JobInputError) as caught:
        submit("local/inputs/EveryVariable", {"hostname": "NOT VALID", "count": 99, "colour": "red"})

    assert set(caught.value.errors) == {"hostname", "count", "colour"}
    assert not JobResult.objects.exists()


def test_a_run_that_is_not_pending_is_not_run_twice(run_job):
    result = run_job("local/lifecycle/Lifecycle")

    assert execute(result.pk) is None
    assert result.logs.count() == 5
