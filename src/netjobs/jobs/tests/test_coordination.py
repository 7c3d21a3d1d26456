"""Named locks, progress, approvals, cancellation and chaining."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied

from netjobs.core.models import Tag
from netjobs.jobs import actions, locks
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobLock, JobResult
from netjobs.jobs.runner import claim, execute, run_claimed
from netjobs.jobs.submit import submit
from netjobs.jobs.tests.support import runs_jobs

pytestmark = runs_jobs


def test_a_run_takes_its_named_locks_and_releases_them_when_it_ends(jobs_root):
    result = submit("local/coordination/HoldsDevicesLock")
    claimed = claim(result.pk, "w1")
    assert list(JobLock.objects.values_list("name", "job_result_id")) == [("devices", result.pk)]
    run_claimed(claimed)
    assert not JobLock.objects.exists()
    assert JobResult.objects.get(pk=result.pk).status == JobResultStatus.COMPLETED


def test_a_run_that_does_not_wait_fails_fast_naming_the_lock_holder(jobs_root):
    holder = claim(submit("local/coordination/HoldsDevicesLock").pk, "w1")
    second = submit("local/coordination/HoldsDevicesLock")
    assert claim(second.pk, "w2") is None
    second.refresh_from_db()
    assert second.status == JobResultStatus.ERRORED
    assert second.error == f"lock devices is held by run {holder.pk}"
    assert second.logs.get().message == f"Lock devices is held by run {holder.pk}"


def test_a_run_that_waits_stays_pending_without_a_worker_until_the_lock_is_free(jobs_root):
    holder = claim(submit("local/coordination/HoldsDevicesLock").pk, "w1")
    waiting = submit("local/coordination/WaitsForDevicesLock")
    assert claim(waiting.pk, "w2") is None
    waiting.refresh_from_db()
    assert waiting.status == JobResultStatus.PENDING
    run_claimed(holder)
    assert execute(waiting.pk).status == JobResultStatus.COMPLETED


def test_locks_of_runs_that_are_no_longer_running_are_released_by_the_reaper(jobs_root):
    holder = claim(submit("local/coordination/HoldsDevicesLock").pk, "w1")
    JobResult.mark_lost(JobResult.objects.filter(pk=holder.pk), "worker lost")
    assert locks.release_orphans() == 1
    assert not JobLock.objects.exists()


def test_clearing_a_lock_by_hand_lets_the_next_run_take_it(jobs_root):
    claim(submit("local/coordination/HoldsDevicesLock").pk, "w1")
    assert locks.clear("devices") is True
    assert locks.clear("devices") is False
    assert claim(submit("local/coordination/HoldsDevicesLock").pk, "w2") is not None


def test_progress_and_finished_items_are_persisted(jobs_root):
    result = execute(submit("local/coordination/CountsItems", {"count": 5}).pk)
    result.refresh_from_db()
    assert (result.progress_done, result.progress_total) == (5, 5)
    assert result.finished_items == [f"device{i}" for i in range(5)]
    assert result.item_results["device3"] == {"failed": True, "result": {"n": 3}}


def test_progress_is_written_in_bounded_updates_not_per_item(jobs_root, django_assert_max_num_queries):
    result = submit("local/coordination/CountsItems", {"count": 2000})
    claimed = claim(result.pk, "w1")
    # Thousands of items; the whole run (claim excluded) stays within a handful of bookkeeping statements.
    with django_assert_max_num_queries(40, using="jobs"):
        run_claimed(claimed)
    claimed.refresh_from_db()
    assert claimed.progress_done == 2000 and len(claimed.finished_items) == 2000


@pytest.fixture
def approver(db):
    user = User.objects.create_user("approver")
    user.user_permissions.add(Permission.objects.get(codename="approve_job"))
    return User.objects.get(pk=user.pk)


def test_a_job_needing_approval_waits_and_runs_once_another_user_approves(jobs_root, approver):
    requester = User.objects.create_user("requester")
    result = submit("local/coordination/NeedsApproval", user=requester, commit=True)
    assert result.status == JobResultStatus.APPROVAL_REQUIRED
    assert claim(result.pk, "w1") is None  # not runnable yet
    with pytest.raises(PermissionDenied):
        actions.approve(result, requester)
    actions.approve(result, approver)
    assert execute(result.pk).status == JobResultStatus.COMPLETED
    assert Tag.objects.filter(name="approved-run").exists()


def test_the_requester_cannot_approve_their_own_run_even_with_the_permission(jobs_root, approver):
    result = submit("local/coordination/NeedsApproval", user=approver)
    with pytest.raises(PermissionDenied, match="requested"):
        actions.approve(result, approver)


def test_a_denied_run_ends_cancelled_and_never_runs(jobs_root, approver):
    result = submit("local/coordination/NeedsApproval")
    actions.deny(result, approver, "not during the freeze")
    result.refresh_from_db()
    assert result.status == JobResultStatus.CANCELLED
    assert result.cancel_reason == "not during the freeze"
    assert execute(result.pk) is None


def test_cancelling_a_queued_run_records_who_and_why(jobs_root):
    user = User.objects.create_superuser("boss")
    result = actions.cancel(submit("local/coordination/CountsItems"), user, "wrong input")
    assert (result.status, result.cancelled_by, result.cancel_reason) == ("cancelled", "boss", "wrong input")
    assert execute(result.pk) is None


def test_cancelling_a_running_run_asks_it_to_stop(jobs_root):
    user = User.objects.create_superuser("boss")
    claimed = claim(submit("local/coordination/CountsItems").pk, "w1")
    actions.cancel(claimed, user)
    claimed.refresh_from_db()
    assert claimed.status == JobResultStatus.RUNNING and claimed.cancel_requested


def test_a_completed_run_starts_its_next_job_with_its_result_available(jobs_root):
    first = execute(submit("local/coordination/First").pk)
    first.refresh_from_db()
    second = JobResult.objects.get(parent_result=first)
    assert first.next_result_id == second.pk
    assert execute(second.pk).result == {"got": "hello from first", "parent_returned": {"first": True}}


def test_an_anonymous_user_cannot_cancel_a_run_that_has_no_user(jobs_root):
    from django.contrib.auth.models import AnonymousUser

    result = submit("local/coordination/CountsItems")
    with pytest.raises(PermissionDenied):
        actions.cancel(result, AnonymousUser())
    result.refresh_from_db()
    assert result.status == JobResultStatus.PENDING
