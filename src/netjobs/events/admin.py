"""Django admin for webhooks, e-mail subscriptions and the delivery log (the full UI is netjobs.web).

Deliveries are read-only: they are the log of what was sent. "Retry now" puts failed ones back in the outbox.
The webhook secret is write-only everywhere; lists show only the host of a URL, which may embed a token.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from netjobs.events import service
from netjobs.events.choices import DeliveryStatus, WebhookEvent
from netjobs.events.forms import RunNotificationForm, WebhookForm
from netjobs.events.models import EmailDelivery, RunNotification, Webhook, WebhookDelivery
from netjobs.events.payloads import ping_payload


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("name", "enabled", "url_host", "event_list", "job_filter", "secret_state", "max_attempts")
    list_filter = ("enabled",)
    search_fields = ("name", "description")
    actions = ["send_test_event", "enable", "disable"]

    @admin.display(description="URL")
    def url_host(self, obj: Webhook) -> str:
        return obj.url_display()

    @admin.display(description="Events")
    def event_list(self, obj: Webhook) -> str:
        events = ", ".join(obj.events)
        return f"{events} (≥ {obj.min_log_level})" if WebhookEvent.LOG_ENTRY in obj.events else events

    @admin.display(description="Jobs")
    def job_filter(self, obj: Webhook) -> str:
        return ", ".join(map(str, obj.jobs)) or "all"

    @admin.display(description="Secret")
    def secret_state(self, obj: Webhook) -> str:
        return obj.secret_hint() or "-"

    @admin.action(description="Send a test event (delivered by a worker)")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(webhook=w, event=WebhookEvent.PING, payload=ping_payload(w.name)) for w in queryset]
        )
        service.wake()
        self.message_user(request, "Test events queued; see Webhook deliveries for the responses.")

    @admin.action(description="Enable")
    def enable(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for webhook in queryset:  # save(), not update(): the change must reach this process's cache
            webhook.enabled = True
            webhook.save(update_fields=["enabled", "last_updated"])

    @admin.action(description="Disable")
    def disable(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for webhook in queryset:
            webhook.enabled = False
            webhook.save(update_fields=["enabled", "last_updated"])


@admin.register(RunNotification)
class RunNotificationAdmin(admin.ModelAdmin):
    form = RunNotificationForm
    list_display = ("name", "enabled", "when", "recipient_list", "job_filter")
    list_filter = ("enabled", "when")
    search_fields = ("name",)

    @admin.display(description="Recipients")
    def recipient_list(self, obj: RunNotification) -> str:
        extra = ["the run's user"] if obj.notify_run_user else []
        return ", ".join([*obj.emails, *obj.usernames, *extra])

    @admin.display(description="Jobs")
    def job_filter(self, obj: RunNotification) -> str:
        return ", ".join(map(str, obj.jobs)) or "all"


class _DeliveryAdmin(admin.ModelAdmin):
    """Shared by both delivery logs: read-only rows, and a retry action."""

    list_filter = ("status",)
    date_hierarchy = "created"
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Rows are read-only in the form, but re-queueing them is a change: it needs the change permission.
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description="Retry now (failed or pending deliveries)", permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        retried = queryset.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING]).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), finished=None
        )
        service.wake()
        self.message_user(request, f"{retried} deliveries queued again.", messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(_DeliveryAdmin):
    list_display = ("id", "webhook", "event", "job_result_id", "status", "attempts", "last_status_code", "created")
    list_filter = ("status", "event", "webhook")
    search_fields = ("=job_result_id", "last_error")
    list_select_related = ("webhook",)


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(_DeliveryAdmin):
    list_display = ("id", "notification", "job_result_id", "status", "attempts", "subject", "created")
    list_filter = ("status", "notification")
    search_fields = ("=job_result_id", "subject")
    list_select_related = ("notification",)
