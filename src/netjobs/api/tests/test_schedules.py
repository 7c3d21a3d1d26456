"""Scheduling over the API: `"schedule"` in a run request (Nautobot 2's shape and netjobs' own), and
`/api/extras/scheduled-jobs/` (list, filters, detail, create, edit, delete), with the permission matrix, bad input
named per field (never a 500, nothing created), and a schedule made over the API firing in the scheduler."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pynautobot
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from netjobs.api.tests.conftest import grant, token_for
from netjobs.api.tests.support import both_databases, committing
from netjobs.jobs.models import JobResult
from netjobs.scheduling.choices import IntervalType
from netjobs.scheduling.models import ScheduledJob
from netjobs.scheduling.scheduler import Scheduler
from netjobs.scheduling.schedules import create_schedule

pytestmark = [pytest.mark.usefixtures("jobs_root"), both_databases]

VARS = "local/example/MyJobWithVars"
NO_VARS = "local/example/MyJobWithNoVars"
VARS_RUN = f"/api/extras/jobs/{VARS}/run/"
LIST = "/api/extras/scheduled-jobs/"
GOOD_DATA = {"foo": "x", "bar": 1}


def later(**delta: float) -> dt.datetime:
    """A whole second in the future (or past, with negative deltas)."""
    return timezone.now().replace(microsecond=0) + dt.timedelta(**delta)


def iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def post(client: Any, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client: Any, url: str, body: Any) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


class Clock:
    """A clock the test sets by hand (the scheduler reads it instead of the real time)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def make_schedule(job: str = VARS, **kwargs: Any) -> ScheduledJob:
    kwargs.setdefault("interval_type", IntervalType.DAILY)
    kwargs.setdefault("start_time", later(hours=1))
    if job == VARS:
        kwargs.setdefault("data", GOOD_DATA)
    return create_schedule(job, **kwargs)


@pytest.fixture
def scheduler_user(db: Any) -> User:
    """May see jobs, run them and add (and see) schedules."""
    return grant(
        User.objects.create_user("planner", password="pw"),
        "jobs.view_jobdefinition",
        "extras.run_job",
        "scheduling.add_scheduledjob",
        "scheduling.view_scheduledjob",
    )


@pytest.fixture
def schedule_viewer(db: Any) -> User:
    """May see schedules, nothing else."""
    return grant(User.objects.create_user("watcher", password="pw"), "scheduling.view_scheduledjob")


@pytest.fixture
def schedule_manager(db: Any) -> User:
    """May see jobs, run them, and see, add, change and delete schedules."""
    return grant(
        User.objects.create_user("manager", password="pw"),
        "jobs.view_jobdefinition",
        "extras.run_job",
        "scheduling.view_scheduledjob",
        "scheduling.add_scheduledjob",
        "scheduling.change_scheduledjob",
        "scheduling.delete_scheduledjob",
    )


# --- "schedule" in a run request ------------------------------------------------------------------------------
def test_a_run_in_the_future_answers_201_with_the_scheduled_job_and_creates_no_run(client_for, scheduler_user):
    start = later(hours=2)
    body = {
        "data": GOOD_DATA,
        "commit": True,
        "schedule": {"name": "later", "interval": "future", "start_time": iso(start)},
    }
    response = post(client_for(scheduler_user), VARS_RUN, body)
    assert response.status_code == 201, response.json()
    payload = response.json()
    assert payload["job_result"] is None
    scheduled = payload["scheduled_job"]
    schedule = ScheduledJob.objects.get()
    assert scheduled["id"] == schedule.pk and scheduled["name"] == "later"
    assert scheduled["url"].endswith(f"/api/extras/scheduled-jobs/{schedule.pk}/")
    assert scheduled["interval"] == {"value": "future", "label": "Once in the future"}
    assert scheduled["interval_type"] == "once" and scheduled["one_off"] is True
    assert parse(scheduled["start_time"]) == start and parse(scheduled["next_run"]) == start
    assert scheduled["job"]["class_path"] == VARS and scheduled["task"] == VARS
    assert scheduled["user"]["username"] == "planner"
    assert scheduled["data"] == GOOD_DATA and scheduled["commit"] is True
    assert (schedule.interval_type, schedule.start_time, schedule.user_id) == ("once", start, scheduler_user.pk)
    assert schedule.created_by == "planner" and schedule.data == GOOD_DATA
    assert not JobResult.objects.exists()


