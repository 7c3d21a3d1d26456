"""Fixtures of the contracts tests: a small location tree with tenants and devices, and a job runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from netjobs.contracts.tests.builders import Tree, build_tree
from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit

JOBS = "app/netjobs.contracts.jobs"


@pytest.fixture
def tree(db: None) -> Tree:
    return build_tree()


@pytest.fixture
def run_job() -> Callable[..., JobResult]:
    """Submit `<Class>` of the contracts jobs module with `data`, execute it here, return the finished result."""

    def _run(job_class: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        result = submit(f"{JOBS}/{job_class}", data or {}, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run
