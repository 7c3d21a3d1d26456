"""The JSON bodies of webhook events, and the one-line `text` summary chat services display.

Built from the objects the signal carries, without queries, so receivers stay cheap. Only what the run row
already shows is included: the input is `task_kwargs` (sensitive values are redacted at submit time), never the
request metadata or the encrypted payload. Every body has a `text` key so Slack, Mattermost, Rocket.Chat and
Teams incoming webhooks show something readable without a translating relay.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from netjobs.events.choices import WebhookEvent
from netjobs.events.conf import base_url

if TYPE_CHECKING:
    from netjobs.jobs.models import JobLogEntry, JobResult

__all__ = [
    "MESSAGE_LIMIT",
    "RESULT_LIMIT",
    "encode",
    "log_payload",
    "ping_payload",
    "run_context",
    "run_payload",
    "run_url",
]

#: Characters of a log message sent; longer messages are cut and flagged `truncated`.
MESSAGE_LIMIT = 8000
#: Characters of a run's JSON return value sent; a longer one is replaced by its start, as a string.
RESULT_LIMIT = 4000
PAYLOAD_VERSION = 1

logger = logging.getLogger(__name__)


def encode(payload: dict[str, Any]) -> bytes:
    """The exact bytes POSTed — and signed. Compact, UTF-8, keys in a stable order."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def run_url(result: JobResult) -> str:
    """The run's page in the web UI (the admin page where the web UI is not installed), with NETJOBS_BASE_URL.

    Any URL conf problem only costs the link: an event without a link beats no event.
    """
    for resolve in (lambda: reverse("web:result", args=[result.pk]), result.get_absolute_url):
        try:
            return f"{base_url()}{resolve()}"
        except Exception:  # NoReverseMatch, or a URL conf that does not import
            logger.debug("No URL for run %s from %r", result.pk, resolve, exc_info=True)
    return ""


def _result_summary(value: Any) -> tuple[Any, bool]:
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) <= RESULT_LIMIT:
        return value, False
    return text[:RESULT_LIMIT], True


def run_context(result: JobResult) -> dict[str, Any]:
    """What every event says about its run."""
    summary, truncated = _result_summary(result.result)
    duration = result.duration
    return {
        "id": result.pk,
        "class_path": result.job_class_path,
        "job_definition_id": result.job_definition_id,
        "name": result.name,
        "status": result.status,
        "user": result.user_name or None,
        "commit": result.commit,
        "queue": result.queue,
        "worker": result.worker,
        "created": _iso(result.created),
        "started": _iso(result.started),
        "finished": _iso(result.finished),
        "duration_s": round(duration.total_seconds(), 3) if duration is not None else None,
        "url": run_url(result),
        "input": result.task_kwargs or {},
        "result": summary,
        "result_truncated": truncated,
        "error": result.error,
        "log_counts": result.log_counts or {},
        "comment": result.comment,
        "ticket_ref": result.ticket_ref,
        "scheduled_by": result.scheduled_by,
        "parent_result_id": result.parent_result_id,
    }


def _envelope(event: str, text: str, **body: Any) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "event": event,
        "event_id": uuid.uuid4().hex,
        "occurred": timezone.now().isoformat(),
        "text": text,
        **body,
    }


def _run_label(result: JobResult) -> str:
    return f"{result.name} (run {result.pk})"


def run_payload(event: str, result: JobResult) -> dict[str, Any]:
    context = run_context(result)
    if event == WebhookEvent.RUN_STARTED:
        by = f" by {result.user_name}" if result.user_name else ""
        text = f"{_run_label(result)} started{by}"
    else:
        took = f" in {context['duration_s']:.1f}s" if context["duration_s"] is not None else ""
        counts = result.log_counts or {}
        noted = [f"{counts[level]} {level}" for level in ("failure", "warning") if counts.get(level)]
        text = f"{_run_label(result)} {result.status}{took}" + (f" ({', '.join(noted)})" if noted else "")
        if result.error:
            text += f": {result.error}"
    if context["url"]:
        text += f" {context['url']}"
    return _envelope(event, text, run=context)


def log_payload(result: JobResult, entry: JobLogEntry, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """A log_entry body; pass `context` (from `run_context`) when building many for one run."""
    message = entry.message or ""
    truncated = len(message) > MESSAGE_LIMIT
    log = {
        "id": entry.pk,
        "created": _iso(entry.created),
        "level": entry.log_level,
        "grouping": entry.grouping,
        "message": message[:MESSAGE_LIMIT],
        "truncated": truncated,
        "object": (
            {
                "display": entry.log_object,
                "content_type_id": entry.object_type_id,
                "id": entry.object_id or None,
                "url": f"{base_url()}{entry.absolute_url}" if entry.absolute_url else "",
            }
            if entry.log_object
            else None
        ),
    }
    about = f" [{entry.log_object}]" if entry.log_object else ""
    first_line = message.strip().splitlines()[0] if message.strip() else ""
    text = f"{entry.log_level.upper()} {_run_label(result)}{about}: {first_line[:500]}"
    return _envelope(WebhookEvent.LOG_ENTRY, text, run=context or run_context(result), log=log)


def ping_payload(webhook_name: str) -> dict[str, Any]:
    return _envelope(WebhookEvent.PING, f"netjobs test event for webhook {webhook_name}", webhook=webhook_name)