@pytest.mark.parametrize(
    ("schedule", "interval_type", "nautobot"),
    [
        ({"interval": "hourly"}, "hourly", "hourly"),
        ({"interval": "daily"}, "daily", "daily"),
        ({"interval": "weekly"}, "weekly", "weekly"),
        ({"interval": "custom", "crontab": "*/5 * * * *"}, "crontab", "custom"),
        ({"interval": "every", "interval_minutes": 15}, "minutes", "every"),
        ({"interval": "minutes", "interval_minutes": 5}, "minutes", "every"),
        ({"interval": {"value": "daily", "label": "Recurring daily"}}, "daily", "daily"),
    ],
)
def test_each_interval_maps_to_its_kind(client_for, scheduler_user, job, schedule, interval_type, nautobot):
    definition = job(VARS)
    schedule = {**schedule, "start_time": iso(later(minutes=30))}
    response = post(
        client_for(scheduler_user), f"/api/extras/jobs/{definition.pk}/run/", {"data": GOOD_DATA, "schedule": schedule}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["scheduled_job"]["interval"]["value"] == nautobot
    stored = ScheduledJob.objects.get()
    assert stored.interval_type == interval_type and stored.next_run is not None
    assert not JobResult.objects.exists()


def test_netjobs_own_fields_end_time_dryrun_queue_and_comment_are_kept(client_for, scheduler_user, job):
    definition = job(VARS)
    end = later(days=30)
    body = {
        "data": GOOD_DATA,
        "dryrun": True,
        "task_queue": "default",
        "comment": "weekly audit",
        "job_id": definition.pk,
        "schedule": {"interval": "every", "interval_minutes": 60, "end_time": iso(end), "name": "audit"},
    }
    response = post(client_for(scheduler_user), f"/api/extras/jobs/{definition.pk}/run/", body)
    assert response.status_code == 201, response.json()
    schedule = ScheduledJob.objects.get()
    assert (schedule.commit, schedule.queue, schedule.description) == (False, "default", "weekly audit")
    assert (schedule.interval_minutes, schedule.end_time) == (60, end)
    assert response.json()["scheduled_job"]["dryrun"] is True


@pytest.mark.parametrize(
    "schedule", [None, {}, "", {"interval": "immediately"}, {"interval": "immediately", "name": "x"}]
)
def test_no_schedule_or_immediately_runs_now(client_for, runner, schedule):
    body = {"data": GOOD_DATA, "schedule": schedule}
    response = post(client_for(runner), VARS_RUN, body)  # runner may not schedule: running now needs no more
    assert response.status_code == 201, response.json()
    assert response.json()["scheduled_job"] is None
    assert response.json()["job_result"]["id"] == JobResult.objects.get().pk
    assert not ScheduledJob.objects.exists()


def test_the_netjobs_run_path_schedules_too(client_for, scheduler_user):
    body = {"schedule": {"interval": "daily", "start_time": iso(later(hours=3))}}
    response = post(client_for(scheduler_user), f"/api/jobs/definitions/{NO_VARS}/run/", body)
    assert response.status_code == 201, response.json()
    scheduled = response.json()["scheduled_job"]
    assert scheduled["url"].endswith(f"/api/extras/scheduled-jobs/{scheduled['id']}/")
    assert scheduled["name"].startswith("My job with no vars daily at")  # a name is made up
    assert response.json()["job_result"] is None


def test_a_multipart_run_takes_nautobots_flattened_schedule_fields(client_for, scheduler_user):
    start = later(hours=1)
    form = {
        "foo": "from a form",
        "bar": "5",
        "_schedule_name": "form schedule",
        "_schedule_interval": "future",
        "_schedule_start_time": iso(start),
        "_task_queue": "default",
    }
    response = client_for(scheduler_user).post(VARS_RUN, form, format="multipart")
    assert response.status_code == 201, response.json()
    schedule = ScheduledJob.objects.get()
    assert (schedule.name, schedule.start_time, schedule.queue) == ("form schedule", start, "default")
    assert schedule.data == {"foo": "from a form", "bar": 5}


START = "2031-05-04T03:02:01Z"


@pytest.mark.parametrize(
    ("schedule", "field", "fragment"),
    [
        ({"interval": "fortnightly"}, "interval", "not a valid choice"),
        ({"interval": "future"}, "start_time", "needs its start time"),
        ({"interval": "future", "start_time": "2001-01-01T00:00:00Z"}, "start_time", "never run"),
        ({"interval": "daily", "start_time": "yesterday-ish"}, "start_time", "Datetime has wrong format"),
        ({"interval": "daily", "start_time": "0001-01-01T00:00:00Z"}, "start_time", "between 1970"),
        ({"interval": "daily", "start_time": START, "end_time": "2031-05-04T00:00:00Z"}, "end_time", "after the start"),
        ({"interval": "custom", "crontab": "*/5 * *"}, "crontab", "five fields"),
        ({"interval": "custom"}, "crontab", "required"),
        ({"interval": "custom", "crontab": "0 0 31 2 *"}, "crontab", "never matches"),
        ({"interval": "every"}, "interval_minutes", "at least 1"),
        ({"interval": "every", "interval_minutes": 0}, "interval_minutes", "greater than or equal to 1"),
        ({"interval": "every", "interval_minutes": 10**12}, "interval_minutes", "less than or equal to"),
        ({"interval": "daily", "crontab": "* * * * *"}, "crontab", "Only crontab schedules"),
        ({"interval": "daily", "interval_minutes": 5}, "interval_minutes", "Only 'every N minutes'"),
        ({"interval": "daily", "colour": "blue"}, "colour", "Unknown field"),
        ({"start_time": START}, "interval", "Required with start_time"),
        ({"interval": "daily", "name": "x" * 300}, "name", "no more than 255"),
    ],
)
def test_a_bad_schedule_is_a_400_naming_the_field_and_creates_nothing(
    client_for, scheduler_user, schedule, field, fragment
):
    response = post(client_for(scheduler_user), VARS_RUN, {"data": GOOD_DATA, "schedule": schedule})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == ["schedule"], errors
    assert list(errors["schedule"]) == [field], errors
    assert fragment in " ".join(errors["schedule"][field]), errors
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"data": {"foo": "x"}, "schedule": {"interval": "daily"}},
            {"data": {"bar": ["This field is required."]}},
        ),
        (
            {"data": {"foo": "x", "bar": 1, "baz": 2}, "schedule": {"interval": "daily"}},
            {"data": {"baz": ["Unknown variable: this job has no input of that name."]}},
        ),
        (
            {"data": {"foo": "x", "bar": "12"}, "schedule": {"interval": "daily"}},
            {"data": {"bar": ["Expected integer, got str."]}},
        ),
        (
            {"data": GOOD_DATA, "ticket_ref": "CHG-1", "schedule": {"interval": "daily"}},
            {"ticket_ref": ["A schedule does not keep a ticket reference: leave it out."]},
        ),
        (
            {"data": GOOD_DATA, "schedule": "daily"},
            {"schedule": {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}},
        ),
    ],
)
def test_bad_input_of_a_scheduled_run_is_named_per_field(client_for, scheduler_user, body, errors):
    response = post(client_for(scheduler_user), VARS_RUN, body)
    assert response.status_code == 400, response.content
    assert response.json() == errors
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()


