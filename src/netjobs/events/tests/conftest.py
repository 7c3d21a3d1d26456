"""Fixtures of the events tests: a local HTTP endpoint, a jobs root with `job_fixtures/`, and run helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netjobs.events import service
from netjobs.events.models import Webhook
from netjobs.events.receivers import log_budget, subscriptions
from netjobs.events.tests.support import Endpoint, copy_job_fixtures, start_endpoint, stop_endpoint
from netjobs.jobs.models import JobResult
from netjobs.jobs.runner import execute
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import forget_local_modules


@pytest.fixture(autouse=True)
def _fresh_event_state(settings: Any) -> Iterator[None]:
    """No webhook cached from an earlier test (its row is gone), fast retries, no delivery thread left over."""
    settings.NETJOBS_WEBHOOK_BACKOFF = 0.01
    settings.NETJOBS_WEBHOOK_BACKOFF_MAX = 0.05
    subscriptions.invalidate()
    yield
    service.stop()
    subscriptions.invalidate()
    for result_id in {key[0] for key in list(log_budget._sent)}:
        log_budget.forget(result_id)


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = start_endpoint()
    yield server
    stop_endpoint(server)


@pytest.fixture
def jobs_root(tmp_path: Path, settings: Any) -> Iterator[Path]:
    root = copy_job_fixtures(tmp_path / "jobs")
    settings.NETJOBS_JOBS_ROOT = root
    forget_local_modules()
    yield root
    forget_local_modules()


@pytest.fixture
def run_job(jobs_root: Path) -> Callable[..., JobResult]:
    """Submit a run of a `job_fixtures/notifying.py` job and execute it in this process."""

    def _run(job: str, data: dict[str, Any] | None = None, **kwargs: Any) -> JobResult:
        result = submit(f"local/notifying/{job}", data, **kwargs)
        execute(result.pk)
        result.refresh_from_db()
        return result

    return _run


@pytest.fixture
def make_webhook(endpoint: Endpoint) -> Callable[..., Webhook]:
    def _make(name: str = "ops", **fields: Any) -> Webhook:
        secret = fields.pop("secret", None)
        fields.setdefault("url", endpoint.url)
        fields.setdefault("events", ["run_started", "run_finished", "log_entry"])
        webhook = Webhook(name=name, **fields)
        webhook.set_secret(secret)
        webhook.full_clean()
        webhook.save()
        return webhook

    return _make
