"""Fixtures of the web UI tests: a jobs root with the UI's job modules and New Branch, users, runs."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from netjobs.jobs.models import JobDefinition, JobLogEntry, JobResult
from netjobs.jobs.registry import LOCAL_PACKAGE, sync_job_definitions

FIXTURES = Path(__file__).parent / "job_fixtures"
EXAMPLES = Path(__file__).resolve().parents[4] / "examples" / "jobs"

#: A test that reads or writes both databases (data and bookkeeping).
both_databases = pytest.mark.django_db(databases=["default", "jobs"])


def forget_local_modules() -> None:
    for name in [n for n in sys.modules if n == LOCAL_PACKAGE or n.startswith(f"{LOCAL_PACKAGE}.")]:
        del sys.modules[name]


def make_jobs_root(root: Path) -> Path:
    """A jobs root holding the UI test jobs and, when the checkout has it, the spec's New Branch example."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "__init__.py").write_text('"""The jobs root of a web UI test."""\n')
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, root / module.name)
    if (EXAMPLES / "new_branch.py").exists():
        shutil.copy(EXAMPLES / "new_branch.py", root / "new_branch.py")
    return root


@pytest.fixture
def ui_jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    root = make_jobs_root(tmp_path / "jobs")
    settings.NETJOBS_JOBS_ROOT = root
    forget_local_modules()
    sync_job_definitions()
    yield root
    forget_local_modules()


@pytest.fixture
def definition(ui_jobs_root: Path) -> Callable[[str], JobDefinition]:
    """Look up a synced job by class path."""
    return lambda class_path: JobDefinition.objects.get(class_path=class_path)


def user_with(username: str, *codenames: str) -> User:
    user = User.objects.create_user(username, password="secret-password")
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("admin", "admin@example.com", "secret-password")


@pytest.fixture
def admin_client(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def runner() -> User:
    """May see and run jobs, and see every result."""
    return user_with("runner", "jobs.view_jobdefinition", "jobs.run_job", "jobs.view_jobresult")


@pytest.fixture
def viewer() -> User:
    """May see jobs but not run them; sees only their own results."""
    return user_with("viewer", "jobs.view_jobdefinition")


@pytest.fixture
def nobody() -> User:
    return user_with("nobody")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def htmx_get(client: Client, url: str, target: str = "", **params: Any) -> Any:
    """A GET as htmx sends it (HX-Request, and HX-Target when the element has an id)."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return client.get(url, params, headers=headers)


def make_result(definition: JobDefinition | None = None, **fields: Any) -> JobResult:
    """A JobResult row written directly (no worker): status and everything else overridable."""
    fields.setdefault("name", definition.name if definition else "Some job")
    fields.setdefault("job_class_path", definition.class_path if definition else "local/gone/Gone")
    fields.setdefault("status", "completed")
    return JobResult.objects.create(job_definition=definition, **fields)


def add_log(result: JobResult, *lines: tuple[str, str, str]) -> list[JobLogEntry]:
    """Log lines (grouping, level, message) for `result`, in order."""
    return JobLogEntry.objects.bulk_create(
        [JobLogEntry(job_result=result, grouping=g, log_level=level, message=m) for g, level, m in lines]
    )