def test_a_taken_name_is_named(client_for, scheduler_user):
    make_schedule(name="nightly")
    response = post(
        client_for(scheduler_user), VARS_RUN, {"data": GOOD_DATA, "schedule": {"interval": "daily", "name": "nightly"}}
    )
    assert response.status_code == 400
    assert "name" in response.json()["schedule"]
    assert ScheduledJob.objects.count() == 1


def test_a_job_with_sensitive_input_cannot_be_scheduled_but_still_runs_now(client_for, scheduler_user):
    url = "/api/extras/jobs/local/api_cases/Sensitive/run/"
    data = {"username": "bob", "password": "hunter2"}
    response = post(client_for(scheduler_user), url, {"data": data, "schedule": {"interval": "daily"}})
    assert response.status_code == 400
    (reason,) = response.json()["schedule"]
    assert "sensitive input (password)" in reason and "hunter2" not in response.content.decode()
    assert not ScheduledJob.objects.exists()
    assert post(client_for(scheduler_user), url, {"data": data}).status_code == 201


def test_a_disabled_job_cannot_be_scheduled(client_for, scheduler_user, job):
    definition = job(VARS)
    definition.enabled = False
    definition.save()
    response = post(client_for(scheduler_user), VARS_RUN, {"data": GOOD_DATA, "schedule": {"interval": "daily"}})
    assert response.status_code == 400 and "disabled" in response.json()["job"][0]
    assert not ScheduledJob.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 401), ("nobody", 404), ("viewer", 403), ("runner", 403), ("scheduler_user", 201), ("superuser", 201)],
)
def test_who_may_schedule_a_run(request, client_for, who, expected):
    user = request.getfixturevalue(who) if who else None
    body = {"data": GOOD_DATA, "schedule": {"interval": "hourly", "start_time": iso(later(hours=1))}}
    response = post(client_for(user), VARS_RUN, body)
    assert response.status_code == expected, response.content
    assert ScheduledJob.objects.count() == (1 if expected == 201 else 0)
    assert not JobResult.objects.exists()


def test_the_schedule_permission_alone_does_not_run_anything(client_for, db):
    user = grant(
        User.objects.create_user("adder", password="pw"), "jobs.view_jobdefinition", "scheduling.add_scheduledjob"
    )
    response = post(client_for(user), VARS_RUN, {"data": GOOD_DATA, "schedule": {"interval": "daily"}})
    assert response.status_code == 403
    assert not ScheduledJob.objects.exists()


