"""Creating schedules: every invalid definition is refused with an error naming its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.schedules import create_schedule, find_schedule, set_enabled
from netjobs.scheduling.tests.conftest import ECHO, NEEDS_COUNT, T0

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])


def errors_of(**kwargs: Any) -> dict[str, list[str]]:
    kwargs.setdefault("start_time", T0)
    with pytest.raises(ValidationError) as excinfo:
        create_schedule(kwargs.pop("job", ECHO), now=T0, **kwargs)
    return excinfo.value.message_dict


def test_a_valid_schedule_stores_its_normalised_input_and_first_run() -> None:
    s = create_schedule(ECHO, interval_type=IntervalType.MINUTES, interval_minutes=15, start_time=T0, now=T0)
    assert s.data == {"message": "hi"}  # the default, filled in as a run would see it
    assert s.next_run == T0
    assert s.name == "Echo every 15 minutes"
    assert s.describe() == "every 15 minutes"


def test_every_n_minutes_needs_a_positive_n() -> None:
    assert "interval_minutes" in errors_of(interval_type=IntervalType.MINUTES, interval_minutes=0)
    assert "interval_minutes" in errors_of(interval_type=IntervalType.MINUTES)


def test_a_bad_crontab_is_refused_on_the_crontab_field() -> None:
    errors = errors_of(interval_type=IntervalType.CRONTAB, crontab="*/5 * *")
    assert "five fields" in errors["crontab"][0]


def test_an_end_before_the_start_is_refused() -> None:
    errors = errors_of(interval_type=IntervalType.DAILY, end_time=T0 - dt.timedelta(hours=1))
    assert "end_time" in errors


def test_a_one_off_in_the_past_is_refused_on_its_start_time() -> None:
    errors = errors_of(interval_type=IntervalType.ONCE, start_time=T0 - dt.timedelta(minutes=5))
    assert "never run" in errors["start_time"][0]


def test_invalid_job_input_names_the_variable() -> None:
    errors = errors_of(job=NEEDS_COUNT, interval_type=IntervalType.DAILY, data={"count": "many"})
    assert errors["data"][0].startswith("count:")
    errors = errors_of(interval_type=IntervalType.DAILY, data={"mesage": "typo"})
    assert errors["data"][0].startswith("mesage: Unknown variable")


def test_an_unknown_job_or_one_with_sensitive_input_is_refused_on_the_job_field() -> None:
    assert "job" in errors_of(job="local/nowhere/Nothing", interval_type=IntervalType.DAILY)
    errors = errors_of(job="local/sched_fixture_jobs/Secretive", interval_type=IntervalType.DAILY)
    assert "sensitive" in errors["job"][0]


def test_an_unknown_interval_type_is_refused() -> None:
    assert "interval_type" in errors_of(interval_type="fortnightly")


def test_names_are_unique_and_generated_names_do_not_collide() -> None:
    first = create_schedule(ECHO, interval_type=IntervalType.DAILY, name="nightly")
    assert "name" in errors_of(interval_type=IntervalType.DAILY, name="nightly")
    generated = [create_schedule(ECHO, interval_type=IntervalType.DAILY).name for _ in range(2)]
    assert generated[1] == f"{generated[0]} (2)"
    assert find_schedule("nightly") == first
    assert find_schedule(str(first.pk)) == first
    assert find_schedule("nothing") is None


def test_disabling_clears_the_next_run_and_enabling_lays_it_from_now() -> None:
    s = create_schedule(ECHO, interval_type=IntervalType.MINUTES, interval_minutes=10)
    set_enabled(s, False)
    assert ScheduledJob.objects.get(pk=s.pk).next_run is None
    set_enabled(s, True)
    next_run = ScheduledJob.objects.get(pk=s.pk).next_run
    assert next_run is not None
    assert next_run <= timezone.now() + dt.timedelta(minutes=10)


def test_model_validation_covers_schedules_made_in_the_admin() -> None:
    s = create_schedule(ECHO, interval_type=IntervalType.DAILY)
    s.interval_type = IntervalType.CRONTAB
    s.crontab = "nonsense"
    with pytest.raises(ValidationError) as excinfo:
        s.full_clean()
    assert set(excinfo.value.message_dict) == {"crontab"}
