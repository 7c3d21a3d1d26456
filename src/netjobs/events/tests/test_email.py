"""E-mail notifications of a run's outcome, sent through Django's mail backend (locmem in tests)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from netjobs.events.choices import DeliveryStatus, NotifyWhen
from netjobs.events.delivery import deliver_due
from netjobs.events.models import EmailDelivery, RunNotification
from netjobs.jobs.tests.support import runs_jobs

pytestmark = runs_jobs


def _subscribe(name: str = "neteng", **fields) -> RunNotification:
    fields.setdefault("emails", ["neteng@example.com"])
    notification = RunNotification(name=name, **fields)
    notification.full_clean()
    notification.save()
    return notification


def test_a_failed_run_is_mailed_with_its_warning_and_failure_lines(run_job, mailoutbox):
    _subscribe(when=NotifyWhen.FAILURE)

    result = run_job("Fails")
    assert deliver_due()["delivered"] == 1

    (message,) = mailoutbox
    assert message.to == ["neteng@example.com"]
    assert message.subject == f"[netjobs] Fails: run {result.pk} failed (1 failure, 1 warning)"
    assert "Status:     Failed" in message.body
    assert "FAILURE  run: Device rtr-1 is unreachable" in message.body
    assert "WARNING  run: retrying the device once" in message.body
    assert "local/notifying/Fails" in message.body
    delivery = EmailDelivery.objects.get()
    assert (delivery.status, delivery.recipients, delivery.job_result_id) == (
        DeliveryStatus.DELIVERED,
        ["neteng@example.com"],
        result.pk,
    )


def test_only_on_failure_skips_successful_runs(run_job, mailoutbox):
    _subscribe(when=NotifyWhen.FAILURE)

    run_job("Quiet")
    run_job("Chatty")
    deliver_due()

    assert mailoutbox == []
    assert not EmailDelivery.objects.exists()


def test_problems_include_successful_runs_that_logged_warnings(run_job, mailoutbox):
    _subscribe(when=NotifyWhen.PROBLEMS)

    run_job("Quiet")
    chatty = run_job("Chatty")
    deliver_due()

    (message,) = mailoutbox
    assert f"run {chatty.pk} completed (2 warning)" in message.subject
    assert "Contract C-1 expires in 10 days" in message.body
    assert "an info line" not in message.body


def test_always_mails_every_run_and_users_and_the_run_user_get_it_at_their_address(run_job, mailoutbox):
    users = get_user_model().objects
    alice = users.create_user("alice", email="alice@example.com")
    users.create_user("bob", email="bob@example.com")
    users.create_user("carol", email="")  # no address: skipped
    _subscribe(
        when=NotifyWhen.ALWAYS,
        emails=["noc@example.com", "bob@example.com"],
        usernames=["bob", "carol"],
        notify_run_user=True,
        jobs=["local/notifying/Quiet"],
    )

    run_job("Quiet", user=alice)
    run_job("Chatty", user=alice)  # filtered out
    deliver_due()

    (message,) = mailoutbox
    assert sorted(message.to) == ["alice@example.com", "bob@example.com", "noc@example.com"]
    assert "Started by: alice" in message.body


def test_a_disabled_subscription_sends_nothing(run_job, mailoutbox):
    _subscribe(when=NotifyWhen.ALWAYS, enabled=False)

    run_job("Fails")
    deliver_due()

    assert mailoutbox == []


def test_a_mail_without_any_recipient_address_fails_without_retrying(run_job, mailoutbox):
    get_user_model().objects.create_user("carol", email="")
    _subscribe(when=NotifyWhen.ALWAYS, emails=[], usernames=["carol"])

    run_job("Quiet")
    deliver_due()

    delivery = EmailDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "no recipients" in delivery.last_error
    assert mailoutbox == []


def test_a_mail_server_error_is_retried(run_job, mailoutbox, settings):
    _subscribe(when=NotifyWhen.ALWAYS)
    run_job("Quiet")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1

    deliver_due()

    delivery = EmailDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error


def test_a_subscription_needs_a_recipient_and_valid_addresses():
    with pytest.raises(ValidationError, match="at least one"):
        RunNotification(name="nobody").full_clean()
    with pytest.raises(ValidationError, match="not an e-mail address"):
        RunNotification(name="bad", emails=["not-an-address"]).full_clean()