def test_a_read_only_token_cannot_schedule(client_for, scheduler_user):
    response = post(
        client_for(scheduler_user, write_enabled=False),
        VARS_RUN,
        {"data": GOOD_DATA, "schedule": {"interval": "daily"}},
    )
    assert response.status_code == 403
    assert not ScheduledJob.objects.exists()


def test_scheduling_a_group_limited_job_needs_the_group(client_for, scheduler_user, group, job):
    definition = job(VARS)
    definition.allowed_groups = [group.name]
    definition.save()
    body = {"data": GOOD_DATA, "schedule": {"interval": "daily"}}
    assert post(client_for(scheduler_user), VARS_RUN, body).status_code == 404
    scheduler_user.groups.add(group)
    assert post(client_for(scheduler_user), VARS_RUN, body).status_code == 201


# --- /api/extras/scheduled-jobs/: who sees and does what ---------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 401), ("nobody", 403), ("runner", 403), ("schedule_viewer", 200), ("superuser", 200)],
)
def test_who_may_list_schedules(request, client_for, who, expected):
    make_schedule(name="nightly")
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(LIST)
    assert response.status_code == expected, response.content
    if expected == 200:
        assert [s["name"] for s in response.json()["results"]] == ["nightly"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, 401), ("nobody", 404), ("runner", 404), ("schedule_viewer", 200), ("superuser", 200)],
)
def test_who_may_see_a_schedule_and_nobody_learns_whether_one_exists(request, client_for, who, expected):
    schedule = make_schedule(name="nightly")
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    assert client.get(f"{LIST}{schedule.pk}/").status_code == expected
    missing = client.get(f"{LIST}{schedule.pk + 1000}/").status_code
    assert missing == (expected if expected in (401, 404) else 404)


@pytest.mark.parametrize(
    ("who", "create", "edit", "delete"),
    [
        (None, 401, 401, 401),
        ("nobody", 403, 404, 404),
        ("schedule_viewer", 403, 403, 403),
        ("scheduler_user", 201, 403, 403),
        ("schedule_manager", 201, 200, 204),
        ("superuser", 201, 200, 204),
    ],
)
def test_who_may_create_edit_and_delete_schedules(request, client_for, who, create, edit, delete):
    schedule = make_schedule(name="nightly")
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    body = {"job": VARS, "interval": "daily", "data": GOOD_DATA, "name": "made over the API"}
    assert post(client, LIST, body).status_code == create
    assert patch(client, f"{LIST}{schedule.pk}/", {"description": "edited"}).status_code == edit
    assert client.delete(f"{LIST}{schedule.pk}/").status_code == delete
    assert ScheduledJob.objects.filter(name="made over the API").exists() == (create == 201)
    assert ScheduledJob.objects.filter(pk=schedule.pk).exists() == (delete != 204)


def test_creating_a_schedule_needs_the_permission_to_run_its_job(client_for, db):
    user = grant(
        User.objects.create_user("clerk", password="pw"),
        "jobs.view_jobdefinition",
        "scheduling.add_scheduledjob",
        "scheduling.view_scheduledjob",
    )
    response = post(client_for(user), LIST, {"job": VARS, "interval": "daily", "data": GOOD_DATA})
    assert response.status_code == 403 and "run" in response.json()["detail"]
    assert not ScheduledJob.objects.exists()


def test_schedules_of_a_group_limited_job_do_not_exist_for_outsiders(client_for, schedule_manager, group, job):
    definition = job(VARS)
    hidden = make_schedule(name="hidden")
    shown = make_schedule(NO_VARS, name="shown")
    definition.allowed_groups = [group.name]
    definition.save()
    client = client_for(schedule_manager)
    assert [s["name"] for s in client.get(LIST).json()["results"]] == ["shown"]
    assert client.get(f"{LIST}{hidden.pk}/").status_code == 404
    assert patch(client, f"{LIST}{hidden.pk}/", {"enabled": False}).status_code == 404
    assert client.delete(f"{LIST}{hidden.pk}/").status_code == 404
    response = post(client, LIST, {"job": definition.pk, "interval": "daily", "data": GOOD_DATA})
    assert response.status_code == 400
    assert response.json() == {"job": [f"No job matches {definition.pk!r}."]}  # as if it did not exist
    assert client.get(f"{LIST}{shown.pk}/").status_code == 200
    schedule_manager.groups.add(group)
    assert client.get(f"{LIST}{hidden.pk}/").status_code == 200


