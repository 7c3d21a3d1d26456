"""Discovering job modules, isolating import errors, mirroring jobs as JobDefinitions, class paths."""

from __future__ import annotations

import pytest

from netjobs.jobs.models import JobDefinition, JobModule, JobResult
from netjobs.jobs.registry import JobNotFoundError, discover, get_job_class, parse_class_path, sync_job_definitions
from netjobs.jobs.submit import JobDisabledError, submit
from netjobs.jobs.tests.support import both_databases, install_variant

#: The jobs of the modules in job_fixtures/ that these tests rely on (other tests may add modules there).
LOCAL_JOBS = {
    "local/files/LoadsFiles",
    "local/fragile/Fragile",
    "local/hot_reload/Hot",
    "local/inputs/EveryVariable",
    "local/lifecycle/Context",
    "local/lifecycle/DataAndCommit",
    "local/lifecycle/DryrunAndKeywords",
    "local/lifecycle/Explodes",
    "local/lifecycle/Lifecycle",
    "local/lifecycle/LogsFailure",
    "local/lifecycle/Returns",
    "local/lifecycle/UsesLogger",
    "local/sensitive/AllSensitive",
    "local/sensitive/SensitiveInput",
    "local/sleeper/Sleeper",
    "local/writes/CreateTags",
    "local/writes/ReadOnlyCreateTags",
}
BROKEN_MODULES = {
    "syntax_error": "syntax_error.py.txt",
    "raises_at_import": "raises_at_import.py",
    "exits_at_import": "exits_at_import.py",
}


def local_class_paths() -> set[str]:
    return set(JobDefinition.objects.filter(source="local", installed=True).values_list("class_path", flat=True))


@pytest.fixture
def broken_modules(jobs_root):
    for module, variant in BROKEN_MODULES.items():
        install_variant(jobs_root, variant, as_name=f"{module}.py")
    return jobs_root


# --- class paths ---------------------------------------------------------------------------------------------
def test_a_class_path_is_source_module_and_class():
    assert parse_class_path("local/devices/CreateDevices") == ("local", "devices", "CreateDevices")
    assert parse_class_path("app/netjobs.dcim.jobs/Audit") == ("app", "netjobs.dcim.jobs", "Audit")


@pytest.mark.parametrize("class_path", ["", "local", "local/devices", "local//CreateDevices", "a/b/c/d"])
def test_a_malformed_class_path_is_not_found_with_the_expected_shape(class_path):
    with pytest.raises(JobNotFoundError, match=r"a class path looks like local/<module>/<JobClass>"):
        parse_class_path(class_path)


@pytest.mark.parametrize(
    ("class_path", "reason"),
    [
        ("local/no_such_module/Job", "no file no_such_module.py in the jobs root"),
        ("local/lifecycle/NoSuchJob", "module 'lifecycle' has no job class 'NoSuchJob'"),
        ("local/inputs/plain", "module 'inputs' has no job class 'plain'"),
        ("git/lifecycle/Lifecycle", "unknown job source 'git'"),
    ],
)
def test_a_class_path_that_names_no_job_says_why(jobs_root, class_path, reason):
    with pytest.raises(JobNotFoundError) as caught:
        get_job_class(class_path)

    assert reason in str(caught.value)


def test_a_class_imported_into_a_module_is_not_one_of_its_jobs(jobs_root):
    (jobs_root / "reexports.py").write_text("from netjobs_jobs_root.lifecycle import Lifecycle  # noqa: F401\n")

    with pytest.raises(JobNotFoundError, match="has no job class 'Lifecycle'"):
        get_job_class("local/reexports/Lifecycle")


# --- discovery -----------------------------------------------------------------------------------------------
def test_discovery_finds_every_job_of_every_local_module(jobs_root):
    local = {m.module_name: m for m in discover() if m.source == "local"}

    assert {"files", "fragile", "hot_reload", "inputs", "lifecycle", "sensitive", "sleeper", "writes"} <= set(local)
    assert [job.__name__ for job in local["writes"].jobs] == ["CreateTags", "ReadOnlyCreateTags"]
    assert not any(m.import_error for m in local.values())


def test_a_module_level_name_is_the_grouping_of_its_jobs_otherwise_the_module_name(jobs_root):
    local = {m.module_name: m for m in discover() if m.source == "local"}

    assert local["lifecycle"].grouping == "Lifecycle"
    assert local["inputs"].grouping == "Input tests"
    assert local["writes"].grouping == "writes"


