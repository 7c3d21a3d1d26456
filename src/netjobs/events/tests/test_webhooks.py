"""Runs of real jobs produce webhook events that arrive, signed, at a real local HTTP server."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from netjobs.events.choices import DeliveryStatus
from netjobs.events.delivery import deliver_due
from netjobs.events.models import Webhook, WebhookDelivery
from netjobs.events.receivers import on_log_flushed, subscriptions
from netjobs.jobs.choices import JobResultStatus
from netjobs.jobs.models import JobDefinition
from netjobs.jobs.tests.support import runs_jobs

pytestmark = runs_jobs


def _expected_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_run_started_and_finished_arrive_signed_with_custom_headers(run_job, make_webhook, endpoint, settings):
    settings.NETJOBS_BASE_URL = "https://netjobs.example.net/"
    make_webhook(
        events=["run_started", "run_finished"],
        secret="s3cr3t-value",
        http_headers={"Authorization": "Bearer abc", "X-Team": "neteng"},
    )

    result = run_job("Quiet")
    assert deliver_due()["delivered"] == 2

    started, finished = endpoint.received()
    assert (started.event, finished.event) == ("run_started", "run_finished")
    for request in (started, finished):
        assert request.path == "/hooks/netjobs?team=neteng"
        assert request.headers["x-netjobs-signature"] == _expected_signature("s3cr3t-value", request.body)
        assert request.headers["authorization"] == "Bearer abc"
        assert request.headers["x-team"] == "neteng"
        assert request.headers["content-type"].startswith("application/json")
    assert finished.json["run"]["id"] == result.pk
    assert finished.json["run"]["status"] == JobResultStatus.COMPLETED
    assert finished.json["run"]["class_path"] == "local/notifying/Quiet"
    assert finished.json["run"]["result"] == "ok"
    assert finished.json["run"]["duration_s"] is not None
    assert finished.json["run"]["url"].startswith("https://netjobs.example.net/")
    assert f"/{result.pk}/" in finished.json["run"]["url"]
    assert finished.json["text"].endswith(finished.json["run"]["url"])
    assert started.json["run"]["status"] == JobResultStatus.RUNNING
    assert "Quiet (run" in finished.json["text"]
    assert started.json["event_id"] != finished.json["event_id"]


def test_a_tampered_body_does_not_verify(run_job, make_webhook, endpoint):
    make_webhook(events=["run_finished"], secret="k")
    run_job("Quiet")
    deliver_due()

    (request,) = endpoint.received()
    assert request.headers["x-netjobs-signature"] != _expected_signature("k", request.body + b" ")
    assert request.headers["x-netjobs-signature"] != _expected_signature("other key", request.body)


def test_without_a_secret_no_signature_header_is_sent(run_job, make_webhook, endpoint):
    make_webhook(events=["run_finished"])
    run_job("Quiet")
    deliver_due()

    (request,) = endpoint.received()
    assert "x-netjobs-signature" not in request.headers
    assert request.headers["x-netjobs-delivery"].isdigit()


def test_an_env_reference_secret_signs_with_the_variable_of_the_sending_process(
    run_job, make_webhook, endpoint, monkeypatch
):
    monkeypatch.setenv("OPS_WEBHOOK_SECRET", "from-the-vault")
    make_webhook(events=["run_finished"], secret="env:OPS_WEBHOOK_SECRET")
    run_job("Quiet")
    deliver_due()

    (request,) = endpoint.received()
    assert request.headers["x-netjobs-signature"] == _expected_signature("from-the-vault", request.body)


def test_log_entries_at_or_above_the_threshold_are_sent_with_their_run(run_job, make_webhook, endpoint):
    make_webhook(events=["log_entry"], min_log_level="warning")

    result = run_job("Chatty")
    deliver_due()

    requests = endpoint.received("log_entry")
    assert [r.json["log"]["message"] for r in requests] == [
        "Contract C-1 expires in 10 days",
        "Interface ge-0/0/1 is down",
    ]
    first, second = (r.json for r in requests)
    assert first["log"]["level"] == "warning"
    assert first["log"]["grouping"] == "run"
    assert second["log"]["grouping"] == "interfaces"
    assert first["run"]["id"] == result.pk
    assert first["run"]["class_path"] == "local/notifying/Chatty"
    assert first["text"].startswith("WARNING Chatty (run")
    assert first["text"].endswith("Contract C-1 expires in 10 days")


def test_a_failure_threshold_ignores_warnings(run_job, make_webhook, endpoint):
    make_webhook(events=["log_entry"], min_log_level="failure")

    run_job("Chatty")
    run_job("Fails")
    deliver_due()

    assert [r.json["log"]["message"] for r in endpoint.received()] == ["Device rtr-1 is unreachable"]


def test_a_debug_threshold_sends_every_line(run_job, make_webhook, endpoint):
    make_webhook(events=["log_entry"], min_log_level="debug")
    run_job("Chatty")
    deliver_due()

    assert [r.json["log"]["level"] for r in endpoint.received()] == ["debug", "info", "success", "warning", "warning"]


@pytest.mark.parametrize(
    "job_filter",
    [["local/notifying/Chatty"], ["local/notifying/Ch*"], ["local/other/*", "local/notifying/Chatty"]],
    ids=["class path", "pattern", "one of several"],
)
def test_a_job_filter_by_class_path_sends_only_that_jobs_events(run_job, make_webhook, endpoint, job_filter):
    make_webhook(events=["run_finished"], jobs=job_filter)

    run_job("Quiet")
    chatty = run_job("Chatty")
    deliver_due()

    assert [r.json["run"]["id"] for r in endpoint.received()] == [chatty.pk]


def test_a_job_filter_by_definition_id_sends_only_that_jobs_events(run_job, make_webhook, endpoint):
    run_job("Quiet")  # syncs the definitions
    quiet = JobDefinition.objects.get(class_path="local/notifying/Quiet")
    make_webhook(events=["run_finished"], jobs=[quiet.pk])

    run_job("Chatty")
    second_quiet = run_job("Quiet")
    deliver_due()

    assert [r.json["run"]["id"] for r in endpoint.received()] == [second_quiet.pk]


def test_a_disabled_webhook_gets_no_deliveries(run_job, make_webhook, endpoint):
    make_webhook(enabled=False)

    run_job("Chatty")

    assert deliver_due().total() == 0
    assert not WebhookDelivery.objects.exists()
    assert endpoint.received() == []


def test_disabling_a_webhook_stops_its_queued_deliveries(run_job, make_webhook, endpoint):
    webhook = make_webhook(events=["run_finished"])
    run_job("Quiet")
    webhook.enabled = False
    webhook.save()

    deliver_due()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "disabled" in delivery.last_error
    assert endpoint.received() == []


def test_every_matching_webhook_gets_its_own_delivery_of_the_same_event(run_job, make_webhook, endpoint):
    make_webhook("chat", events=["run_finished"])
    make_webhook("pager", events=["run_finished"], http_headers={"X-Route": "pager"})

    run_job("Quiet")
    deliver_due()

    chat, pager = sorted(endpoint.received(), key=lambda r: "x-route" in r.headers)
    assert chat.json["event_id"] == pager.json["event_id"]
    assert pager.headers["x-route"] == "pager"
    assert "x-route" not in chat.headers


def test_a_flood_of_log_lines_is_capped_per_run_and_webhook(run_job, make_webhook, endpoint):
    make_webhook(events=["log_entry"], max_log_events_per_run=5)

    run_job("Floods", {"count": 40})
    run_job("Floods", {"count": 3})

    assert WebhookDelivery.objects.count() == 5 + 3
    deliver_due()
    assert len(endpoint.received()) == 8


def test_sensitive_input_never_appears_in_a_payload(run_job, make_webhook, endpoint):
    make_webhook(events=["run_started", "run_finished", "log_entry"])

    run_job("WithSecret", {"device": "rtr-1", "password": "hunter2-very-secret"})
    deliver_due()

    assert len(endpoint.received()) == 3
    for request in endpoint.received():
        assert b"hunter2-very-secret" not in request.body
        assert request.json["run"]["input"]["device"] == "rtr-1"
        assert request.json["run"]["input"]["password"] == "********"


def test_with_no_webhook_a_log_flush_costs_no_query(run_job, django_assert_max_num_queries):
    result = run_job("Chatty")
    entries = list(result.logs.all())
    subscriptions.get()  # the cache is warm in a worker that has run anything

    with django_assert_max_num_queries(0, using="jobs"):
        on_log_flushed(sender=None, result=result, entries=entries)

    assert not WebhookDelivery.objects.exists()


PAGERDUTY_TEMPLATE = """{
  "routing_key": "R0UTING",
  "event_action": "trigger",
  "dedup_key": "netjobs-{{ run.id }}-{{ log.id }}",
  "payload": {
    "summary": {{ text|tojson }},
    "source": "netjobs",
    "severity": {% if log.level == "failure" %}"error"{% else %}"warning"{% endif %},
    "custom_details": {"job": {{ run.class_path|tojson }}, "object": {{ log.object.display|default:""|tojson }}}
  }
}"""


def test_a_body_template_shapes_the_json_and_the_signature_covers_what_was_sent(run_job, make_webhook, endpoint):
    make_webhook(events=["log_entry"], min_log_level="warning", body_template=PAGERDUTY_TEMPLATE, secret="k")

    result = run_job("Fails")
    deliver_due()

    warning, failure = endpoint.received()
    assert failure.json["payload"]["severity"] == "error"
    assert warning.json["payload"]["severity"] == "warning"
    assert failure.json["payload"]["summary"].endswith("Device rtr-1 is unreachable")
    assert failure.json["payload"]["custom_details"]["job"] == "local/notifying/Fails"
    assert failure.json["dedup_key"].startswith(f"netjobs-{result.pk}-")
    assert failure.headers["x-netjobs-signature"] == _expected_signature("k", failure.body)


def test_a_body_template_that_renders_invalid_json_fails_the_delivery_without_sending(run_job, make_webhook, endpoint):
    make_webhook(events=["run_finished"], body_template='{"text": {{ text }}}')  # forgot |tojson

    run_job("Quiet")
    deliver_due()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "did not render valid JSON" in delivery.last_error
    assert endpoint.received() == []


def test_a_webhook_deleted_by_another_process_does_not_cost_the_others_their_events(
    run_job, make_webhook, endpoint, monkeypatch
):
    gone = make_webhook("gone", events=["run_finished"])
    make_webhook("kept", events=["run_finished"])
    subscriptions.get()  # this worker's cache still holds "gone" ...
    Webhook.objects.filter(pk=gone.pk)._raw_delete("jobs")  # ... which another process deletes (no signal here)
    invalidations: list[bool] = []
    original = subscriptions.invalidate
    monkeypatch.setattr(subscriptions, "invalidate", lambda *a, **k: invalidations.append(True) or original())

    run_job("Quiet")
    deliver_due()

    assert invalidations, "the insert should have failed on the deleted webhook and re-read the cache"
    assert list(WebhookDelivery.objects.values_list("webhook__name", flat=True)) == ["kept"]
    assert len(endpoint.received()) == 1