# --- list, filters, detail ------------------------------------------------------------------------------------
def test_list_filters_by_job_enabled_interval_and_text(client_for, superuser, job):
    nightly = make_schedule(name="nightly backup", interval_type=IntervalType.DAILY)
    cron = make_schedule(name="cron poll", interval_type=IntervalType.CRONTAB, crontab="*/5 * * * *")
    every = make_schedule(NO_VARS, name="every ten", interval_type=IntervalType.MINUTES, interval_minutes=10)
    off = make_schedule(NO_VARS, name="switched off", interval_type=IntervalType.HOURLY, enabled=False)
    client = client_for(superuser)

    def names(**params: Any) -> list[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200, response.content
        return [s["name"] for s in response.json()["results"]]

    assert names() == ["cron poll", "every ten", "nightly backup", "switched off"]  # by name
    assert names(job=VARS) == ["cron poll", "nightly backup"]
    assert names(job=str(job(NO_VARS).pk)) == ["every ten", "switched off"]
    assert names(job_model="My job with vars") == ["cron poll", "nightly backup"]
    assert names(job_id=job(VARS).pk) == ["cron poll", "nightly backup"]
    assert names(enabled="false") == ["switched off"]
    assert names(enabled="true", interval="custom") == ["cron poll"]
    assert names(interval="crontab,every") == ["cron poll", "every ten"]
    assert names(interval_type="daily") == ["nightly backup"]
    assert names(q="BACKUP") == ["nightly backup"]
    assert names(q="*/5") == ["cron poll"]
    assert names(ordering="-name") == ["switched off", "nightly backup", "every ten", "cron poll"]
    assert names(id=f"{nightly.pk},{off.pk}") == ["nightly backup", "switched off"]
    assert names(job="local/nowhere/Nothing") == []
    assert every.pk and cron.pk


def test_pagination_and_brief(client_for, superuser):
    for n in range(5):
        make_schedule(name=f"s{n}")
    client = client_for(superuser)
    page = client.get(LIST, {"limit": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"] and page["previous"] is None
    brief = client.get(LIST, {"brief": "true", "limit": 1}).json()["results"][0]
    assert set(brief) == {"id", "url", "display", "name", "interval_type", "next_run"}


def test_a_schedules_detail_shows_timing_user_input_and_state(client_for, superuser, scheduler_user):
    start = later(hours=5)
    schedule = make_schedule(
        name="detail",
        interval_type=IntervalType.CRONTAB,
        crontab="0 2 * * *",
        start_time=start,
        user=scheduler_user,
        description="nightly check",
        commit=False,
    )
    detail = client_for(superuser).get(f"{LIST}{schedule.pk}/").json()
    assert detail["interval"] == {"value": "custom", "label": "Recurring custom"}
    assert (detail["interval_type"], detail["crontab"], detail["summary"]) == ("crontab", "0 2 * * *", "cron 0 2 * * *")
    assert detail["user"] == {"id": scheduler_user.pk, "username": "planner", "display": "planner"}
    assert detail["data"] == GOOD_DATA and detail["dryrun"] is True and detail["commit"] is False
    assert detail["job_model"] == detail["job"] and detail["job"]["class_path"] == VARS
    assert (detail["run_count"], detail["total_run_count"], detail["last_result"], detail["last_run"]) == (
        0,
        0,
        None,
        None,
    )
    assert detail["enabled"] is True and detail["system_job"] is False and detail["one_off"] is False
    assert parse(detail["next_run"]) >= start
    assert detail["description"] == "nightly check" and detail["display"] == "detail"


# --- create -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reference",
    [
        {"job": VARS},
        {"job": "My job with vars"},
        {"job": {"class_path": VARS}},
        {"task": VARS},
        {"job": VARS, "task": VARS},
    ],
)
def test_create_names_the_job_by_class_path_name_or_object(client_for, schedule_manager, reference):
    body = {**reference, "interval": "every", "interval_minutes": 30, "data": GOOD_DATA, "name": "half-hourly"}
    response = post(client_for(schedule_manager), LIST, body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["job"]["class_path"] == VARS and created["interval"]["value"] == "every"
    assert created["url"].endswith(f"{LIST}{created['id']}/")
    schedule = ScheduledJob.objects.get()
    assert (schedule.interval_minutes, schedule.user_id, schedule.created_by) == (30, schedule_manager.pk, "manager")


def test_create_by_id_with_every_field(client_for, schedule_manager, job):
    definition = job(VARS)
    start, end = later(hours=1), later(days=7)
    body = {
        "job_model": {"id": definition.pk},
        "name": "full",
        "description": "all of it",
        "interval": "weekly",
        "start_time": iso(start),
        "end_time": iso(end),
        "enabled": False,
        "data": {"foo": "y", "bar": 2},
        "dryrun": True,
        "queue": "default",
    }
    response = post(client_for(schedule_manager), LIST, body)
    assert response.status_code == 201, response.json()
    schedule = ScheduledJob.objects.get()
    assert (schedule.name, schedule.description, schedule.interval_type) == ("full", "all of it", "weekly")
    assert (schedule.start_time, schedule.end_time, schedule.enabled, schedule.next_run) == (start, end, False, None)
    assert (schedule.data, schedule.commit, schedule.queue) == ({"foo": "y", "bar": 2}, False, "default")


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"interval": "daily"}, {"job": ["Name the job to schedule: its id or class path."]}),
        ({"job": "local/nowhere/Nothing", "interval": "daily"}, {"job": ["No job matches 'local/nowhere/Nothing'."]}),
        ({"job": 999999, "interval": "daily"}, {"job": ["No job matches 999999."]}),
        (
            {"job": True, "interval": "daily"},
            {"job": ["Expected a job id, class path or name, or an object with one of them."]},
        ),
        ({"job": VARS}, {"interval": ["This field is required."]}),
        ({"job": VARS, "interval": "immediately", "data": GOOD_DATA}, None),
        (
            {"job": VARS, "interval": "future", "data": GOOD_DATA},
            {"start_time": ["A run in the future needs its start time."]},
        ),
        ({"job": VARS, "interval": "custom", "crontab": "61 * * * *", "data": GOOD_DATA}, None),
        ({"job": VARS, "interval": "daily", "data": {"foo": "x"}}, {"data": {"bar": ["This field is required."]}}),
        (
            {"job": VARS, "interval": "daily", "data": {"foo": 1, "bar": 1}},
            {"data": {"foo": ["Expected string, got int."]}},
        ),
        (
            {"job": VARS, "interval": "daily", "data": [1]},
            {"data": ["Expected an object mapping variable names to values."]},
        ),
        ({"job": VARS, "interval": "daily", "data": GOOD_DATA, "queue": "nowhere"}, None),
        (
            {"job": VARS, "interval": "daily", "data": GOOD_DATA, "commit": True, "dryrun": True},
            {"dryrun": ["Contradicts 'commit': give one of them."]},
        ),
        ({"job": VARS, "task": NO_VARS, "interval": "daily", "data": GOOD_DATA}, None),
        (
            {"job": VARS, "interval": "daily", "data": GOOD_DATA, "next_run": "2030-01-01T00:00:00Z"},
            {"next_run": ["Unknown field."]},
        ),
        ({"job": "local/api_cases/Sensitive", "interval": "daily", "data": {"username": "u", "password": "p"}}, None),
    ],
)
def test_bad_create_bodies_are_400s_naming_each_field(client_for, schedule_manager, body, errors):
    response = post(client_for(schedule_manager), LIST, body)
    assert response.status_code == 400, response.content
    if errors is not None:
        assert response.json() == errors
    else:
        assert set(response.json()) <= {"interval", "crontab", "queue", "task", "job"}, response.json()
    assert not ScheduledJob.objects.exists()


