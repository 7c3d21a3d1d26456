"""The delivery engine against a real local HTTP server: retries, back-off, give-up, claims and leases."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from netjobs.events import delivery
from netjobs.events.choices import DeliveryStatus, WebhookEvent
from netjobs.events.delivery import backoff_s, claim, deliver_due, purge_finished, record
from netjobs.events.models import WebhookDelivery
from netjobs.events.payloads import ping_payload
from netjobs.events.sending import Attempt
from netjobs.jobs.tests.support import both_databases, runs_jobs

pytestmark = both_databases
HOUR = timedelta(hours=1)


def _queue(webhook, count: int = 1) -> list[WebhookDelivery]:
    return WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(webhook=webhook, event=WebhookEvent.PING, payload=ping_payload(webhook.name))
            for _ in range(count)
        ]
    )


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def _passes(count: int, step: timedelta = HOUR) -> None:
    """Run `count` delivery passes, the clock an hour apart (well past any back-off)."""
    now = timezone.now()
    for number in range(count):
        deliver_due(now=now + number * step)


def test_retries_after_http_500s_until_the_endpoint_accepts(make_webhook, endpoint):
    (row,) = _queue(make_webhook(secret="k"))
    endpoint.statuses[:] = [500, 503]

    _passes(4)

    row.refresh_from_db()
    assert row.status == DeliveryStatus.DELIVERED
    assert row.attempts == 3
    assert [a["status_code"] for a in row.attempt_log] == [500, 503, 200]
    assert row.last_status_code == 200
    assert row.last_response == '{"ok": true}'
    assert row.last_error == ""
    assert row.finished is not None
    requests = endpoint.received()
    assert [r.headers["x-netjobs-attempt"] for r in requests] == ["1", "2", "3"]
    assert {r.headers["x-netjobs-delivery"] for r in requests} == {str(row.pk)}
    assert len({r.body for r in requests}) == 1
    assert len({r.headers["x-netjobs-signature"] for r in requests}) == 1


def test_gives_up_after_max_attempts(make_webhook, endpoint):
    (row,) = _queue(make_webhook(max_attempts=3))
    endpoint.statuses[:] = [500] * 10

    _passes(6)

    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == 3
    assert row.last_status_code == 500
    assert row.last_error == "HTTP 500 Internal Server Error"
    assert len(endpoint.received()) == 3


def test_a_failed_attempt_waits_for_its_back_off(make_webhook, endpoint, settings):
    settings.NETJOBS_WEBHOOK_BACKOFF = 60.0
    settings.NETJOBS_WEBHOOK_BACKOFF_MAX = 600.0
    (row,) = _queue(make_webhook())
    endpoint.statuses[:] = [500]
    now = timezone.now()

    deliver_due(now=now)
    deliver_due(now=now + timedelta(seconds=29))

    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING
    assert row.attempts == 1
    assert now + timedelta(seconds=30) <= row.next_attempt_at <= now + timedelta(seconds=60)
    assert len(endpoint.received()) == 1


def test_a_client_error_is_not_retried(make_webhook, endpoint):
    (row,) = _queue(make_webhook())
    endpoint.statuses[:] = [404]

    _passes(3)

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == (DeliveryStatus.FAILED, 1, 404)


def test_too_many_requests_honours_retry_after(make_webhook, endpoint, settings):
    settings.NETJOBS_WEBHOOK_BACKOFF_MAX = 3600.0
    (row,) = _queue(make_webhook())
    endpoint.statuses[:] = [429]
    endpoint.headers["Retry-After"] = "120"
    now = timezone.now()

    deliver_due(now=now)

    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING
    assert row.next_attempt_at >= now + timedelta(seconds=120)


def test_a_redirect_is_reported_not_followed(make_webhook, endpoint):
    (row,) = _queue(make_webhook())
    endpoint.statuses[:] = [302]
    endpoint.headers["Location"] = "http://example.invalid/elsewhere"

    deliver_due()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert "redirects are not followed" in row.last_error
    assert len(endpoint.received()) == 1


def test_a_refused_connection_is_recorded_and_retried(make_webhook):
    (row,) = _queue(make_webhook(url=_closed_port_url()))

    deliver_due()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING
    assert row.attempts == 1
    assert row.last_status_code is None
    assert row.last_error.startswith("cannot connect")


def test_an_unreachable_endpoint_costs_one_attempt_per_batch_and_does_not_hold_up_others(make_webhook, endpoint):
    dead = _queue(make_webhook("dead", url=_closed_port_url()), 3)
    (alive,) = _queue(make_webhook("alive"))

    deliver_due()

    attempts = [WebhookDelivery.objects.get(pk=row.pk).attempts for row in dead]
    assert attempts == [1, 0, 0]
    assert set(WebhookDelivery.objects.filter(webhook__name="dead").values_list("status", flat=True)) == {"pending"}
    assert WebhookDelivery.objects.get(pk=alive.pk).status == DeliveryStatus.DELIVERED


def test_a_secret_that_no_longer_decrypts_fails_the_delivery_without_sending(make_webhook, endpoint, settings):
    (row,) = _queue(make_webhook(secret="k"))
    settings.SECRET_KEY = "rotated-" + settings.SECRET_KEY

    deliver_due()

    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert "SECRET_KEY" in row.last_error
    assert endpoint.received() == []


def test_back_off_doubles_with_jitter_up_to_the_cap(settings):
    settings.NETJOBS_WEBHOOK_BACKOFF = 10.0
    settings.NETJOBS_WEBHOOK_BACKOFF_MAX = 100.0

    for attempts, nominal in [(1, 10.0), (2, 20.0), (3, 40.0), (4, 80.0), (5, 100.0), (12, 100.0)]:
        delays = [backoff_s(attempts) for _ in range(50)]
        assert all(nominal / 2 <= d <= nominal for d in delays)
        assert len(set(delays)) > 1


def test_a_delivery_whose_sender_died_is_claimed_again_after_its_lease(make_webhook, endpoint, settings):
    settings.NETJOBS_WEBHOOK_LEASE = 300.0
    _queue(make_webhook())
    now = timezone.now()
    assert claim(WebhookDelivery, now=now)  # ... and the claiming process dies here

    assert deliver_due(now=now + timedelta(seconds=299)).total() == 0
    assert deliver_due(now=now + timedelta(seconds=301))["delivered"] == 1
    assert len(endpoint.received()) == 1


def test_a_sender_whose_lease_ran_out_cannot_overwrite_the_new_senders_outcome(make_webhook, endpoint):
    (row,) = _queue(make_webhook())
    now = timezone.now()
    (stale,) = claim(WebhookDelivery, now=now)
    deliver_due(now=now + timedelta(days=1))

    record(stale, Attempt(ok=False, error="late failure"), now=now)

    row.refresh_from_db()
    assert row.status == DeliveryStatus.DELIVERED
    assert row.last_error == ""


def test_purge_deletes_only_old_finished_deliveries(make_webhook, endpoint):
    webhook = make_webhook()
    old_done, old_failed, recent_done, pending = _queue(webhook, 4)
    long_ago = timezone.now() - timedelta(days=40)
    WebhookDelivery.objects.filter(pk=old_done.pk).update(status="delivered", finished=long_ago)
    WebhookDelivery.objects.filter(pk=old_failed.pk).update(status="failed", finished=long_ago)
    WebhookDelivery.objects.filter(pk=recent_done.pk).update(status="delivered", finished=timezone.now())
    WebhookDelivery.objects.filter(pk=pending.pk).update(created=long_ago)

    assert purge_finished(older_than=timedelta(days=30)) == 2

    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {recent_done.pk, pending.pk}


def test_seconds_until_due_looks_at_pending_deliveries_only(make_webhook, endpoint):
    webhook = make_webhook()
    assert delivery.seconds_until_due() is None
    (row,) = _queue(webhook)
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=now + timedelta(seconds=30))

    assert 29 <= delivery.seconds_until_due(now) <= 30


@runs_jobs
def test_four_concurrent_senders_send_each_delivery_exactly_once(make_webhook, endpoint):
    rows = _queue(make_webhook(), 120)
    _queue(make_webhook("second"), 120)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sender() -> None:
        try:
            start.wait()
            while deliver_due(limit=10, concurrency=2).total():
                pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    sent = Counter(r.headers["x-netjobs-delivery"] for r in endpoint.received())
    assert len(sent) == 240
    assert set(sent.values()) == {1}
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert str(rows[0].pk) in sent


@pytest.mark.parametrize("status", [200, 201, 202, 204])
def test_any_2xx_is_success(make_webhook, endpoint, status):
    (row,) = _queue(make_webhook())
    endpoint.statuses[:] = [status]

    deliver_due()

    row.refresh_from_db()
    assert (row.status, row.last_status_code) == (DeliveryStatus.DELIVERED, status)
