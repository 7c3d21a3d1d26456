"""Property-based: every operation of `/api/schema/`, with generated input, answers no 5xx and what it documents.

Slow (marked): a live server, a superuser token, a few examples per operation to stay well under two minutes.
Checks: no server error, a documented content type, and a body matching the documented schema. Operations are
driven one by one with Hypothesis (schemathesis' pytest parametrisation does not support pytest 9 yet), and every
failing operation is reported, not only the first.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from netjobs.api.tests.conftest import token_for
from netjobs.api.tests.support import committing
from netjobs.jobs.submit import submit
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.schedules import create_schedule

EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def _a_schedule_that_has_run() -> None:
    """So that schedule responses (and a run's `scheduled_job`) are checked with their optional fields filled."""
    schedule = create_schedule("local/example/MyJobWithNoVars", interval_type="daily", name="schemathesis")
    result = submit(schedule.job, scheduled_job_id=schedule.pk)
    ScheduledJob.objects.filter(pk=schedule.pk).update(last_run=timezone.now(), last_result_id=result.pk, run_count=1)


@pytest.mark.slow
@committing
@pytest.mark.usefixtures("jobs_root")
def test_the_api_honours_its_schema(live_server: Any, superuser: Any) -> None:
    _a_schedule_that_has_run()
    headers = {"Authorization": f"Token {token_for(superuser)}", "Accept": "application/json"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", headers=headers)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if "{class_path}" in operation.path:
            # Its one parameter holds slashes (local/example/MyJob), which no generated path segment may: these
            # routes are the by-id routes again, exercised by test_jobs, test_run and the curl test.
            continue
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
        def exercise(case: Any) -> None:
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