def test_a_sensitive_job_is_refused_on_the_job_field(client_for, schedule_manager):
    body = {"job": "local/api_cases/Sensitive", "interval": "daily", "data": {"username": "u", "password": "p"}}
    response = post(client_for(schedule_manager), LIST, body)
    assert "sensitive input (password)" in response.json()["job"][0]


def test_a_non_object_body_is_a_400(client_for, schedule_manager):
    response = post(client_for(schedule_manager), LIST, [1, 2])
    assert response.status_code == 400
    response = client_for(schedule_manager).post(LIST, '{"job": ', content_type="application/json")
    assert response.status_code == 400


# --- edit and delete ----------------------------------------------------------------------------------------------
def test_disabling_and_enabling_lays_the_next_run_from_now(client_for, schedule_manager):
    schedule = make_schedule(
        name="toggle", interval_type=IntervalType.MINUTES, interval_minutes=10, start_time=later(minutes=-55)
    )
    url = f"{LIST}{schedule.pk}/"
    client = client_for(schedule_manager)
    off = patch(client, url, {"enabled": False})
    assert off.status_code == 200, off.json()
    assert (off.json()["enabled"], off.json()["next_run"]) == (False, None)
    on = patch(client, url, {"enabled": True})
    assert on.status_code == 200
    next_run = parse(on.json()["next_run"])
    assert timezone.now() - dt.timedelta(seconds=10) <= next_run <= timezone.now() + dt.timedelta(minutes=10)


