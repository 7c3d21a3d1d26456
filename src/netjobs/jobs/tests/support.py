"""Helpers of the jobs framework tests: the fixture job modules and reading a run's log."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from netjobs.jobs.models import JobResult
from netjobs.jobs.registry import LOCAL_PACKAGE

FIXTURES = Path(__file__).parent / "job_fixtures"
VARIANTS = FIXTURES / "variants"

#: Marks a test that reads or writes both databases (data and bookkeeping).
both_databases = pytest.mark.django_db(databases=["default", "jobs"])
#: Marks a test that runs jobs in-process: the run log is flushed by a thread on its own connection, which
#: would wait forever on a test-wrapping transaction, so these tests commit for real.
runs_jobs = pytest.mark.django_db(databases=["default", "jobs"], transaction=True)


def copy_job_fixtures(root: Path) -> Path:
    """Make `root` a jobs root holding every top-level job module of `job_fixtures/` and its `data/`."""
    root.mkdir(parents=True, exist_ok=True)
    for module in FIXTURES.glob("*.py"):
        shutil.copy(module, root / module.name)
    shutil.copytree(FIXTURES / "data", root / "data")
    (root / "__init__.py").write_text('"""The jobs root of a test."""\n')
    return root


def install_variant(root: Path, variant: str, as_name: str) -> Path:
    """Write `job_fixtures/variants/<variant>` into the jobs root as `<as_name>` (replacing what is there)."""
    target = root / as_name
    target.write_bytes((VARIANTS / variant).read_bytes())
    return target


def forget_local_modules() -> None:
    """Drop the jobs root package and its modules from `sys.modules`, so no test sees another's modules."""
    for name in [n for n in sys.modules if n == LOCAL_PACKAGE or n.startswith(f"{LOCAL_PACKAGE}.")]:
        del sys.modules[name]


def log_lines(result: JobResult) -> list[tuple[str, str, str]]:
    """The run's log as (grouping, level, message), in order."""
    return list(result.logs.order_by("id").values_list("grouping", "log_level", "message"))


def messages(result: JobResult) -> list[str]:
    return [message for _, _, message in log_lines(result)]