@both_databases
def test_sync_mirrors_every_job_as_a_job_definition(jobs_root):
    sync_job_definitions()

    assert LOCAL_JOBS <= local_class_paths()
    definition = JobDefinition.objects.get(class_path="local/inputs/EveryVariable")
    assert (definition.name, definition.grouping, definition.source, definition.module_name) == (
        "Every variable",
        "Input tests",
        "local",
        "inputs",
    )
    assert definition.description == "Takes one variable of each type and returns what `run()` received"
    assert definition.meta["field_order"] == ["hostname", "count"]
    assert definition.variables_schema["required"] == ["hostname", "count", "direction"]
    assert JobDefinition.objects.get(class_path="local/writes/ReadOnlyCreateTags").read_only is True


@both_databases
def test_sync_keeps_an_administrators_enabled_flag(jobs_root):
    sync_job_definitions()
    JobDefinition.objects.filter(class_path="local/lifecycle/Lifecycle").update(enabled=False)

    sync_job_definitions()

    assert JobDefinition.objects.get(class_path="local/lifecycle/Lifecycle").enabled is False


@both_databases
@pytest.mark.parametrize(
    ("module", "error"),
    [
        ("syntax_error", "SyntaxError"),
        ("raises_at_import", "RuntimeError: the inventory API is unreachable at import time"),
        ("exits_at_import", "SystemExit: this module exits at import"),
    ],
)
def test_a_module_that_fails_to_import_is_listed_with_its_error_and_hides_no_other_job(jobs_root, module, error):
    sync_job_definitions()
    before = local_class_paths()
    install_variant(jobs_root, BROKEN_MODULES[module], as_name=f"{module}.py")

    sync_job_definitions()

    broken = JobModule.objects.get(source="local", module_name=module)
    assert error in broken.import_error
    assert "Traceback" in broken.import_error
    assert set(JobModule.objects.exclude(import_error="").values_list("module_name", flat=True)) == {module}
    assert local_class_paths() == before
    assert LOCAL_JOBS <= before


def test_running_a_job_of_a_module_that_fails_to_import_reports_the_import_error(broken_modules):
    with pytest.raises(JobNotFoundError) as caught:
        get_job_class("local/syntax_error/Broken")

    assert "its module failed to import" in str(caught.value)
    assert "SyntaxError" in caught.value.import_error


@both_databases
def test_a_fixed_module_loses_its_import_error_on_the_next_sync(broken_modules):
    sync_job_definitions()
    (broken_modules / "raises_at_import.py").write_text(
        "from netjobs.apps.jobs import Job\n\n\nclass Recovered(Job):\n    pass\n"
    )

    sync_job_definitions()

    assert JobModule.objects.get(module_name="raises_at_import").import_error == ""
    assert JobDefinition.objects.get(class_path="local/raises_at_import/Recovered").installed is True


@both_databases
def test_a_jobs_root_without_init_py_gives_a_clear_error(jobs_root):
    (jobs_root / "__init__.py").unlink()

    sync_job_definitions()

    problem = JobModule.objects.get(source="local")
    assert "has no __init__.py" in problem.import_error
    assert "Create an empty __init__.py there" in problem.import_error
    assert not local_class_paths()
    with pytest.raises(JobNotFoundError, match=r"has no __init__\.py; create an empty one"):
        get_job_class("local/lifecycle/Lifecycle")


@both_databases
def test_a_job_removed_from_its_file_is_no_longer_installed_and_cannot_run(jobs_root):
    sync_job_definitions()
    (jobs_root / "fragile.py").unlink()

    sync_job_definitions()

    definition = JobDefinition.objects.get(class_path="local/fragile/Fragile")
    assert definition.installed is False
    assert not JobModule.objects.filter(module_name="fragile").exists()
    with pytest.raises(JobDisabledError, match="no longer installed"):
        submit("local/fragile/Fragile")


@both_databases
def test_a_job_file_added_since_the_last_sync_can_be_submitted_at_once(jobs_root):
    sync_job_definitions()
    install_variant(jobs_root, "hot_reload_v2.py", as_name="added.py")

    result = submit("local/added/AddedLater")

    assert result.job_definition.class_path == "local/added/AddedLater"
    assert result.status == "pending"


@both_databases
def test_a_disabled_job_cannot_be_submitted_and_leaves_no_result(jobs_root):
    sync_job_definitions()
    JobDefinition.objects.filter(class_path="local/lifecycle/Lifecycle").update(enabled=False)

    with pytest.raises(JobDisabledError, match="is disabled"):
        submit("local/lifecycle/Lifecycle")

    assert not JobResult.objects.exists()


@both_databases
def test_submitting_an_unknown_class_path_raises_not_found_and_leaves_no_result(jobs_root):
    with pytest.raises(JobNotFoundError):
        submit("local/lifecycle/NoSuchJob")

    assert not JobResult.objects.exists()
