"""Fixtures of the automation tests: a jobs root holding `job_fixtures/`, users and a run helper."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from netjobs.automation.hooks import hooks_cache, run_origins
from netjobs.jobs.models import JobResult
from netjobs.jobs.registry import sync_job_definitions
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import forget_local_modules

FIXTURES = Path(__file__).parent / "job_fixtures"
JOBS = "local/automation_jobs"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    hooks_cache.invalidate()
    run_origins.clear()
    yield
    hooks_cache.invalidate()
    run_origins.clear()


@pytest.fixture
def jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    root = tmp_path / "jobs"
    root.mkdir()
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, root / module.name)
    (root / "__init__.py").write_text('"""The jobs root of an automation test."""\n')
    settings.NETJOBS_JOBS_ROOT = root
    forget_local_modules()
    sync_job_definitions()
    yield root
    forget_local_modules()


@pytest.fixture
def run_job(jobs_root: Path) -> Callable[..., JobResult]:
    def _run(job: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        result = submit(f"{JOBS}/{job}", data, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run


def execute_pending(job: str) -> list[JobResult]:
    """Run every pending run of `job` in this process, oldest first; return them finished."""
    done = []
    for pk in (
        JobResult.objects.filter(job_class_path=f"{JOBS}/{job}", status="pending")
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        execute(pk)
        done.append(JobResult.objects.get(pk=pk))
    return done


@pytest.fixture
def make_user(django_user_model: Any) -> Callable[..., Any]:
    def _make(username: str, *perms: str, **fields: Any) -> Any:
        user = django_user_model.objects.create_user(username=username, password="pw", **fields)
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return django_user_model.objects.get(pk=user.pk)

    return _make
