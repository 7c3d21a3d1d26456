"""`netjobs webhooks list|deliveries|deliver|test <name>`."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone
from rich.markup import escape
from rich.table import Table

from netjobs.events import delivery
from netjobs.events.choices import DeliveryStatus, WebhookEvent
from netjobs.events.models import Webhook, WebhookDelivery
from netjobs.events.payloads import ping_payload
from netjobs.events.service import DeliveryService
from netjobs.jobs.console import dump_json, make_console

STATUS_STYLES = {"delivered": "green", "failed": "bold red", "pending": "yellow", "delivering": "blue"}


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # start fast: `netjobs check` runs them
    help = "List webhooks and their delivery log, send due deliveries, or send a test event to one webhook."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Webhooks, their events, filters and delivery counts").add_argument(
            "--json", action="store_true"
        )
        log = sub.add_parser("deliveries", help="The delivery log, newest first")
        log.add_argument("--webhook", help="Only this webhook (name)")
        log.add_argument("--status", choices=DeliveryStatus.values)
        log.add_argument("--limit", type=int, default=20)
        log.add_argument("--json", action="store_true")
        deliver = sub.add_parser("deliver", help="Send due deliveries (webhooks and e-mail) until stopped")
        deliver.add_argument("--once", action="store_true", help="Send what is due now, then exit")
        test = sub.add_parser("test", help="Send a test (ping) event to a webhook now and show the response")
        test.add_argument("name")
        test.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # --- list ---------------------------------------------------------------------------------------------------
    def _list(self, options: dict[str, Any]) -> None:
        webhooks = Webhook.objects.annotate(
            pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )
        rows = [
            {
                "name": w.name,
                "enabled": w.enabled,
                "url": w.url_display(),
                "events": w.events,
                "min_log_level": w.min_log_level,
                "jobs": w.jobs,
                "secret": w.secret_hint(),
                "headers": sorted(w.http_headers or {}),
                "max_attempts": w.max_attempts,
                "pending": w.pending,
                "failed": w.failed,
            }
            for w in webhooks
        ]
        if options["json"]:
            self.stdout.write(dump_json(rows))
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("Name", "On", "URL", "Events", "Jobs", "Secret", "Pending", "Failed"):
            table.add_column(column)
        for row in rows:
            events = ", ".join(row["events"])
            if "log_entry" in row["events"]:
                events += f" (≥ {row['min_log_level']})"
            table.add_row(
                escape(row["name"]),
                "yes" if row["enabled"] else "[dim]no[/dim]",
                escape(row["url"]),
                escape(events),
                escape(", ".join(map(str, row["jobs"])) or "all"),
                escape(row["secret"] or "-"),
                str(row["pending"]),
                f"[red]{row['failed']}[/red]" if row["failed"] else "0",
            )
        make_console().print(table if rows else "No webhooks are configured (add them in the admin).")

    # --- deliveries ---------------------------------------------------------------------------------------------
    def _deliveries(self, options: dict[str, Any]) -> None:
        deliveries = WebhookDelivery.objects.select_related("webhook")
        if options["webhook"]:
            deliveries = deliveries.filter(webhook__name=options["webhook"])
        if options["status"]:
            deliveries = deliveries.filter(status=options["status"])
        rows = list(deliveries.order_by("-id")[: max(1, options["limit"])])
        if options["json"]:
            self.stdout.write(dump_json([_delivery_dict(d) for d in rows]))
            return
        table = Table(show_edge=False, header_style="bold")
        for column in ("Id", "Webhook", "Event", "Run", "Status", "Tries", "HTTP", "Last error", "Created"):
            table.add_column(column)
        for d in rows:
            style = STATUS_STYLES.get(d.status, "white")
            table.add_row(
                str(d.pk),
                escape(d.webhook.name),
                d.event,
                str(d.job_result_id or "-"),
                f"[{style}]{d.status}[/{style}]",
                str(d.attempts),
                str(d.last_status_code or "-"),
                escape(d.last_error[:60]),
                f"{timezone.localtime(d.created):%Y-%m-%d %H:%M:%S}",
            )
        make_console().print(table if rows else "No deliveries.")

    # --- deliver ------------------------------------------------------------------------------------------------
    def _deliver(self, options: dict[str, Any]) -> None:
        if options["once"]:
            total: dict[str, int] = {}
            while outcome := delivery.deliver_due():
                for status, count in outcome.items():
                    total[status] = total.get(status, 0) + count
            summary = ", ".join(f"{count} {status}" for status, count in sorted(total.items()))
            self.stdout.write(f"Attempted {sum(total.values())} deliveries" + (f": {summary}" if summary else ""))
            return
        service = DeliveryService("cli")

        def _stop(signum: int, frame: Any) -> None:
            service.stopping.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.stdout.write("Sending deliveries; stop with Ctrl-C or SIGTERM")
        service.start()
        while service.running and not service.stopping.wait(0.5):
            pass
        service.stop()

    # --- test ---------------------------------------------------------------------------------------------------
    def _test(self, options: dict[str, Any]) -> None:
        webhook = Webhook.objects.filter(name=options["name"]).first()
        if webhook is None:
            raise CommandError(f"No webhook named {options['name']!r}", returncode=3)
        row = WebhookDelivery.objects.create(
            webhook=webhook, event=WebhookEvent.PING, payload=ping_payload(webhook.name)
        )
        claimed = delivery.claim(WebhookDelivery, now=timezone.now(), ids=[row.pk])
        if not claimed:  # a delivery thread was faster: it sends the ping
            self.stdout.write(f"Queued test delivery {row.pk}; a running worker is sending it")
            return
        # A test is one attempt: show what happened instead of retrying behind the operator's back.
        claimed[0].webhook.max_attempts = 1
        delivery.deliver(claimed)
        sent = claimed[0]
        if options["json"]:
            self.stdout.write(dump_json(_delivery_dict(sent)))
        elif sent.status == DeliveryStatus.DELIVERED:
            self.stdout.write(
                f"Delivered test event to {webhook.url_display()}: HTTP {sent.last_status_code} "
                f"in {sent.last_duration_ms} ms"
            )
        if sent.status != DeliveryStatus.DELIVERED:
            raise CommandError(f"Test delivery to {webhook.url_display()} failed: {sent.last_error}", returncode=1)


def _delivery_dict(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.pk,
        "webhook": d.webhook.name,
        "event": d.event,
        "job_result_id": d.job_result_id,
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": d.next_attempt_at,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "last_response": d.last_response,
        "last_duration_ms": d.last_duration_ms,
        "created": d.created,
        "finished": d.finished,
    }
