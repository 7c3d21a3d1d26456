"""The admin pages of webhooks, subscriptions and deliveries; the secret is write-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from netjobs.events.choices import DeliveryStatus, WebhookEvent
from netjobs.events.models import EmailDelivery, RunNotification, Webhook, WebhookDelivery
from netjobs.events.payloads import ping_payload

pytestmark = [pytest.mark.django_db(databases=["default", "jobs"]), pytest.mark.urls("netjobs.events.tests.urls")]

SECRET = "do-not-show-me-9f8e7d"
TOKEN_URL = "https://hooks.slack.com/services/T000/B000/tokentokentoken"


@pytest.fixture
def webhook() -> Webhook:
    webhook = Webhook(name="slack", url=TOKEN_URL, events=["log_entry"])
    webhook.set_secret(SECRET)
    webhook.save()
    return webhook


def test_every_events_model_is_registered():
    assert {Webhook, WebhookDelivery, RunNotification, EmailDelivery} <= set(admin.site._registry)


@pytest.mark.parametrize("model", [Webhook, WebhookDelivery, RunNotification, EmailDelivery])
def test_every_list_renders(admin_client, webhook, model):
    WebhookDelivery.objects.create(webhook=webhook, event=WebhookEvent.PING, payload=ping_payload("slack"))
    RunNotification.objects.create(name="noc", emails=["noc@example.com"])
    EmailDelivery.objects.create(notification=RunNotification.objects.get(), job_result_id=1)

    url = reverse(f"admin:events_{model._meta.model_name}_changelist")
    response = admin_client.get(url)

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "tokentokentoken" not in response.content.decode()


def test_the_change_form_never_shows_the_secret(admin_client, webhook):
    response = admin_client.get(reverse("admin:events_webhook_change", args=[webhook.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in html
    assert "Current: set (hidden)" in html


def test_the_add_form_stores_the_secret_encrypted_and_parses_lists(admin_client):
    response = admin_client.post(
        reverse("admin:events_webhook_add"),
        {
            "name": "pager",
            "enabled": "on",
            "url": "https://relay.example.com/pagerduty",
            "events": ["run_finished", "log_entry"],
            "min_log_level": "warning",
            "jobs": "local/contracts/*\n12",
            "http_headers": '{"X-Route": "noc"}',
            "secret": SECRET,
            "ssl_verify": "on",
            "timeout_s": "5",
            "max_attempts": "4",
            "max_log_events_per_run": "100",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    webhook = Webhook.objects.get(name="pager")
    assert webhook.events == ["run_finished", "log_entry"]
    assert webhook.jobs == ["local/contracts/*", 12]
    assert webhook.http_headers == {"X-Route": "noc"}
    assert SECRET.encode() not in bytes(webhook.secret_encrypted)
    assert webhook.signing_key() == SECRET.encode()


def test_saving_without_a_new_secret_keeps_the_old_one_and_clear_removes_it(admin_client, webhook):
    form = {
        "name": "slack",
        "enabled": "on",
        "url": TOKEN_URL,
        "events": ["log_entry"],
        "min_log_level": "info",
        "jobs": "",
        "http_headers": "{}",
        "secret": "",
        "ssl_verify": "on",
        "timeout_s": "10",
        "max_attempts": "5",
        "max_log_events_per_run": "100",
    }
    url = reverse("admin:events_webhook_change", args=[webhook.pk])

    assert admin_client.post(url, form).status_code == 302
    webhook.refresh_from_db()
    assert webhook.min_log_level == "info"
    assert webhook.signing_key() == SECRET.encode()

    assert admin_client.post(url, {**form, "clear_secret": "on"}).status_code == 302
    webhook.refresh_from_db()
    assert webhook.signing_key() is None


def test_reserved_headers_are_refused(admin_client):
    response = admin_client.post(
        reverse("admin:events_webhook_add"),
        {
            "name": "bad",
            "url": "https://example.com/hook",
            "events": ["run_finished"],
            "min_log_level": "warning",
            "http_headers": '{"X-Netjobs-Signature": "forged"}',
            "timeout_s": "5",
            "max_attempts": "4",
            "max_log_events_per_run": "100",
        },
    )

    assert response.status_code == 200
    assert "is set by netjobs" in response.content.decode()
    assert not Webhook.objects.filter(name="bad").exists()


def test_retry_now_requeues_failed_deliveries(admin_client, webhook):
    failed = WebhookDelivery.objects.create(
        webhook=webhook, event=WebhookEvent.PING, payload={}, status=DeliveryStatus.FAILED, attempts=5
    )

    response = admin_client.post(
        reverse("admin:events_webhookdelivery_changelist"),
        {"action": "retry_now", "_selected_action": [failed.pk]},
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)


def test_send_test_event_queues_a_ping(admin_client, webhook):
    admin_client.post(
        reverse("admin:events_webhook_changelist"), {"action": "send_test_event", "_selected_action": [webhook.pk]}
    )

    assert WebhookDelivery.objects.get().event == WebhookEvent.PING
