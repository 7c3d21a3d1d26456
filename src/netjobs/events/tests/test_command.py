"""`netjobs webhooks list|deliveries|deliver|test`."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from netjobs.events.choices import DeliveryStatus, WebhookEvent
from netjobs.events.models import WebhookDelivery
from netjobs.events.payloads import ping_payload
from netjobs.jobs.tests.support import both_databases

pytestmark = both_databases


def test_list_shows_webhooks_without_their_secret_or_url_path(make_webhook, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    make_webhook("slack", url="https://hooks.slack.com/services/T0/B0/tokentoken", secret="hide-me", jobs=["local/x/*"])

    call_command("webhooks", "list")
    out = capsys.readouterr().out
    call_command("webhooks", "list", "--json")
    (row,) = json.loads(capsys.readouterr().out)

    assert "slack" in out and "hooks.slack.com" in out and "local/x/*" in out
    for text in (out, json.dumps(row)):
        assert "hide-me" not in text
        assert "tokentoken" not in text
    assert row["secret"] == "set (hidden)"
    assert row["url"] == "https://hooks.slack.com/…"


def test_test_sends_a_signed_ping_and_reports_the_response(make_webhook, endpoint, capsys):
    make_webhook("ops", secret="k")

    call_command("webhooks", "test", "ops")

    assert "Delivered test event" in capsys.readouterr().out
    (request,) = endpoint.received()
    assert request.event == WebhookEvent.PING
    assert request.json["text"] == "netjobs test event for webhook ops"
    assert request.headers["x-netjobs-signature"].startswith("sha256=")


def test_test_fails_with_the_error_after_one_attempt(make_webhook, endpoint):
    make_webhook("ops")
    endpoint.statuses[:] = [500]

    with pytest.raises(CommandError, match="HTTP 500") as error:
        call_command("webhooks", "test", "ops")

    assert error.value.returncode == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    assert len(endpoint.received()) == 1


def test_test_of_an_unknown_webhook_is_an_error():
    with pytest.raises(CommandError, match="No webhook named"):
        call_command("webhooks", "test", "nope")


def test_deliver_once_sends_what_is_due_and_deliveries_shows_the_log(make_webhook, endpoint, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    webhook = make_webhook("ops")
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(webhook=webhook, event=WebhookEvent.PING, payload=ping_payload("ops")) for _ in range(3)]
    )

    call_command("webhooks", "deliver", "--once")
    assert "Attempted 3 deliveries: 3 delivered" in capsys.readouterr().out
    call_command("webhooks", "deliveries", "--json", "--status", "delivered")
    rows = json.loads(capsys.readouterr().out)

    assert len(endpoint.received()) == 3
    assert [row["last_status_code"] for row in rows] == [200, 200, 200]
    call_command("webhooks", "deliveries")
    assert "ping" in capsys.readouterr().out