def test_renaming_and_describing(client_for, schedule_manager):
    schedule = make_schedule(name="old")
    make_schedule(name="taken")
    url = f"{LIST}{schedule.pk}/"
    client = client_for(schedule_manager)
    response = patch(client, url, {"name": "new", "description": "renamed"})
    assert response.status_code == 200 and response.json()["name"] == "new"
    assert patch(client, url, {"name": "taken"}).json() == {"name": ["Scheduled job with this Name already exists."]}
    assert patch(client, url, {"name": "  "}).json() == {"name": ["This field may not be blank."]}
    schedule.refresh_from_db()
    assert (schedule.name, schedule.description) == ("new", "renamed")


def test_changing_the_timing_follows_the_models_rules(client_for, schedule_manager):
    schedule = make_schedule(name="retimed", interval_type=IntervalType.CRONTAB, crontab="*/5 * * * *")
    url = f"{LIST}{schedule.pk}/"
    client = client_for(schedule_manager)
    response = patch(client, url, {"crontab": "0 3 * * 1"})
    assert response.status_code == 200 and response.json()["crontab"] == "0 3 * * 1"
    assert (
        patch(client, url, {"crontab": "0 3 *"})
        .json()["crontab"][0]
        .endswith("five fields: minute hour day-of-month month day-of-week.")
    )
    assert "never matches" in patch(client, url, {"crontab": "0 0 30 2 *"}).json()["crontab"][0]
    # Another kind: the crontab is dropped unless given again.
    response = patch(client, url, {"interval": "every", "interval_minutes": 20})
    assert response.status_code == 200, response.json()
    assert (response.json()["interval_type"], response.json()["crontab"], response.json()["interval_minutes"]) == (
        "minutes",
        "",
        20,
    )
    assert "interval_minutes" in patch(client, url, {"interval": "hourly", "interval_minutes": 5}).json()
    assert "interval_minutes" in patch(client, url, {"interval_minutes": None}).json()
    assert patch(client, url, {"interval": "immediately"}).status_code == 400
    assert "end_time" in patch(client, url, {"end_time": iso(later(days=-400))}).json()
    assert "start_time" in patch(client, url, {"start_time": None}).json()
    schedule.refresh_from_db()
    assert (schedule.interval_type, schedule.interval_minutes) == ("minutes", 20)


def test_a_finished_one_off_cannot_be_re_enabled_in_the_past(client_for, schedule_manager):
    schedule = make_schedule(name="once", interval_type=IntervalType.ONCE, start_time=later(minutes=1))
    ScheduledJob.objects.filter(pk=schedule.pk).update(start_time=later(hours=-1), enabled=False, next_run=None)
    url = f"{LIST}{schedule.pk}/"
    client = client_for(schedule_manager)
    response = patch(client, url, {"enabled": True})
    assert response.status_code == 400 and "never run" in response.json()["start_time"][0]
    start = later(hours=2)
    response = patch(client, url, {"enabled": True, "start_time": iso(start)})
    assert response.status_code == 200 and parse(response.json()["next_run"]) == start


def test_what_a_schedule_keeps_for_life_cannot_be_edited(client_for, schedule_manager):
    schedule = make_schedule(name="fixed")
    response = patch(
        client_for(schedule_manager), f"{LIST}{schedule.pk}/", {"data": {"foo": "z"}, "job": NO_VARS, "colour": 1}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"data", "job"}
    assert "create a new one" in response.json()["data"][0]


def test_a_schedule_whose_input_no_longer_validates_can_be_disabled_but_not_left_enabled(client_for, schedule_manager):
    schedule = make_schedule(name="stale")
    ScheduledJob.objects.filter(pk=schedule.pk).update(data={"foo": "x", "bar": "many"})
    url = f"{LIST}{schedule.pk}/"
    client = client_for(schedule_manager)
    response = patch(client, url, {"description": "still enabled"})
    assert response.status_code == 400 and response.json()["data"][0].startswith("bar:")
    assert patch(client, url, {"enabled": False, "description": "parked"}).status_code == 200


def test_a_system_jobs_schedule_follows_its_setting(client_for, superuser, job):
    definition = job(NO_VARS)
    system = ScheduledJob(
        name="System: x", job=definition, interval_type=IntervalType.MINUTES, interval_minutes=60, system_job=True
    )
    system.save()
    url = f"{LIST}{system.pk}/"
    client = client_for(superuser)
    assert "interval_minutes" in patch(client, url, {"interval_minutes": 5}).json()
    assert patch(client, url, {"enabled": False}).status_code == 200
    response = client.delete(url)
    assert response.status_code == 409 and "re-created" in response.json()["detail"]
    assert client.get(LIST, {"system_job": "true"}).json()["count"] == 1


def test_delete_removes_the_schedule(client_for, schedule_manager):
    schedule = make_schedule(name="doomed")
    client = client_for(schedule_manager)
    assert client.delete(f"{LIST}{schedule.pk}/").status_code == 204
    assert not ScheduledJob.objects.exists()
    assert client.delete(f"{LIST}{schedule.pk}/").status_code == 404


