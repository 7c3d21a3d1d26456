"""Fixtures of the API tests: a jobs root with `job_fixtures/`, users for the permission matrix, API clients."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from rest_framework.test import APIClient

from netjobs.jobs.models import JobDefinition, JobResult
from netjobs.jobs.registry import LOCAL_PACKAGE, sync_job_definitions
from netjobs.jobs.runner import execute
from netjobs.users.models import Token

FIXTURES = Path(__file__).parent / "job_fixtures"


@pytest.fixture(autouse=True)
def _api_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "netjobs.api.tests.urls"


def _forget_local_modules() -> None:
    for name in [n for n in sys.modules if n == LOCAL_PACKAGE or n.startswith(f"{LOCAL_PACKAGE}.")]:
        del sys.modules[name]


@pytest.fixture
def jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """A jobs root holding the modules of `job_fixtures/`, synced into JobDefinitions."""
    root = tmp_path / "jobs"
    root.mkdir()
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, root / module.name)
    (root / "__init__.py").write_text('"""API test jobs."""\n')
    settings.NETJOBS_JOBS_ROOT = root
    _forget_local_modules()
    sync_job_definitions()
    yield root
    _forget_local_modules()


@pytest.fixture
def job(jobs_root: Path) -> Callable[[str], JobDefinition]:
    """The definition of a fixture job by class path, e.g. `job("local/example/MyJobWithVars")`."""
    return lambda class_path: JobDefinition.objects.get(class_path=class_path)


def grant(user: User, *perms: str) -> User:
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def nobody(db: Any) -> User:
    """Authenticated, without any permission."""
    return User.objects.create_user("nobody", password="pw")


@pytest.fixture
def viewer(db: Any) -> User:
    """May see jobs and every result, not run anything."""
    return grant(User.objects.create_user("viewer", password="pw"), "jobs.view_jobdefinition", "jobs.view_jobresult")


@pytest.fixture
def runner(db: Any) -> User:
    """May see jobs and run them (with the spec's `extras.run_job`); sees only their own results."""
    return grant(User.objects.create_user("runner", password="pw"), "jobs.view_jobdefinition", "extras.run_job")


@pytest.fixture
def approver(db: Any) -> User:
    return grant(
        User.objects.create_user("approver", password="pw"),
        "jobs.view_jobdefinition",
        "jobs.view_jobresult",
        "jobs.approve_job",
    )


@pytest.fixture
def group(db: Any) -> Group:
    return Group.objects.create(name="netops")


def token_for(user: User, **kwargs: Any) -> str:
    return Token.create_for(user, **kwargs)[1]


@pytest.fixture
def client_for() -> Callable[..., APIClient]:
    """An API client authenticated by a fresh token of `user` (None: anonymous)."""

    def _client(user: User | None, **token_options: Any) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
        return client

    return _client


@pytest.fixture
def run_now() -> Callable[[int], JobResult]:
    """Execute a pending run in this process (what a worker would do) and return it finished."""

    def _run(result_id: int) -> JobResult:
        execute(result_id)
        return JobResult.objects.get(pk=result_id)

    return _run