def test_put_is_not_offered(client_for, superuser):
    schedule = make_schedule(name="whole")
    response = client_for(superuser).put(
        f"{LIST}{schedule.pk}/", json.dumps({"name": "x"}), content_type="application/json"
    )
    assert response.status_code == 405


# --- a schedule made over the API fires ------------------------------------------------------------------------
def test_a_future_run_scheduled_over_the_api_fires_once_in_the_scheduler(client_for, scheduler_user, superuser):
    start = later(hours=1)
    body = {
        "data": {"foo": "scheduled", "bar": 42},
        "commit": False,
        "schedule": {"name": "fire me", "interval": "future", "start_time": iso(start)},
    }
    response = post(client_for(scheduler_user), VARS_RUN, body)
    assert response.status_code == 201, response.json()
    schedule_id = response.json()["scheduled_job"]["id"]

    clock = Clock(start - dt.timedelta(minutes=1))
    scheduler = Scheduler(clock=clock)
    assert scheduler.tick() == []  # not due yet
    clock.now = start + dt.timedelta(seconds=30)
    (outcome,) = scheduler.tick()
    assert outcome.schedule_id == schedule_id and outcome.result_id is not None and not outcome.error
    clock.now = start + dt.timedelta(hours=5)
    assert scheduler.tick() == []  # a one-off fires once

    result = JobResult.objects.get()
    assert result.pk == outcome.result_id
    assert result.job_class_path == VARS and result.status == "pending"
    assert result.task_kwargs == {"foo": "scheduled", "bar": 42} and result.commit is False
    assert (result.user_id, result.user_name, result.scheduled_by) == (scheduler_user.pk, "planner", "planner")
    assert result.scheduled_job_id == schedule_id

    client = client_for(superuser)
    detail = client.get(f"{LIST}{schedule_id}/").json()
    assert (detail["run_count"], detail["enabled"], detail["next_run"]) == (1, False, None)
    assert detail["last_result"]["id"] == result.pk
    assert detail["last_result"]["url"].endswith(f"/api/extras/job-results/{result.pk}/")
    run = client.get(f"/api/extras/job-results/{result.pk}/").json()
    assert run["scheduled_job"]["id"] == schedule_id
    assert run["scheduled_job"]["url"].endswith(f"{LIST}{schedule_id}/")


def test_a_recurring_schedule_created_on_the_collection_fires_on_its_grid(client_for, schedule_manager):
    start = later(minutes=10)
    body = {"job": NO_VARS, "interval": "every", "interval_minutes": 5, "start_time": iso(start), "name": "grid"}
    response = post(client_for(schedule_manager), LIST, body)
    assert response.status_code == 201, response.json()
    clock = Clock(start)
    scheduler = Scheduler(clock=clock)
    fired = []
    for minute in range(0, 16):
        clock.now = start + dt.timedelta(minutes=minute, seconds=1)
        fired += [clock.now for outcome in scheduler.tick() if outcome.result_id is not None]
    assert [round((t - start).total_seconds() / 60) for t in fired] == [0, 5, 10, 15]
    results = JobResult.objects.order_by("id")
    assert [r.scheduled_job_id for r in results] == [response.json()["id"]] * 4
    assert all(r.user_id == schedule_manager.pk for r in results)
    assert ScheduledJob.objects.get().run_count == 4


# --- a real client -------------------------------------------------------------------------------------------
@committing
def test_pynautobot_schedules_lists_edits_and_deletes(live_server, schedule_manager):
    api = pynautobot.api(live_server.url, token=token_for(schedule_manager))
    job = api.extras.jobs.get(name="My job with vars")
    start = later(hours=4)
    response = api.extras.jobs.run(
        job_id=job.id,
        data=GOOD_DATA,
        schedule={"name": "via pynautobot", "interval": "daily", "start_time": iso(start)},
    )
    assert response.job_result is None
    assert response.scheduled_job.name == "via pynautobot"
    assert str(response.scheduled_job.interval) == "Recurring daily"  # pynautobot shows a choice by its label
    assert response.scheduled_job.interval.value == "daily"
    listed = api.extras.scheduled_jobs.all()
    assert [s.name for s in listed] == ["via pynautobot"]
    schedule = api.extras.scheduled_jobs.get(response.scheduled_job.id)
    assert parse(schedule.next_run) == start and schedule.task == VARS
    assert [s.id for s in api.extras.scheduled_jobs.filter(job_model_id=job.id, enabled=True)] == [schedule.id]
    assert schedule.update({"enabled": False})
    assert api.extras.scheduled_jobs.get(schedule.id).enabled is False
    assert schedule.delete()
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()
